"""`/announce setup` and `/announce edit`: a new subscription, or only the options given."""

from __future__ import annotations

from typing import Any, cast

import discord
from discord import app_commands

from cogs.announce._base import WHICH, AnnounceBase, is_console, now
from cogs.announce._checks import check_channel, check_role
from cogs.announce._settings import KEEP, Keep, Target, changed, merged
from cogs.locale import lang_of
from cogs.replies import reply
from core.announce import (
    DEFAULT_MINUTE,
    DEFAULT_TIMEZONE,
    DEFAULT_WEEKDAY,
    WEEKDAYS,
    Schedule,
    parse_time,
    parse_timezone,
)
from core.audience import KOREAN_MODE_NAMES, KOREAN_MODES, KoreanMode
from core.charts import CATEGORIES, DEFAULT_CATEGORY
from core.errors import UserError
from core.locales import NATIVE_NAMES, SUPPORTED, supported
from db.announce import Subscription
from db.charts import ChartRepository
from render.announce_replies import DataState, change_reply, setup_reply

CATEGORY_CHOICES: list[app_commands.Choice[str]] = [
    app_commands.Choice(name=c, value=c) for c in CATEGORIES
]
DAY_CHOICES: list[app_commands.Choice[int]] = [
    app_commands.Choice(name=d, value=i) for i, d in enumerate(WEEKDAYS)
]
KOREAN_CHOICES: list[app_commands.Choice[str]] = [
    app_commands.Choice(name=KOREAN_MODE_NAMES[m], value=m) for m in KOREAN_MODES
]
KOREAN_HELP = "What each post shows of the week's Korean titles (default: the whole list)"
SERVER_LANGUAGE = "auto"
LANGUAGE_CHOICES: list[app_commands.Choice[str]] = [
    app_commands.Choice(name="The server's language (default)", value=SERVER_LANGUAGE),
    *(app_commands.Choice(name=NATIVE_NAMES[tag], value=tag) for tag in SUPPORTED),
]
LANGUAGE_HELP = "The language the posts are written in (default: the server's language)"


def _korean(mode: str | None) -> KoreanMode | None:
    if mode is None:
        return None
    chosen = next((m for m in KOREAN_MODES if m == mode), None)
    if chosen is None:
        raise UserError("Choose what the posts show from the list.")
    return chosen


def _language(choice: str | None) -> str | Keep | None:
    """A `language` option: KEEP when not given, None for the server's language."""
    if choice is None:
        return KEEP
    if choice == SERVER_LANGUAGE:
        return None
    tag = supported(choice)
    if tag is None:
        raise UserError("Choose a language from the list.")
    return tag


def _category(category: str | None) -> str | None:
    if category is not None and category not in CATEGORIES:
        raise UserError("Choose a category from the list.")
    return category


class SetupCommands(AnnounceBase):
    @app_commands.command(name="setup", description="Post Netflix's Top 10 here every week")
    @app_commands.describe(
        channel="Where the weekly post goes",
        category="Which list (default: TV (Non-English))",
        country="A country's list, e.g. South Korea or KR (default: the global list)",
        day="Day of the week to post (default: Tuesday, when Netflix publishes)",
        time="Local time of day, 24-hour HH:MM (default: 18:00)",
        timezone="The server's IANA time zone, e.g. Asia/Seoul (default: UTC)",
        role="A role to ping with each post (default: no ping)",
        korean=KOREAN_HELP,
        language=LANGUAGE_HELP,
    )
    @app_commands.choices(
        category=CATEGORY_CHOICES, korean=KOREAN_CHOICES, language=LANGUAGE_CHOICES
    )
    @app_commands.choices(day=DAY_CHOICES)
    @app_commands.autocomplete(
        timezone=AnnounceBase.timezone_choices, country=AnnounceBase.country_choices
    )
    async def setup_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        category: str | None = None,
        country: str | None = None,
        day: int | None = None,
        time: str | None = None,
        timezone: str | None = None,
        role: discord.Role | None = None,
        korean: str | None = None,
        language: str | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None  # guild_only
        category = _category(category) or DEFAULT_CATEGORY
        mode = _korean(korean)
        chosen = _language(language)
        country_iso2 = await self.country_code(country)
        existing = await self.repo.find(channel.id, category, country_iso2)
        if existing is not None:
            # Already subscribed: keep what was set unless given again (use /announce edit
            # to change single settings of any announcement).
            given = {"day": day, "time": time, "timezone": timezone, "role": role,
                     "korean": mode, "language": chosen}  # fmt: skip
            await self.change(interaction, existing, channel, given, again=True)
            return
        lang = await lang_of(interaction)
        minute = parse_time(time) if time is not None else DEFAULT_MINUTE
        if timezone is None:
            zone = await self.repo.timezone_of_guild(guild_id) or DEFAULT_TIMEZONE
        else:
            zone = parse_timezone(timezone)
        check_channel(channel, console=is_console(interaction), lang=lang)
        role_id = check_role(channel, role, console=is_console(interaction))
        schedule = Schedule(DEFAULT_WEEKDAY if day is None else day, minute, zone)
        sub, _ = await self.repo.subscribe(
            guild_id=guild_id,
            channel_id=channel.id,
            category=category,
            country_iso2=country_iso2,
            schedule=schedule,
            role_id=role_id,
            by=interaction.user.id,
            now=now(),
            language=None if isinstance(chosen, Keep) else chosen,
        )
        if mode is not None and mode != sub.korean:
            sub = await self.repo.set_korean(sub.id, mode, now())
        text = setup_reply(
            sub,
            await self.target(sub, lang),
            await self.effective_language(sub),
            schedule.next_slot(now()),
            await self.data_state(sub),
            lang,
        )
        await reply(interaction, text, ephemeral=True)

    @app_commands.command(name="edit", description="Change an announcement's settings")
    @app_commands.describe(
        subscription=WHICH,
        channel="Move the posts to this channel",
        category="Post this list instead",
        country="A country's list instead (global: the global list)",
        day="Post on this day instead",
        time="Post at this local time instead, 24-hour HH:MM",
        timezone="Use this IANA time zone instead, e.g. Asia/Seoul",
        role="Ping this role with each post instead",
        ping="False: stop pinging a role",
        korean=KOREAN_HELP.replace(" (default: the whole list)", ""),
        language="Write the posts in this language instead",
    )
    @app_commands.choices(
        category=CATEGORY_CHOICES, korean=KOREAN_CHOICES, language=LANGUAGE_CHOICES
    )
    @app_commands.choices(day=DAY_CHOICES)
    @app_commands.autocomplete(
        subscription=AnnounceBase.subscription_choices,
        timezone=AnnounceBase.timezone_choices,
        country=AnnounceBase.country_choices,
    )
    async def edit(
        self,
        interaction: discord.Interaction[Any],
        subscription: str | None = None,
        channel: discord.TextChannel | None = None,
        category: str | None = None,
        country: str | None = None,
        day: int | None = None,
        time: str | None = None,
        timezone: str | None = None,
        role: discord.Role | None = None,
        ping: bool | None = None,
        korean: str | None = None,
        language: str | None = None,
    ) -> None:
        """Changes only the options given; everything else stays as it was."""
        options = (channel, category, country, day, time, timezone, role, ping, korean, language)
        if all(v is None for v in options):
            raise UserError(
                "Give at least one option to change: channel, category, country, day, time, "
                "timezone, role, ping:False to stop pinging, korean or language."
            )
        sub = await self.pick(interaction, subscription)
        given = {"category": category, "country": country, "day": day, "time": time,
                 "timezone": timezone, "role": role, "ping": ping,
                 "korean": _korean(korean), "language": _language(language)}  # fmt: skip
        await self.change(interaction, sub, channel, given, again=False)

    async def change(
        self,
        interaction: discord.Interaction[Any],
        sub: Subscription,
        channel: discord.TextChannel | None,
        options: dict[str, Any],
        *,
        again: bool,
    ) -> None:
        """Apply the given options (category, country, day, time, timezone, role, ping,
        korean, language)."""
        lang = await lang_of(interaction)
        role, ping = options.get("role"), options.get("ping")
        if role is not None and ping is False:
            raise UserError("Give either a role to ping or ping:False, not both.")
        console = is_console(interaction)
        where = channel or self.bot.get_channel(sub.channel_id)
        if channel is not None or role is not None:
            if not console and not isinstance(where, discord.TextChannel):
                raise UserError("I can't see this announcement's channel; give `channel` too.")
            check_channel(cast(discord.TextChannel, where), console=console, lang=lang)
        role_id: int | Keep | None = None if ping is False else KEEP
        if role is not None:
            role_id = check_role(cast(discord.TextChannel, where), role, console=console)
        time, zone, country = options.get("time"), options.get("timezone"), options.get("country")
        after = merged(
            sub,
            channel_id=None if channel is None else channel.id,
            category=_category(options.get("category")),
            country_iso2=KEEP if country is None else await self.country_code(country),
            weekday=options.get("day"),
            minute=None if time is None else parse_time(time),
            timezone=None if zone is None else parse_timezone(zone),
            role_id=role_id,
            language=options.get("language", KEEP),
        )
        names = changed(Target.of(sub), after)
        if names:
            sub = await self.repo.update(sub.id, **vars(after), now=now())
        mode = options.get("korean")
        if mode is not None and mode != sub.korean:
            sub = await self.repo.set_korean(sub.id, mode, now())
            names.append("korean")
        text = change_reply(
            sub,
            await self.target(sub, lang),
            await self.effective_language(sub),
            names,
            again=again,
            next_post=sub.schedule.next_slot(now()),
            state=await self.data_state(sub),
            lang=lang,
        )
        await reply(interaction, text, ephemeral=True)

    async def data_state(self, sub: Subscription) -> DataState:
        if await self.bot.announcements.feed.latest_week(*sub.chart_key) is not None:
            return "ready"
        if await ChartRepository(self.bot.db).has_data():
            return "no week"
        return "no data"
