"""`/announce`: the server's weekly Netflix Top 10 posts (admins only)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.announce._base import WHICH, AnnounceBase, is_console, now
from cogs.announce._setup import SetupCommands
from cogs.replies import reply
from core.announce import MAX_SUBSCRIPTIONS, waiting_for
from core.audience import KOREAN_MODE_NAMES, KOREAN_MODES
from core.charts import week_label
from core.errors import UserError
from db.announce import Subscription
from db.charts import ChartRepository
from render.announce import StatusEntry, message_link, status_card
from render.shows import safe
from scheduler.delivery import DeliveryError, Outcome, PermanentDeliveryError

if TYPE_CHECKING:
    from cogs.host import Host


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Announce(
    SetupCommands,
    commands.GroupCog,
    group_name="announce",
    group_description="Weekly Netflix Top 10 posts in this server (admins)",
):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        super().__init__()

    subscription_choices = AnnounceBase.subscription_choices

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        # default_permissions only hides the commands; server owners can override it in
        # Integrations, so the rule is enforced here too, on every call.
        permissions = interaction.permissions
        if not (permissions.manage_guild or permissions.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def nothing_yet(self, sub: Subscription, verb: str = "preview") -> str:
        """Why there is no post to show: no data at all, or none for this list."""
        if await ChartRepository(self.bot.db).has_data():
            return (
                f"Netflix's stored lists have no week of {await self.target(sub)} yet, "
                f"so there is nothing to {verb}."
            )
        return f"No chart data is imported yet, so there is nothing to {verb}."

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
            label=await self.target(sub),
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
    @app_commands.describe(subscription=WHICH)
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
            sub = announcements.template(interaction.guild_id or 0, interaction.channel_id or 0)
            built = await announcements.engine.preview(sub, "preview")
        if built is None:
            raise UserError(await self.nothing_yet(sub))
        message, _ = built
        content = message.content
        if not (subs or subscription):
            content = (
                "-# No announcement is set up here yet; with `/announce setup` the weekly "
                f"post would look like this.\n{content or ''}"
            )
        await reply(interaction, content, embed=message.embed, ephemeral=True)

    @app_commands.command(name="test", description="Post the announcement now, marked as a test")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def test(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        engine = self.bot.announcements.engine
        if is_console(interaction):
            built = await engine.preview(sub, "test")
            if built is None:
                raise UserError(await self.nothing_yet(sub, "post"))
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
            raise UserError(await self.nothing_yet(sub, "post"))
        message_id, week = sent
        link = message_link(sub.guild_id, sub.channel_id, message_id)
        await reply(
            interaction,
            f"Posted a test of the week of {week_label(week)} in <#{sub.channel_id}>: {link}",
            ephemeral=True,
        )

    @app_commands.command(name="post", description="Post this week's announcement now")
    @app_commands.describe(subscription=WHICH)
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
            raise UserError(await self.nothing_yet(sub, "post"))
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

    @app_commands.command(
        name="korean", description="Post only the Korean titles, or name them first"
    )
    @app_commands.describe(mode="What each post shows", subscription=WHICH)
    @app_commands.choices(
        mode=[app_commands.Choice(name=KOREAN_MODE_NAMES[m], value=m) for m in KOREAN_MODES]
    )
    @app_commands.autocomplete(subscription=subscription_choices)
    async def korean(
        self, interaction: discord.Interaction[Any], mode: str, subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        chosen = next((m for m in KOREAN_MODES if m == mode), None)
        if chosen is None:
            raise UserError("Choose what the posts show from the list.")
        await self.repo.set_korean(sub.id, chosen, now())
        await reply(
            interaction,
            f"Announcement #{sub.id} ({await self.target(sub)} in <#{sub.channel_id}>) now posts "
            f"{KOREAN_MODE_NAMES[chosen]}. `/announce preview` shows it.",
            ephemeral=True,
        )

    # -- pause, resume, off ------------------------------------------------------------

    @app_commands.command(name="pause", description="Stop posting for now (kept, resumable)")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def pause(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        who = safe(getattr(interaction.user, "display_name", "an admin"))
        await self.repo.pause(sub.id, f"Paused by {who} with /announce pause.", now())
        await reply(
            interaction,
            f"Paused announcement #{sub.id} ({await self.target(sub)} in <#{sub.channel_id}>). "
            "`/announce resume` starts it again.",
            ephemeral=True,
        )

    @app_commands.command(name="resume", description="Start posting again after a pause")
    @app_commands.describe(subscription=WHICH)
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
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def off(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        sub = await self.pick(interaction, subscription)
        await self.repo.remove(sub.id)
        await reply(
            interaction,
            f"Removed announcement #{sub.id} ({await self.target(sub)} in <#{sub.channel_id}>). "
            "`/announce setup` adds it back.",
            ephemeral=True,
        )


async def setup(bot: Host) -> None:
    await bot.add_cog(Announce(bot))
