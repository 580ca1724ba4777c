"""Shared interactive parts: a page turner and a show picker, both owned by one member."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from cogs.errors import handle_error
from cogs.locale import lang_of
from cogs.replies import NO_MENTIONS
from core.audience import korean_first
from core.matching import IndexedShow
from core.text import clip
from render.i18n import Lang
from render.limits import SELECT_LABEL, SELECT_OPTIONS

TIMEOUT = 180


class OwnedView(discord.ui.View):
    """Only the member who ran the command may press; errors go to the shared handler."""

    def __init__(self, owner_id: int, timeout: float = TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        # In the presser's language: they are not the member the message was written for.
        lang = await lang_of(interaction)
        await interaction.response.send_message(
            lang.gettext("Only the member who ran this command can use these controls."),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        return False

    async def on_error(
        self,
        interaction: discord.Interaction[Any],
        error: Exception,
        item: discord.ui.Item[Any],
    ) -> None:
        await handle_error(interaction, error)

    async def on_timeout(self) -> None:
        for child in self.children:
            if isinstance(child, discord.ui.Button | discord.ui.Select):
                child.disabled = True
        if self.message is not None:
            # The message may be gone; nothing the member needs to hear about.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    def console_text(self) -> str:
        return ""


ShowCallback = Callable[[discord.Interaction[Any], int], Awaitable[None]]


class ShowPicker(OwnedView):
    """A select menu of same-looking shows; picking one loads that show by id."""

    def __init__(
        self,
        owner_id: int,
        shows: Sequence[IndexedShow],
        on_pick: ShowCallback,
        *,
        lang: Lang,
    ) -> None:
        super().__init__(owner_id)
        self.on_pick = on_pick
        self.lang = lang
        # Near-equal matches only reach a picker: there, Korean titles lead.
        self.shows = korean_first(shows)[:SELECT_OPTIONS]
        self.select: discord.ui.Select[ShowPicker] = discord.ui.Select(
            placeholder=lang.gettext("Which show did you mean?"),
            options=[
                discord.SelectOption(label=clip(show.label, SELECT_LABEL), value=str(show.id))
                for show in self.shows
            ],
        )
        self.select.callback = self._picked  # type: ignore[method-assign]
        self.add_item(self.select)

    async def _picked(self, interaction: discord.Interaction[Any]) -> None:
        await self.on_pick(interaction, int(self.select.values[0]))
        self.stop()

    def console_text(self) -> str:
        lines = [
            # The value goes in /show's query option: a bare `show:ID` reads as an option.
            "  "
            + self.lang.gettext(
                "{number}. {title}  (use: {typed})",
                number=n,
                title=show.label,
                typed=f"query:show:{show.id}",
            )
            for n, show in enumerate(self.shows, 1)
        ]
        return "\n".join([self.lang.gettext("Choices:"), *lines])
