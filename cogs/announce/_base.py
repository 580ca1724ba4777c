"""What every `/announce` command shares: the repository and choosing a subscription."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from cogs.locale import lang_of
from core.announce import timezone_suggestions
from core.charts import country_suggestions
from core.countries import resolve_country
from core.errors import UserError
from core.i18n import deferred_plural
from db.announce import AnnouncementRepository, Subscription
from db.charts import ChartRepository
from render.announce import target_label
from render.i18n import Lang
from render.limits import CHOICE_NAME, CHOICES
from render.shows import safe

if TYPE_CHECKING:
    from discord.ext.commands import Cog as _Mixin

    from cogs.host import Host
else:
    _Mixin = object  # the real Cog comes in once, through the cog class itself

Choices = list[app_commands.Choice[str]]
WHICH = "Which announcement (needed when there are several)"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_console(interaction: discord.Interaction[Any]) -> bool:
    return bool(getattr(interaction, "is_console", False))


class AnnounceBase(_Mixin):
    """Mixed into the cog (discord.py collects commands along the class's MRO)."""

    bot: Host

    @property
    def repo(self) -> AnnouncementRepository:
        return AnnouncementRepository(self.bot.db)

    # -- choosing a subscription -----------------------------------------------

    def label(self, sub: Subscription, places: dict[str, str], lang: Lang) -> str:
        """`#1 · #news · South Korea · TV`, with `paused` last when it is (a choice's name,
        separate labels side by side)."""
        channel = self.bot.get_channel(sub.channel_id)
        parts = [
            f"#{sub.id}",
            f"#{channel.name}"
            if isinstance(channel, discord.abc.GuildChannel)
            else lang.gettext("unknown channel"),
            target_label(sub, lang, places.get(sub.country_iso2 or "")),
        ]
        if not sub.active:
            parts.append(lang.pgettext("announcement state", "paused"))
        return " · ".join(parts)[:CHOICE_NAME]

    async def target(self, sub: Subscription, lang: Lang) -> str:
        """The subscription's list named as its posts name it (render.charts.list_name)."""
        iso2 = sub.country_iso2
        charts = ChartRepository(self.bot.db)
        place = None if iso2 is None else await charts.country_name(iso2)
        return target_label(sub, lang, place, await charts.list_category(sub.category, iso2))

    async def effective_language(self, sub: Subscription) -> str:
        """The language the subscription's posts are in now (its own, else the server's)."""
        return (await self.bot.announcements.engine.language_of(sub)).tag

    async def subscription_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> Choices:
        if interaction.guild_id is None:
            return []
        wanted = current.strip().casefold()
        places = dict(await ChartRepository(self.bot.db).countries())
        lang = await lang_of(interaction)
        labels = [
            (self.label(sub, places, lang), sub.id)
            for sub in await self.repo.in_guild(interaction.guild_id)
        ]
        return [
            app_commands.Choice(name=label, value=str(sub_id))
            for label, sub_id in labels
            if wanted in label.casefold()
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
                deferred_plural(
                    "This server has {count} announcement; choose it with the `subscription` "
                    "option (`/announce status` lists them).",
                    "This server has {count} announcements; choose one with the `subscription` "
                    "option (`/announce status` lists them).",
                    len(subs),
                    count=len(subs),
                )
            )
        found = next((sub for sub in subs if str(sub.id) == text), None)
        if found is None:
            raise UserError(
                "There is no announcement “{text}” in this server; `/announce status` lists them.",
                text=safe(text[:20]),
            )
        return found

    # -- setup -----------------------------------------------------------------

    async def country_code(self, text: str | None) -> str | None:
        """Checked as `/chart` checks it (see core.countries.resolve_country)."""
        return resolve_country(text, await ChartRepository(self.bot.db).countries(), quote=safe)

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
