"""`/announce`: the server's weekly Netflix Top 10 posts (admins only)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.announce._checks import check_channel, check_role
from cogs.replies import reply
from core.announce import (
    DEFAULT_MINUTE,
    DEFAULT_TIMEZONE,
    DEFAULT_WEEKDAY,
    MAX_SUBSCRIPTIONS,
    WEEKDAYS,
    Schedule,
    parse_country,
    parse_time,
    parse_timezone,
    timezone_suggestions,
    waiting_for,
)
from core.charts import CATEGORIES, DEFAULT_CATEGORY, country_suggestions, week_label
from core.errors import UserError
from core.text import plural
from db.announce import AnnouncementRepository, Subscription
from db.charts import ChartRepository
from render.announce import (
    StatusEntry,
    discord_time,
    message_link,
    status_card,
    target_label,
)
from render.limits import CHOICES
from render.shows import safe
from scheduler.delivery import DeliveryError, Outcome, PermanentDeliveryError

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_console(interaction: discord.Interaction[Any]) -> bool:
    return bool(getattr(interaction, "is_console", False))


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Announce(
    commands.GroupCog,
    group_name="announce",
    group_description="Weekly Netflix Top 10 posts in this server (admins)",
):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        super().__init__()

    @property
    def repo(self) -> AnnouncementRepository:
        return AnnouncementRepository(self.bot.db)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        # default_permissions only hides the commands; server owners can override it in
        # Integrations, so the rule is enforced here too, on every call.
        permissions = interaction.permissions
        if not (permissions.manage_guild or permissions.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    # -- choosing a subscription -----------------------------------------------

    def label(self, sub: Subscription) -> str:
        channel = self.bot.get_channel(sub.channel_id)
        where = f"#{channel.name}" if isinstance(channel, discord.abc.GuildChannel) else "channel"
        paused = " (paused)" if not sub.active else ""
        return f"#{sub.id} · {where} · {target_label(sub)}{paused}"[:100]

    async def subscription_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> Choices:
        if interaction.guild_id is None:
            return []
        wanted = current.strip().casefold()
        return [
            app_commands.Choice(name=self.label(sub), value=str(sub.id))
            for sub in await self.repo.in_guild(interaction.guild_id)
            if wanted in self.label(sub).casefold()
        ][:CHOICES]

    async def pick(self, interaction: discord.Interaction[Any], value: str | None) -> Subscription:
        guild_id = interaction.guild_id
        subs = await self.repo.in_guild(guild_id) if guild_id is not None else []
        if not subs:
            raise UserError(
                "No announcements are set up in this server: start with `/announce setup`."
            )
        text = (value or "").strip().lstrip("#")
        if not text:
            if len(subs) == 1:
                return subs[0]
            raise UserError(
                f"This server has {plural(len(subs), 'announcement')}; "
                "choose one with the `subscription` option (`/announce status` lists them)."
            )
        found = next((sub for sub in subs if str(sub.id) == text), None)
        if found is None:
            raise UserError(
                f"There is no announcement “{safe(text[:20])}” in this server; "
                "`/announce status` lists them."
            )
        return found

    # -- setup -----------------------------------------------------------------

    async def country_code(self, text: str | None) -> str | None:
        """A country from its name or code as the chart store knows it; a well-formed code
        without a list yet is accepted too (its first post waits for the data)."""
        if text is not None and text.strip():
            found = await ChartRepository(self.bot.db).find_country(text)
            if found is not None:
                return found
        return parse_country(text)

    async def country_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        countries = await ChartRepository(self.bot.db).countries()
        return [
            app_commands.Choice(name=label, value=iso2)
            for label, iso2 in country_suggestions(countries, current, CHOICES)
        ]

    async def timezone_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> Choices:
        return [app_commands.Choice(name=n, value=n) for n in timezone_suggestions(current)]

    @app_commands.command(name="setup", description="Post Netflix's Top 10 here every week")
    @app_commands.describe(
        channel="Where the weekly post goes",
        category="Which list (default: TV (Non-English))",
        country="A country's list, e.g. South Korea or KR (default: the global list)",
        day="Day of the week to post (default: Tuesday, when Netflix publishes)",
        time="Local time of day, 24-hour HH:MM (default: 18:00)",
        timezone="The server's IANA time zone, e.g. Asia/Seoul (default: UTC)",
        role="A role to ping with each post (default: no ping)",
    )
    @app_commands.choices(category=[app_commands.Choice(name=c, value=c) for c in CATEGORIES])
    @app_commands.choices(
        day=[app_commands.Choice(name=d, value=i) for i, d in enumerate(WEEKDAYS)]
    )
    @app_commands.autocomplete(timezone=timezone_choices, country=country_choices)
    async def setup_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        category: str = DEFAULT_CATEGORY,
        country: str | None = None,
        day: int = DEFAULT_WEEKDAY,
        time: str | None = None,
        timezone: str | None = None,
        role: discord.Role | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None  # guild_only
        if category not in CATEGORIES:
            raise UserError(f"Choose a category from the list: {', '.join(CATEGORIES)}.")
        country_iso2 = await self.country_code(country)
        minute = parse_time(time) if time is not None else DEFAULT_MINUTE
        if timezone is None:
            zone = await self.repo.timezone_of_guild(guild_id) or DEFAULT_TIMEZONE
        else:
            zone = parse_timezone(timezone)
        check_channel(channel, console=is_console(interaction))
        role_id = check_role(channel, role, console=is_console(interaction))
        schedule = Schedule(day, minute, zone)
        sub, created = await self.repo.subscribe(
            guild_id=guild_id,
            channel_id=channel.id,
            category=category,
            country_iso2=country_iso2,
            schedule=schedule,
            role_id=role_id,
            by=interaction.user.id,
            now=now(),
        )
        verb = "Set up" if created else "Updated"
        ping = f", pinging <@&{role_id}>" if role_id is not None else ", without pings"
        has_data = await self.bot.announcements.feed.latest_week(*sub.chart_key) is not None
        await reply(
            interaction,
            f"{verb} announcement #{sub.id}: {target_label(sub)} in {channel.mention}, "
            f"{schedule.describe()}{ping}. First post: "
            f"{discord_time(schedule.next_slot(now()))} or as soon as Netflix's week is in. "
            + (
                "`/announce preview` shows it; `/announce test` posts a test now."
                if has_data
                else "No chart data for this list is imported yet."
            ),
            ephemeral=True,
        )

    # -- status ------------------------------------------------------------------

    async def entry(self, sub: Subscription, at: dt.datetime) -> StatusEntry:
        newest = await self.bot.announcements.feed.latest_week(*sub.chart_key)
        last = await self.repo.last_sent(sub.id)
        return StatusEntry(
            subscription=sub,
            last_sent=last,
            pending=await self.repo.pending(sub.id),
            next_post=sub.schedule.next_slot(at),
            waiting_for=waiting_for(
                sub.schedule,
                created_at=sub.created_at,
                last_sent=last.week if last else None,
                newest=newest,
                now=at,
            ),
            newest_week=newest,
        )

    @app_commands.command(name="status", description="This server's announcements and their health")
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        at = now()
        subs = await self.repo.in_guild(interaction.guild_id)
        entries = [await self.entry(sub, at) for sub in subs]
        await reply(interaction, embed=status_card(entries, MAX_SUBSCRIPTIONS), ephemeral=True)

    # -- preview, test, post -------------------------------------------------------

    @app_commands.command(name="preview", description="See the announcement as it would be posted")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def preview(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        announcements = self.bot.announcements
        subs = await self.repo.in_guild(interaction.guild_id) if interaction.guild_id else []
        if subs or subscription:
            sub = await self.pick(interaction, subscription)
            built = await announcements.engine.preview(sub)
        else:
            template = announcements.template(
                interaction.guild_id or 0, interaction.channel_id or 0
            )
            built = await announcements.engine.preview(template, "preview")
        if built is None:
            raise UserError("No chart data is imported yet, so there is nothing to preview.")
        message, _ = built
        await reply(interaction, message.content, embed=message.embed, ephemeral=True)

    @app_commands.command(name="test", description="Post the announcement now, marked as a test")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def test(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        engine = self.bot.announcements.engine
        if is_console(interaction):
            built = await engine.preview(sub, "test")
            if built is None:
                raise UserError("No chart data is imported yet, so there is nothing to post.")
            await reply(interaction, built[0].content, embed=built[0].embed)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            sent = await engine.send_test(sub)
        except PermanentDeliveryError as exc:
            raise UserError(f"The test post failed: {exc.reason}") from exc
        except DeliveryError as exc:
            raise UserError(f"Discord did not take the test post ({exc}); try again soon.") from exc
        if sent is None:
            raise UserError("No chart data is imported yet, so there is nothing to post.")
        message_id, week = sent
        link = message_link(sub.guild_id, sub.channel_id, message_id)
        await reply(
            interaction,
            f"Posted a test of the week of {week_label(week)} in <#{sub.channel_id}>: {link}",
            ephemeral=True,
        )

    @app_commands.command(name="post", description="Post this week's announcement now")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def post(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        if not sub.active:
            raise UserError("This announcement is paused; `/announce resume` it first.")
        if is_console(interaction):
            raise UserError("The console cannot post to Discord; `/announce preview` shows it.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome, week = await self.bot.announcements.engine.force(sub, now())
        if week is None or outcome is Outcome.NO_DATA:
            raise UserError("No chart data is imported yet, so there is nothing to post.")
        span = week_label(week)
        messages = {
            Outcome.SENT: f"Posted the week of {span} in <#{sub.channel_id}>.",
            Outcome.RECOVERED: f"The week of {span} was already posted in <#{sub.channel_id}>.",
            Outcome.ALREADY: f"The week of {span} is already posted (or being posted) there.",
            Outcome.HELD: f"The week of {span} is being posted there right now.",
            Outcome.BACKING_OFF: "The last attempt failed moments ago; I will retry shortly.",
            Outcome.FAILED: "Discord did not take the post; I will retry it automatically.",
        }
        if outcome is Outcome.PAUSED:
            paused = await self.repo.get(sub.id)
            reason = paused.paused_reason if paused else None
            raise UserError(f"The post failed and the announcement is paused: {reason}")
        await reply(interaction, messages[outcome], ephemeral=True)

    # -- pause, resume, off ------------------------------------------------------------

    @app_commands.command(name="pause", description="Stop posting for now (kept, resumable)")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def pause(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        who = safe(getattr(interaction.user, "display_name", "an admin"))
        await self.repo.pause(sub.id, f"Paused by {who} with /announce pause.", now())
        await reply(
            interaction,
            f"Paused announcement #{sub.id} ({target_label(sub)} in <#{sub.channel_id}>). "
            "`/announce resume` starts it again.",
            ephemeral=True,
        )

    @app_commands.command(name="resume", description="Start posting again after a pause")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def resume(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        if sub.active:
            raise UserError(f"Announcement #{sub.id} is not paused.")
        await self.repo.resume(sub.id, now())
        await reply(
            interaction,
            f"Resumed announcement #{sub.id} in <#{sub.channel_id}>. If this week's post is "
            "still owed, it goes out within a few minutes; `/announce status` shows the rest.",
            ephemeral=True,
        )

    @app_commands.command(name="off", description="Remove an announcement")
    @app_commands.describe(subscription="Which announcement (needed when there are several)")
    @app_commands.autocomplete(subscription=subscription_choices)
    async def off(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        await self.repo.remove(sub.id)
        await reply(
            interaction,
            f"Removed announcement #{sub.id} ({target_label(sub)} in <#{sub.channel_id}>). "
            "`/announce setup` adds it back.",
            ephemeral=True,
        )


async def setup(bot: Host) -> None:
    await bot.add_cog(Announce(bot))
