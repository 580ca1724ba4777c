"""Page buttons for a long `/airing day`: a short-lived view owned by the member who asked
(a day's listing changes with every refresh, so it is not worth a dynamic item)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from cogs.views import OwnedView
from render.i18n import Lang
from render.text import embed_to_text


class DayPager(OwnedView):
    def __init__(self, owner_id: int, pages: Sequence[discord.Embed], lang: Lang) -> None:
        super().__init__(owner_id)
        self.pages = list(pages)
        self.index = 0
        self.previous.label = lang.pgettext("a page button of /airing day", "◀ Previous")
        self.next.label = lang.pgettext("a page button of /airing day", "Next ▶")
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[DayPager]
    ) -> None:
        self.index = max(0, self.index - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[DayPager]
    ) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    def console_text(self) -> str:
        # A terminal cannot press buttons, so it reads every page at once.
        return "\n\n".join(embed_to_text(page) for page in self.pages[1:])
