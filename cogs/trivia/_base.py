"""State and helpers shared by the trivia command mixins."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from core.errors import UserError
from core.text import clip
from core.trivia.clock import Clock, SystemClock
from core.trivia.game import TriviaGame
from db.trivia import TriviaRepository
from db.trivia_scores import ScoreRepository
from services.lookup import ShowFinder

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]


class TriviaBase(commands.Cog):
    """What every trivia command needs: the bot, the stores, the clock, the running games."""

    def __init__(self, bot: Host, clock: Clock | None = None) -> None:
        self.bot = bot
        # Tests swap in a hand-driven clock; games never read the wall clock directly.
        self.clock: Clock = clock or SystemClock()
        self.games: dict[int, TriviaGame] = {}
        # Names this process in the running-games register, to tell its games from a
        # previous run's (which a restart ended).
        self.boot = secrets.token_hex(8)

    @property
    def entries(self) -> TriviaRepository:
        return TriviaRepository(self.bot.db)

    @property
    def scores(self) -> ScoreRepository:
        return ScoreRepository(self.bot.db)

    @property
    def shows(self) -> ShowFinder:
        return ShowFinder(self.bot.catalog, self.bot.titles)

    def now(self) -> dt.datetime:
        return self.clock.now()

    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.shows.autocomplete(current)
        ]

    async def resolve_show(self, query: str | None) -> tuple[int, str] | None:
        """A show option (autocomplete value or typed title) → (id, title); None if empty."""
        if query is None or not query.strip():
            return None
        found = await self.shows.find(query)
        if found.details is None:
            names = ", ".join(f"“{clip(c.label, 60)}”" for c in found.choices[:5])
            raise UserError(
                "Several shows match that: {names}. Pick one from the suggestions.", names=names
            )
        return found.details.show.id, found.details.show.title
