"""`/cast`'s page buttons, answered from memory however old the message is.

Each button's custom_id carries the show, the season, the page it turns to and the member
who ran the command (`cast:1:0:2:123:n`); the class is registered as a dynamic item at
start. The bot keeps no view per message: pages come from the cast memo
(services/cards.py), so a thousand `/cast` answers cost no memory after they are sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal, Protocol, runtime_checkable

import discord

from cogs.errors import handle_error
from cogs.locale import lang_of
from cogs.replies import NO_MENTIONS
from cogs.show_buttons import ANSWERING_COG
from core.errors import UserError
from render.i18n import ENGLISH, Lang
from render.text import embed_to_text

_TEMPLATE = (
    r"cast:(?P<show>[0-9]{1,18}):(?P<season>[0-9]{1,2}):(?P<page>[0-9]{1,3})"
    r":(?P<owner>[0-9]{1,20}):(?P<way>[pn])"
)
Way = Literal["p", "n"]


def label(lang: Lang, way: Way) -> str:
    if way == "p":
        return lang.pgettext("page button", "◀ Previous")
    return lang.pgettext("page button", "Next ▶")


@runtime_checkable
class CastSource(Protocol):
    async def cast_pages(
        self, show_id: int, season: int | None, lang: Lang
    ) -> Sequence[discord.Embed]: ...


class CastPageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_TEMPLATE):
    def __init__(
        self,
        show_id: int,
        season: int | None,
        page: int,
        owner_id: int,
        way: Way,
        *,
        disabled: bool = False,
        lang: Lang = ENGLISH,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label(lang, way),
                style=discord.ButtonStyle.secondary,
                custom_id=f"cast:{show_id}:{season or 0}:{page}:{owner_id}:{way}",
                disabled=disabled,
            )
        )
        self.show_id = show_id
        self.season = season
        self.page = page
        self.owner_id = owner_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CastPageButton:
        way: Way = "p" if match["way"] == "p" else "n"
        season = int(match["season"]) or None
        return cls(int(match["show"]), season, int(match["page"]), int(match["owner"]), way)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Dynamic items have no view-level error hook: errors are answered here.
        try:
            lang = await lang_of(interaction)
            if interaction.user.id != self.owner_id:
                await interaction.response.send_message(
                    lang.gettext("Only the member who ran this command can use these controls."),
                    ephemeral=True,
                    allowed_mentions=NO_MENTIONS,
                )
                return
            source = interaction.client.get_cog(ANSWERING_COG)
            if not isinstance(source, CastSource):
                raise UserError("The show commands are restarting; press again in a moment.")
            pages = await source.cast_pages(self.show_id, self.season, lang)
            index = max(0, min(self.page, len(pages) - 1))
            view = CastPages(self.show_id, self.season, pages, self.owner_id, index, lang=lang)
            await interaction.response.edit_message(embed=pages[index], view=view)
        except Exception as exc:  # every failure is answered; unexpected ones are logged
            await handle_error(interaction, exc)


class CastPages(discord.ui.View):
    """Previous and Next under one page of a cast."""

    def __init__(
        self,
        show_id: int,
        season: int | None,
        pages: Sequence[discord.Embed],
        owner_id: int,
        index: int = 0,
        *,
        lang: Lang = ENGLISH,
    ) -> None:
        super().__init__(timeout=None)
        self._pages = pages
        last = len(pages) - 1
        before, after = max(index - 1, 0), min(index + 1, last)
        self.add_item(
            CastPageButton(show_id, season, before, owner_id, "p", disabled=index <= 0, lang=lang)
        )
        self.add_item(
            CastPageButton(show_id, season, after, owner_id, "n", disabled=index >= last, lang=lang)
        )

    def console_text(self) -> str:
        # A terminal cannot press buttons, so it reads every page at once.
        return "\n\n".join(embed_to_text(page) for page in self._pages[1:])
