"""`/show`, `/cast` and `/actor`: parse, look up, reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.replies import NO_MENTIONS, reply
from cogs.show_buttons import ANSWERING_COG, CardView, SectionButton
from cogs.views import Paginator, ShowPicker
from core.errors import UserError
from db.charts import ChartRepository
from render.charts import show_chart_lines
from render.show_sections import Section, available, section_embeds
from render.shows import actor_card, cast_pages, show_card
from render.text import embed_to_text
from services.lookup import PersonFinder, ShowFinder

if TYPE_CHECKING:
    from bot import HallyuBot

Choices = list[app_commands.Choice[str]]


class Shows(commands.Cog, name=ANSWERING_COG):
    def __init__(self, bot: HallyuBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # Cards' buttons answer from their custom_id, also for cards sent before a restart.
        self.bot.add_dynamic_items(SectionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SectionButton)

    @property
    def shows(self) -> ShowFinder:
        return ShowFinder(self.bot.catalog, self.bot.titles)

    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.shows.autocomplete(current)
        ]

    async def card(self, show_id: int) -> tuple[discord.Embed, CardView]:
        details = await self.shows.by_id(show_id)
        history = await ChartRepository(self.bot.db).history(show_id)
        lines = show_chart_lines(history)
        sections = available(details, lines)

        def console() -> str:
            return "\n\n".join(
                embed_to_text(embed)
                for section in sections
                for embed in section_embeds(details, section, lines)
            )

        return show_card(details, lines), CardView(show_id, sections, console)

    async def show_section(self, show_id: int, section: Section) -> list[discord.Embed]:
        """What a card's button opens (cogs.show_buttons)."""
        details = await self.shows.by_id(show_id)
        history = await ChartRepository(self.bot.db).history(show_id)
        return section_embeds(details, section, show_chart_lines(history))

    @app_commands.command(name="show", description="Look up a K-drama: seasons, cast, ratings")
    @app_commands.describe(query="Title in English or Hangul, an alias, or something close")
    @app_commands.autocomplete(query=show_choices)
    async def show(self, interaction: discord.Interaction[Any], query: str) -> None:
        found = await self.shows.find(query)
        if found.details is not None:
            embed, buttons = await self.card(found.details.show.id)
            await reply(interaction, embed=embed, view=buttons)
            return

        async def picked(pick: discord.Interaction[Any], show_id: int) -> None:
            embed, buttons = await self.card(show_id)
            await pick.response.edit_message(
                content=None, embed=embed, view=buttons, allowed_mentions=NO_MENTIONS
            )

        view = ShowPicker(interaction.user.id, found.choices, picked)
        await reply(interaction, "Several shows match that. Which one did you mean?", view=view)
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
        found = await self.shows.find(show)
        details = found.details
        if details is None:
            names = ", ".join(f"“{c.label}”" for c in found.choices[:5])
            raise UserError(f"Several shows match that: {names}. Pick one from the suggestions.")
        if season is not None and season not in {s.number for s in details.seasons}:
            raise UserError(f"{details.show.title} has no season {season} in the catalog.")
        pages = cast_pages(details, season)
        if len(pages) == 1:
            await reply(interaction, embed=pages[0])
            return
        view = Paginator(interaction.user.id, pages)
        await reply(interaction, embed=pages[0], view=view)
        view.message = await interaction.original_response()

    async def person_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in await PersonFinder(self.bot.catalog).autocomplete(current)
        ]

    @app_commands.command(name="actor", description="An actor's roles across the catalog")
    @app_commands.describe(name="The actor's name in English or Hangul")
    @app_commands.autocomplete(name=person_choices)
    async def actor(self, interaction: discord.Interaction[Any], name: str) -> None:
        details = await PersonFinder(self.bot.catalog).find(name)
        await reply(interaction, embed=actor_card(details))


async def setup(bot: HallyuBot) -> None:
    await bot.add_cog(Shows(bot))
