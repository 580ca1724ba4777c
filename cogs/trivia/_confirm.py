"""Asking before deleting: Remove / Keep buttons that only the asking moderator can press."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from cogs.replies import NO_MENTIONS
from cogs.views import OwnedView
from db.trivia import TriviaEntry
from render.i18n import Lang
from render.trivia import (
    EntryHeading,
    entry_card,
    keep_button,
    removal_kept,
    removal_question,
    remove_button,
)

CONFIRM_SECONDS = 60.0
Remove = Callable[[discord.Interaction[Any]], Awaitable[TriviaEntry]]


class ConfirmRemoval(OwnedView):
    """Nothing is deleted unless the moderator presses Remove before the buttons expire.
    Only the asking moderator sees it, so it speaks their language throughout."""

    def __init__(
        self, asked: discord.Interaction[Any], entry: TriviaEntry, remove: Remove, lang: Lang
    ) -> None:
        super().__init__(asked.user.id, timeout=CONFIRM_SECONDS)
        self.lang = lang
        self.confirm.label = remove_button(lang)
        self.keep.label = keep_button(lang)
        # The question is the reply to `asked`: editable through it for 15 minutes,
        # without waiting to learn the message's id.
        self.asked = asked
        self.entry = entry
        self.remove = remove
        self.answered = False

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmRemoval]
    ) -> None:
        # On failure (right lost, entry changed) the error is the answer; Keep still works.
        removed = await self.remove(interaction)
        self.answered = True
        self.stop()
        await interaction.response.edit_message(
            content=None,
            embed=entry_card(removed, EntryHeading.REMOVED, self.lang),
            view=None,
            allowed_mentions=NO_MENTIONS,
        )

    @discord.ui.button(label="Keep", style=discord.ButtonStyle.secondary)
    async def keep(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmRemoval]
    ) -> None:
        self.answered = True
        self.stop()
        await interaction.response.edit_message(
            content=removal_kept(self.entry.number, timed_out=False, lang=self.lang),
            embed=None,
            view=None,
            allowed_mentions=NO_MENTIONS,
        )

    async def on_timeout(self) -> None:
        if self.answered:
            return
        # The message may be gone; the entry is kept either way.
        with contextlib.suppress(discord.HTTPException):
            await self.asked.edit_original_response(
                content=removal_kept(self.entry.number, timed_out=True, lang=self.lang),
                embed=None,
                view=None,
                allowed_mentions=NO_MENTIONS,
            )

    def console_text(self) -> str:
        return removal_question(self.entry.number, CONFIRM_SECONDS, self.lang)
