"""`/show`, `/cast` and `/actor`: parse, look up, reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.replies import NO_MENTIONS, reply
from cogs.views import Paginator, ShowPicker
from core.errors import UserError
from services.cards import Cards

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]


class Shows(commands.Cog):
    def __init__(self, bot: Host) -> None:
        self.bot = bot

    @property
    def cards(self) -> Cards:
        return self.bot.cards

    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.cards.choices(current)
        ]

    async def card(self, show_id: int) -> discord.Embed:
        # Rendered once per data generation (services/cards.py), not per request.
        return await self.cards.show(show_id)

    @app_commands.command(name="show", description="Look up a K-drama: seasons, cast, ratings")
    @app_commands.describe(query="Title in English or Hangul, an alias, or something close")
    @app_commands.autocomplete(query=show_choices)
    async def show(self, interaction: discord.Interaction[Any], query: str) -> None:
        found = self.cards.resolve(query)
        if found.show_id is not None:
            await reply(interaction, embed=await self.card(found.show_id))
            return

        async def picked(pick: discord.Interaction[Any], show_id: int) -> None:
            await pick.response.edit_message(
                content=None,
                embed=await self.card(show_id),
                view=None,
                allowed_mentions=NO_MENTIONS,
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
        found = self.cards.resolve(show)
        if found.show_id is None:
            names = ", ".join(f"“{c.label}”" for c in found.choices[:5])
            raise UserError(f"Several shows match that: {names}. Pick one from the suggestions.")
        pages = list(await self.cards.cast(found.show_id, season))
        if len(pages) == 1:
            await reply(interaction, embed=pages[0])
            return
        view = Paginator(interaction.user.id, pages)
        await reply(interaction, embed=pages[0], view=view)
        view.message = await interaction.original_response()

    async def person_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in await self.cards.people_choices(current)
        ]

    @app_commands.command(name="actor", description="An actor's roles across the catalog")
    @app_commands.describe(name="The actor's name in English or Hangul")
    @app_commands.autocomplete(name=person_choices)
    async def actor(self, interaction: discord.Interaction[Any], name: str) -> None:
        await reply(interaction, embed=await self.cards.actor(name))


async def setup(bot: Host) -> None:
    await bot.add_cog(Shows(bot))
