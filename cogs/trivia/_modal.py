"""Forms: editing an entry's long text, and typing an answer during a game. Both open for
one member, so both speak that member's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from cogs.errors import handle_error
from core.errors import UserError
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
from render.i18n import Lang
from render.trivia import difficulty_from_label, difficulty_label, difficulty_labels

ANSWER_INPUT = "trivia:answer"
SaveEdit = Callable[[discord.Interaction[Any], EntryDraft], Awaitable[None]]
SubmitAnswer = Callable[[discord.Interaction[Any], str], Awaitable[None]]


def _difficulty_prompt(lang: Lang) -> str:
    labels = difficulty_labels(lang)
    return lang.gettext(
        "Difficulty: {easy}, {medium} or {hard}",
        easy=labels["easy"],
        medium=labels["medium"],
        hard=labels["hard"],
    )


class EntryModal(discord.ui.Modal):
    def __init__(self, entry: TriviaEntry, on_save: SaveEdit, lang: Lang) -> None:
        super().__init__(title=lang.gettext("Edit trivia entry #{number}", number=entry.number))
        self.entry = entry
        self.on_save = on_save
        self.lang = lang
        self.question: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label=lang.pgettext("trivia", "Question"),
            style=discord.TextStyle.paragraph,
            default=entry.question,
            max_length=MAX_QUESTION,
        )
        self.answer: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label=lang.pgettext("trivia", "Answer"), default=entry.answer, max_length=MAX_ANSWER
        )
        self.aliases: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label=lang.gettext(
                "Other accepted answers, separated by {separator}", separator=ALIAS_SEPARATOR
            ),
            style=discord.TextStyle.paragraph,
            default=f"{ALIAS_SEPARATOR} ".join(entry.aliases),
            required=False,
            max_length=1200,
        )
        self.difficulty: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            label=_difficulty_prompt(lang),
            default=difficulty_label(entry.difficulty, lang),
            max_length=20,
        )
        for item in (self.question, self.answer, self.aliases, self.difficulty):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        difficulty = difficulty_from_label(self.difficulty.value, self.lang)
        if difficulty is None:
            # The form offered the words in the member's language: name them the same way.
            labels = difficulty_labels(self.lang)
            raise UserError(
                "Type {easy}, {medium} or {hard} as the difficulty.",
                easy=labels["easy"],
                medium=labels["medium"],
                hard=labels["hard"],
            )
        clean = draft(
            self.question.value,
            self.answer.value,
            split_aliases(self.aliases.value),
            difficulty,
            self.entry.show_id,
        )
        await self.on_save(interaction, clean)

    async def on_error(  # type: ignore[override]  # a Modal's handler has no item
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await handle_error(interaction, error)


class AnswerModal(discord.ui.Modal):
    def __init__(self, round_number: int, on_answer: SubmitAnswer, lang: Lang) -> None:
        super().__init__(title=lang.gettext("Answer question {number}", number=round_number))
        self.on_answer = on_answer
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label=lang.pgettext("trivia", "Your answer"),
            max_length=min(MAX_GUESS, 200),
            custom_id=ANSWER_INPUT,
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.on_answer(interaction, self.answer.value)

    async def on_error(  # type: ignore[override]  # a Modal's handler has no item
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await handle_error(interaction, error)
