"""A game in the offline console: questions print in the terminal, answers come from stdin,
all in the console's language (`--locale`)."""

from __future__ import annotations

import asyncio
from typing import Any

import discord

from cogs.replies import reply
from cogs.trivia._discord_game import won_points
from core.trivia.game import EndReason, GameResult, Round, TriviaGame, Verdict
from render.i18n import Lang
from render.trivia_play import (
    console_hint,
    game_over_card,
    question_card,
    result_card,
    verdict_text,
)


class ConsolePresenter:
    def __init__(self, interaction: discord.Interaction[Any], lang: Lang) -> None:
        self.interaction = interaction
        self.lang = lang
        # Set while a question waits for an answer: the terminal is asked only then.
        self.open = asyncio.Event()

    async def question(self, game: TriviaGame, round: Round) -> None:
        embed = question_card(round, game.total_rounds, self.lang, hint=console_hint(self.lang))
        await reply(self.interaction, embed=embed)
        self.open.set()

    async def reveal(self, game: TriviaGame, round: Round) -> None:
        self.open.clear()
        embed = result_card(round, game.total_rounds, self.lang)
        await reply(self.interaction, embed=embed)

    async def finished(self, game: TriviaGame, result: GameResult) -> None:
        await reply(self.interaction, embed=game_over_card(result, game.total_rounds, self.lang))


async def play_in_console(
    interaction: Any, game: TriviaGame, presenter: ConsolePresenter
) -> GameResult:
    """Run the game while feeding it the operator's lines, until it ends or stdin closes."""
    user = interaction.user
    lang = presenter.lang
    running = asyncio.create_task(game.run())
    reading: asyncio.Task[str | None] | None = None
    while not running.done():
        if reading is None:
            if not presenter.open.is_set():
                opened = asyncio.create_task(presenter.open.wait())
                await asyncio.wait({running, opened}, return_when=asyncio.FIRST_COMPLETED)
                opened.cancel()
                continue
            reading = asyncio.create_task(interaction.ask(lang.gettext("Your answer:")))
        done, _ = await asyncio.wait({running, reading}, return_when=asyncio.FIRST_COMPLETED)
        if reading not in done:
            continue
        line, reading = reading.result(), None
        if line is None or line.strip() == "/stop":
            # Nothing more to ask: with stdin closed another prompt would print after
            # "Game stopped" and read nothing.
            presenter.open.clear()
            await game.stop(EndReason.STOPPED, by=user.id)
            return await running
        if not line.strip():
            await game.skip()
        else:
            verdict = await game.submit(user.id, user.display_name, line)
            if verdict is not Verdict.WRONG:
                presenter.open.clear()  # this question is over: wait for the next one
            await reply(interaction, verdict_text(verdict, won_points(game), lang))
    if reading is not None:
        # The terminal read cannot be cancelled (it runs in a thread); let the operator
        # finish it so the next command line is not swallowed.
        notice = lang.gettext("(Press Enter to return to the prompt.)")
        print(notice, file=interaction.printer.out, flush=True)
        await reading
    return running.result()
