"""`/announce`: the server's weekly Netflix Top 10 posts (admins only)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.announce._base import WHICH, AnnounceBase, is_console, now
from cogs.announce._setup import SetupCommands
from cogs.locale import lang_of
from cogs.replies import reply
from core.announce import MAX_SUBSCRIPTIONS, waiting_for
from core.audience import KOREAN_MODE_NAMES, KOREAN_MODES
from core.errors import UserError
from core.i18n import Text, deferred
from db.announce import Subscription
from db.charts import ChartRepository
from render.announce_status import StatusEntry, korean_line, message_link, status_card
from render.i18n import Lang
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

    async def nothing_yet(self, sub: Subscription, lang: Lang, *, post: bool = False) -> Text:
        """Why there is no post to show (or to `post`): no data at all, or none for this
        list."""
        if await ChartRepository(self.bot.db).has_data():
            target = await self.target(sub, lang)
            if post:
                return deferred(
                    "Netflix's stored lists have no week of {list} yet, so there is nothing "
                    "to post.",
                    list=target,
                )
            return deferred(
                "Netflix's stored lists have no week of {list} yet, so there is nothing to "
                "preview.",
                list=target,
            )
        if post:
            return deferred("No chart data is imported yet, so there is nothing to post.")
        return deferred("No chart data is imported yet, so there is nothing to preview.")

    # -- status ------------------------------------------------------------------

    async def entry(self, sub: Subscription, at: dt.datetime, lang: Lang) -> StatusEntry:
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
            label=await self.target(sub, lang),
            language=await self.effective_language(sub),
        )

    @app_commands.command(name="status", description="This server's announcements and their health")
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        lang = await lang_of(interaction)
        at = now()
        subs = await self.repo.in_guild(interaction.guild_id)
        entries = [await self.entry(sub, at, lang) for sub in subs]
        await reply(
            interaction, embed=status_card(entries, MAX_SUBSCRIPTIONS, lang), ephemeral=True
        )

    # -- preview, test, post -------------------------------------------------------

    @app_commands.command(name="preview", description="See the announcement as it would be posted")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def preview(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        """The post as it would go out, in the subscription's language; the note above it
        in the reader's."""
        lang = await lang_of(interaction)
        announcements = self.bot.announcements
        subs = await self.repo.in_guild(interaction.guild_id) if interaction.guild_id else []
        if subs or subscription:
            sub = await self.pick(interaction, subscription)
            built = await announcements.engine.preview(sub)
        else:
            sub = announcements.template(interaction.guild_id or 0, interaction.channel_id or 0)
            built = await announcements.engine.preview(sub, "preview")
        if built is None:
            raise UserError(await self.nothing_yet(sub, lang))
        message, _ = built
        content = message.content
        if not (subs or subscription):
            note = lang.gettext(
                "No announcement is set up here yet; with `/announce setup` the weekly post "
                "would look like this."
            )
            content = f"-# {note}\n{content or ''}"
        await reply(interaction, content, embed=message.embed, ephemeral=True)

    @app_commands.command(name="test", description="Post the announcement now, marked as a test")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def test(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        engine = self.bot.announcements.engine
        if is_console(interaction):
            built = await engine.preview(sub, "test")
            if built is None:
                raise UserError(await self.nothing_yet(sub, lang, post=True))
            await reply(interaction, built[0].content, embed=built[0].embed)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            sent = await engine.send_test(sub)
        except PermanentDeliveryError as exc:
            raise UserError("The test post failed: {reason}", reason=exc.why) from exc
        except DeliveryError as exc:
            raise UserError(
                "Discord did not take the test post ({error}); try again soon.", error=str(exc)
            ) from exc
        if sent is None:
            raise UserError(await self.nothing_yet(sub, lang, post=True))
        message_id, week = sent
        text = lang.gettext(
            "Posted a test of the week of {week} in {channel}: {link}",
            week=lang.week(week),
            channel=f"<#{sub.channel_id}>",
            link=message_link(sub.guild_id, sub.channel_id, message_id),
        )
        await reply(interaction, text, ephemeral=True)

    @app_commands.command(name="post", description="Post this week's announcement now")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def post(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        if not sub.active:
            raise UserError("This announcement is paused; `/announce resume` it first.")
        if is_console(interaction):
            raise UserError("The console cannot post to Discord; `/announce preview` shows it.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome, week = await self.bot.announcements.engine.force(sub, now())
        if week is None or outcome is Outcome.NO_DATA:
            raise UserError(await self.nothing_yet(sub, lang, post=True))
        if outcome is Outcome.PAUSED:
            paused = await self.repo.get(sub.id)
            reason = paused.paused_reason if paused and paused.paused_reason else ""
            raise UserError(
                "The post failed and the announcement is paused: {reason}", reason=reason
            )
        await reply(interaction, self.outcome_text(outcome, week, sub, lang), ephemeral=True)

    @staticmethod
    def outcome_text(outcome: Outcome, week: dt.date, sub: Subscription, lang: Lang) -> str:
        values = {"week": lang.week(week), "channel": f"<#{sub.channel_id}>"}
        if outcome is Outcome.SENT:
            return lang.gettext("Posted the week of {week} in {channel}.", **values)
        if outcome is Outcome.RECOVERED:
            return lang.gettext("The week of {week} was already posted in {channel}.", **values)
        if outcome is Outcome.ALREADY:
            return lang.gettext(
                "The week of {week} is already posted (or being posted) there.", **values
            )
        if outcome is Outcome.HELD:
            return lang.gettext("The week of {week} is being posted there right now.", **values)
        if outcome is Outcome.BACKING_OFF:
            return lang.gettext("The last attempt failed moments ago; I will retry shortly.")
        return lang.gettext("Discord did not take the post; I will retry it automatically.")

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
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        chosen = next((m for m in KOREAN_MODES if m == mode), None)
        if chosen is None:
            raise UserError("Choose what the posts show from the list.")
        sub = await self.repo.set_korean(sub.id, chosen, now())
        lines = [
            lang.gettext(
                "Changed announcement #{id} ({list} in {channel}).",
                id=sub.id,
                list=await self.target(sub, lang),
                channel=f"<#{sub.channel_id}>",
            ),
            korean_line(chosen, lang),
            lang.gettext("`/announce preview` shows it."),
        ]
        await reply(interaction, "\n".join(lines), ephemeral=True)

    # -- pause, resume, off ------------------------------------------------------------

    @app_commands.command(name="pause", description="Stop posting for now (kept, resumable)")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def pause(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        who = safe(interaction.user.display_name)
        reason = deferred("Paused by {member} with `/announce pause`.", member=who)
        await self.repo.pause(sub.id, reason, now())
        text = lang.gettext(
            "Paused announcement #{id} ({list} in {channel}). `/announce resume` starts it again.",
            id=sub.id,
            list=await self.target(sub, lang),
            channel=f"<#{sub.channel_id}>",
        )
        await reply(interaction, text, ephemeral=True)

    @app_commands.command(name="resume", description="Start posting again after a pause")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def resume(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        if sub.active:
            raise UserError("Announcement #{id} is not paused.", id=sub.id)
        await self.repo.resume(sub.id, now())
        text = lang.gettext(
            "Resumed announcement #{id} in {channel}. If this week's post is still owed, it "
            "goes out within a few minutes; `/announce status` shows the rest.",
            id=sub.id,
            channel=f"<#{sub.channel_id}>",
        )
        await reply(interaction, text, ephemeral=True)

    @app_commands.command(name="off", description="Remove an announcement")
    @app_commands.describe(subscription=WHICH)
    @app_commands.autocomplete(subscription=subscription_choices)
    async def off(
        self, interaction: discord.Interaction[Any], subscription: str | None = None
    ) -> None:
        lang = await lang_of(interaction)
        sub = await self.pick(interaction, subscription)
        await self.repo.remove(sub.id)
        text = lang.gettext(
            "Removed announcement #{id} ({list} in {channel}). `/announce setup` adds it back.",
            id=sub.id,
            list=await self.target(sub, lang),
            channel=f"<#{sub.channel_id}>",
        )
        await reply(interaction, text, ephemeral=True)


async def setup(bot: Host) -> None:
    await bot.add_cog(Announce(bot))
