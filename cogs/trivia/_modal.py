"""Forms: editing an entry's long text, and typing an answer during a game."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from cogs.errors import handle_error
from core.trivia.answers import MAX_GUESS
from core.trivia.fields import (
    ALIAS_SEPARATOR,
    MAX_ANSWER,
    MAX_QUESTION,
    EntryDraft,
    draft,
    split_aliases,
)
from db.trivia import TriviaEntry

ANSWER_INPUT = "trivia:answer"
SaveEdit = Callable[[discord.Interaction[Any], EntryDraft], Awaitable[None]]
SubmitAnswer = Callable[[discord.Interaction[Any], str], Awaitable[None]]


class EntryModal(discord.ui.Modal):
    def __init__(self, entry: TriviaEntry, on_save: SaveEdit) -> None:
        super().__init__(title=f"Edit trivia entry #{entry.number}")
        self.entry = entry
        self.on_save = on_save
        self.question: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label="Question",
            style=discord.TextStyle.paragraph,
            default=entry.question,
            max_length=MAX_QUESTION,
        )
        self.answer: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label="Answer", default=entry.answer, max_length=MAX_ANSWER
        )
        self.aliases: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label=f"Other accepted answers, separated by {ALIAS_SEPARATOR}",
            style=discord.TextStyle.paragraph,
            default=f"{ALIAS_SEPARATOR} ".join(entry.aliases),
            required=False,
            max_length=1200,
        )
        self.difficulty: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label="Difficulty: easy, medium or hard", default=entry.difficulty, max_length=10
        )
        for item in (self.question, self.answer, self.aliases, self.difficulty):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        clean = draft(
            self.question.value,
            self.answer.value,
            split_aliases(self.aliases.value),
            self.difficulty.value,
            self.entry.show_id,
        )
        await self.on_save(interaction, clean)

    async def on_error(  # type: ignore[override]  # a Modal's handler has no item
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await handle_error(interaction, error)


class AnswerModal(discord.ui.Modal):
    def __init__(self, round_number: int, on_answer: SubmitAnswer) -> None:
        super().__init__(title=f"Answer question {round_number}")
        self.on_answer = on_answer
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label="Your answer", max_length=min(MAX_GUESS, 200), custom_id=ANSWER_INPUT
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.on_answer(interaction, self.answer.value)

    async def on_error(  # type: ignore[override]  # a Modal's handler has no item
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await handle_error(interaction, error)
