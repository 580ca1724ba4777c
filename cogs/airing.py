"""`/airing`: this week's Korean episodes, a show's next episode, and followed shows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.airing_pager import DayPager
from cogs.announce._checks import check_channel, check_role
from cogs.locale import lang_of
from cogs.replies import reply
from core.airing import (
    DEFAULT_ZONE,
    LIST_DAYS,
    LISTED_KINDS,
    MAX_FOLLOWS,
    day_bounds,
    echo,
    parse_day,
)
from core.announce import parse_timezone, timezone_suggestions
from core.errors import UserError
from core.i18n import deferred_plural
from core.locales import NATIVE_NAMES, SUPPORTED
from core.text import clip
from db.airing_follows import KEEP
from db.announce import AnnouncementRepository
from render.airing import day_pages, next_embed
from render.airing_follows import FollowLine, follow_reply, following_embed, status_line
from render.i18n import Lang
from render.limits import CHOICE_NAME, CHOICES
from render.shows import safe

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]
MAX_PLATFORM = 40
SERVER_LANGUAGE = "server"
LANGUAGE_CHOICES = [
    app_commands.Choice(name="The server's language", value=SERVER_LANGUAGE),
    *(app_commands.Choice(name=NATIVE_NAMES[tag], value=tag) for tag in SUPPORTED),
]


def day_words(lang: Lang) -> list[str]:
    """The member's own words for today and tomorrow in `/airing day` (English's work too)."""
    return [
        # Translators: the word members type for this day (matched whatever its case).
        lang.pgettext("a day typed in /airing day", "today"),
        # Translators: the word members type for this day (matched whatever its case).
        lang.pgettext("a day typed in /airing day", "tomorrow"),
    ]


def is_console(interaction: discord.Interaction[Any]) -> bool:
    return bool(getattr(interaction, "is_console", False))


def chosen_language(value: str) -> str | None:
    """The `language` option's value → a follow's language (None: the server's)."""
    return None if value == SERVER_LANGUAGE else value


def require_manage_server(interaction: discord.Interaction[Any]) -> None:
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise app_commands.MissingPermissions(["manage_guild"])


@app_commands.guild_only()
class AiringCog(
    commands.GroupCog,
    group_name="airing",
    group_description="Korean episodes this week, and posts when followed shows air",
):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        super().__init__()

    async def zone_for(self, guild_id: int | None, text: str | None) -> str:
        """The zone whose calendar day is listed: the one asked for, else the zone the
        server chose for its announcements, else Korea's (the broadcasters' day)."""
        if text is not None and text.strip():
            try:
                return parse_timezone(text)
            except UserError:
                raise UserError(
                    "“{zone}” is not a time zone I know. Use an IANA name such as Asia/Seoul, "
                    "America/New_York or Asia/Kolkata (the suggestions list them).",
                    zone=echo(text),
                ) from None
        if guild_id is not None:
            chosen = await AnnouncementRepository(self.bot.db).timezone_of_guild(guild_id)
            if chosen:
                return chosen
        return DEFAULT_ZONE

    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        found = await self.bot.airing.schedule.find(current[:100], limit=CHOICES)
        return [
            app_commands.Choice(
                name=clip(f"{s.name} ({s.network})" if s.network else s.name, CHOICE_NAME),
                value=str(s.ref),
            )
            for s in found
        ]

    async def timezone_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> Choices:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]

    async def day_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """The next LIST_DAYS days, named in the member's language, in the zone asked for."""
        lang = await lang_of(interaction)
        typed = getattr(interaction.namespace, "timezone", None)
        try:
            zone_name = await self.zone_for(interaction.guild_id, typed)
            today = parse_day(None, self.bot.airing.clock(), zone_name)
        except UserError:
            return []
        wanted = current.strip().casefold()
        words = day_words(lang)
        choices = []
        for offset in range(LIST_DAYS):
            day = today + dt.timedelta(days=offset)
            name = lang.full_date(day)
            if offset < len(words):
                name = lang.gettext("{word}: {date}", word=words[offset], date=name)
            if wanted in name.casefold() or wanted in day.isoformat():
                choices.append(
                    app_commands.Choice(name=clip(name, CHOICE_NAME), value=day.isoformat())
                )
        return choices

    async def follow_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        wanted = current.strip().casefold()
        follows = await self.bot.airing.follows.in_guild(interaction.guild_id)
        return [
            app_commands.Choice(name=clip(f"{f.show.name} · #{f.id}", CHOICE_NAME), value=str(f.id))
            for f in follows
            if wanted in f.show.name.casefold()
        ][:CHOICES]

    async def _list(
        self,
        interaction: discord.Interaction[Any],
        day_text: str | None,
        platform: str | None,
        timezone: str | None,
    ) -> None:
        if platform is not None and len(platform.strip()) > MAX_PLATFORM:
            raise UserError(
                deferred_plural(
                    "A platform name is at most {count} character (tvN, Netflix).",
                    "A platform name is at most {count} characters (tvN, Netflix).",
                    MAX_PLATFORM,
                    count=MAX_PLATFORM,
                )
            )
        lang = await lang_of(interaction)
        zone_name = await self.zone_for(interaction.guild_id, timezone)
        at = self.bot.airing.clock()
        day = parse_day(
            day_text,
            at,
            zone_name,
            words={word: offset for offset, word in enumerate(day_words(lang))},
            weekdays=lang.weekday_names(),
        )
        start, end = day_bounds(day, zone_name)
        episodes = await self.bot.airing.schedule.between(start, end, platform=platform)
        listed = [e for e in episodes if e.show.kind in LISTED_KINDS]
        shown = (platform or "").strip() or None
        pages = day_pages(listed, day, zone_name, lang, platform=shown)
        if len(pages) == 1:
            await reply(interaction, embed=pages[0])
            return
        view = DayPager(interaction.user.id, pages, lang)
        await reply(interaction, embed=pages[0], view=view)

    @app_commands.command(name="today", description="Korean episodes airing today")
    @app_commands.describe(
        platform="Only one network or service, e.g. tvN or Netflix",
        timezone="Whose day, e.g. Asia/Seoul (default: the server's announcement zone or Korea)",
    )
    @app_commands.autocomplete(timezone=timezone_choices)
    async def today(
        self,
        interaction: discord.Interaction[Any],
        platform: str | None = None,
        timezone: str | None = None,
    ) -> None:
        await self._list(interaction, None, platform, timezone)

    @app_commands.command(name="day", description="Korean episodes airing on a day this week")
    @app_commands.describe(
        day="tomorrow, a weekday (friday), +2 or a date (YYYY-MM-DD) within the next 7 days",
        platform="Only one network or service, e.g. tvN or Netflix",
        timezone="Whose day, e.g. Asia/Seoul (default: the server's announcement zone or Korea)",
    )
    @app_commands.autocomplete(day=day_choices, timezone=timezone_choices)
    async def day(
        self,
        interaction: discord.Interaction[Any],
        day: str,
        platform: str | None = None,
        timezone: str | None = None,
    ) -> None:
        await self._list(interaction, day, platform, timezone)

    @app_commands.command(name="next", description="A show's next episode and how long until it")
    @app_commands.describe(show="The show (suggestions come from the stored schedule)")
    @app_commands.autocomplete(show=show_choices)
    async def next_(self, interaction: discord.Interaction[Any], show: str) -> None:
        at = self.bot.airing.clock()
        found = await self.bot.airing.find_show(show, at)
        schedule = self.bot.airing.schedule
        upcoming = await schedule.next_episode(found.ref, at)
        last = await schedule.last_episode(found.ref, at)
        complete = await schedule.completed_at(found.ref) is not None
        lang = await lang_of(interaction)
        embed = next_embed(found, upcoming, last, at, lang, complete=complete)
        await reply(interaction, embed=embed)

    @app_commands.command(name="follow", description="Post in a channel when a show's episodes air")
    @app_commands.describe(
        show="The Korean show to follow",
        channel="Where the posts go (default: this channel)",
        role="A role to ping with each episode post (default: no ping)",
        language="The posts' language (default: the server's; following again keeps it)",
    )
    @app_commands.autocomplete(show=show_choices)
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def follow(
        self,
        interaction: discord.Interaction[Any],
        show: str,
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
        language: str | None = None,
    ) -> None:
        require_manage_server(interaction)
        guild_id = interaction.guild_id
        assert guild_id is not None  # guild_only
        target = channel if channel is not None else interaction.channel
        if not isinstance(target, discord.TextChannel) and not is_console(interaction):
            raise UserError("Choose a text channel for the posts with the `channel` option.")
        console = is_console(interaction)
        if isinstance(target, discord.TextChannel):
            check_channel(target, console=console)
            role_id = check_role(target, role, console=console)
        else:
            role_id = None if role is None else int(role.id)
        assert target is not None
        at = self.bot.airing.clock()
        found = await self.bot.airing.find_show(show, at, live=True)
        follow, created = await self.bot.airing.follows.follow(
            guild_id=guild_id,
            channel_id=target.id,
            show=found.ref,
            role_id=role_id,
            by=interaction.user.id,
            now=at,
            language=KEEP if language is None else chosen_language(language),
        )
        await self.bot.airing.on_follow(found.ref, at)
        upcoming = await self.bot.airing.schedule.next_episode(found.ref, at)
        complete = follow.completed_at is not None
        lang = await lang_of(interaction)
        status = status_line(None, complete, upcoming, lang)
        text = follow_reply(found.name, target.id, role_id, follow.language, created, status, lang)
        await reply(interaction, text)

    @app_commands.command(name="following", description="The shows this server follows")
    async def following(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        at = self.bot.airing.clock()
        follows = await self.bot.airing.follows.in_guild(guild_id)
        lines = []
        for f in follows:
            upcoming = await self.bot.airing.schedule.next_episode(f.show.ref, at)
            lines.append(
                FollowLine(
                    name=f.show.name,
                    follow_id=f.id,
                    channel_id=f.channel_id,
                    role_id=f.role_id,
                    language=f.language,
                    paused_reason=f.paused_reason,
                    complete=f.completed_at is not None,
                    upcoming=upcoming,
                )
            )
        lang = await lang_of(interaction)
        await reply(interaction, embed=following_embed(lines, MAX_FOLLOWS, lang), ephemeral=True)

    @app_commands.command(name="unfollow", description="Stop posting a show's episodes")
    @app_commands.describe(show="The followed show (from the suggestions)")
    @app_commands.autocomplete(show=follow_choices)
    async def unfollow(self, interaction: discord.Interaction[Any], show: str) -> None:
        require_manage_server(interaction)
        guild_id = interaction.guild_id
        assert guild_id is not None
        follows = await self.bot.airing.follows.in_guild(guild_id)
        text = show.strip().lstrip("#")
        found = next((f for f in follows if str(f.id) == text), None)
        if found is None:
            matches = [f for f in follows if f.show.name.casefold() == text.casefold()]
            found = matches[0] if len(matches) == 1 else None
        if found is None:
            raise UserError(
                "This server follows no show “{show}”; `/airing following` lists them.",
                show=echo(text, 60),
            )
        await self.bot.airing.follows.remove(guild_id, found.id)
        lang = await lang_of(interaction)
        channel = f"<#{found.channel_id}>"
        text = lang.gettext(
            "Stopped following **{show}** in {channel}.",
            show=safe(found.show.name),
            channel=channel,
        )
        await reply(interaction, text)


async def setup(bot: Host) -> None:
    await bot.add_cog(AiringCog(bot))
