"""`/show`, `/cast` and `/actor`: parse, look up, reply."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.cast_pager import CastPageButton, CastPages
from cogs.locale import lang_of
from cogs.replies import NO_MENTIONS, in_time, reply
from cogs.show_buttons import ANSWERING_COG, CardView, SectionButton
from cogs.views import ShowPicker
from core.audience import parse_region, region_for_locale
from core.errors import UserError
from render.i18n import ENGLISH, Lang
from render.limits import CHOICES
from render.show_sections import Section
from services.cards import Cards
from services.lookup import person_or_live, show_or_live

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]


class Shows(commands.Cog, name=ANSWERING_COG):
    def __init__(self, bot: Host) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Cards' buttons answer from their custom_id, also for cards sent before a restart.
        self.bot.add_dynamic_items(SectionButton, CastPageButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SectionButton, CastPageButton)

    @property
    def cards(self) -> Cards:
        return self.bot.cards

    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.cards.choices(current)
        ]

    async def card(
        self, show_id: int, region: str | None = None, lang: Lang = ENGLISH
    ) -> tuple[discord.Embed, CardView]:
        # Rendered once per data generation and language (services/cards.py), not per request.
        card = await self.cards.show(show_id, region, lang)
        # One view per card, not per reply: its buttons are dynamic items, so discord.py
        # keeps no state for it per message.
        view = card.attached.get("view")
        if not isinstance(view, CardView):
            view = card.attached["view"] = CardView(show_id, card.sections, card.console_text, lang)
        return card.embed, view

    async def show_section(
        self, show_id: int, section: Section, lang: Lang = ENGLISH
    ) -> list[discord.Embed]:
        """What a card's button opens (cogs.show_buttons), in the presser's language."""
        return list(await self.cards.section(show_id, section, lang))

    async def cast_pages(
        self, show_id: int, season: int | None, lang: Lang
    ) -> Sequence[discord.Embed]:
        """The pages `/cast`'s buttons turn (cogs.cast_pager), in the presser's language."""
        return await self.cards.cast(show_id, season, lang)

    async def region_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        """The regions where the chosen show has where-to-watch offers, the server's first."""
        query = getattr(interaction.namespace, "query", None)
        listed: tuple[str, ...] = ()
        # An unfinished or unknown title while typing is normal: it just offers nothing.
        with contextlib.suppress(UserError):
            found = self.cards.resolve(query) if isinstance(query, str) else None
            if found is not None and found.show_id is not None:
                listed = (await self.cards.show(found.show_id)).details.provider.regions
        home = guild_region(interaction)
        ordered = sorted(listed, key=lambda region: region != home)
        typed = current.strip().upper()
        lang = await lang_of(interaction)
        return [
            app_commands.Choice(
                name=lang.gettext("{region} (offers listed)", region=region), value=region
            )
            for region in ordered
            if region.startswith(typed)
        ][:CHOICES]

    @app_commands.command(name="show", description="Look up a K-drama: seasons, cast, ratings")
    @app_commands.describe(
        query="Title in English or Hangul, an alias, or something close",
        region="Where you watch, as a country code such as KR or US (default: the server's)",
    )
    @app_commands.autocomplete(query=show_choices, region=region_choices)
    async def show(
        self, interaction: discord.Interaction[Any], query: str, region: str | None = None
    ) -> None:
        where = parse_region(region) or guild_region(interaction)
        lang = await lang_of(interaction)
        lookup = show_or_live(self.cards.resolve, self.bot.live_search, query)
        found = await in_time(interaction, lookup)
        if found.show_id is not None:
            embed, buttons = await self.card(found.show_id, where, lang)
            await reply(interaction, embed=embed, view=buttons)
            return

        async def picked(pick: discord.Interaction[Any], show_id: int) -> None:
            # Only the member who asked may pick (cogs.views.ShowPicker): same language.
            embed, buttons = await self.card(show_id, where, lang)
            await pick.response.edit_message(
                content=None, embed=embed, view=buttons, allowed_mentions=NO_MENTIONS
            )

        view = ShowPicker(interaction.user.id, found.choices, picked, lang=lang)
        await reply(
            interaction,
            lang.gettext("Several shows match that. Which one did you mean?"),
            view=view,
        )
        view.message = await interaction.original_response()

    @app_commands.command(name="cast", description="Who plays whom in a show")
    @app_commands.describe(show="The show's title", season="Only this season (a number)")
    @app_commands.autocomplete(show=show_choices)
    async def cast(
        self,
        interaction: discord.Interaction[Any],
        show: str,
        season: app_commands.Range[int, 1, 99] | None = None,
    ) -> None:
        lang = await lang_of(interaction)
        found = self.cards.resolve(show)
        if found.show_id is None:
            names = lang.join([f"“{c.label}”" for c in found.choices[:5]])
            raise UserError(
                "Several shows match that: {titles}. Pick one from the suggestions.", titles=names
            )
        pages = await self.cards.cast(found.show_id, season, lang)
        if len(pages) == 1:
            await reply(interaction, embed=pages[0])
            return
        view = CastPages(found.show_id, season, pages, interaction.user.id, lang=lang)
        await reply(interaction, embed=pages[0], view=view)

    async def person_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in await self.cards.people_choices(current)
        ]

    @app_commands.command(name="actor", description="An actor's roles across the catalog")
    @app_commands.describe(name="The actor's name in English or Hangul")
    @app_commands.autocomplete(name=person_choices)
    async def actor(self, interaction: discord.Interaction[Any], name: str) -> None:
        lang = await lang_of(interaction)
        lookup = person_or_live(partial(self.cards.actor, lang=lang), self.bot.live_search, name)
        await reply(interaction, embed=await in_time(interaction, lookup))


def guild_region(interaction: discord.Interaction[Any]) -> str | None:
    """The server's locale as a region (`ko` → KR); the console has none."""
    locale = getattr(interaction, "guild_locale", None)
    return region_for_locale(locale.value if isinstance(locale, discord.Locale) else None)


async def setup(bot: Host) -> None:
    await bot.add_cog(Shows(bot))
