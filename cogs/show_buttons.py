"""The show card's `Cast`, `Notes` and `Sources` buttons.

Each button's custom_id carries the section and the show's id (`card:notes:1`), and the
bot registers the button class as a dynamic item at start: a card posted days ago, before
any number of restarts, still answers. Anyone may press; the answer is shown only to
whoever pressed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import discord

from cogs.errors import handle_error
from cogs.locale import lang_of
from cogs.replies import reply
from core.errors import UserError
from render.i18n import ENGLISH, Lang
from render.show_sections import SECTIONS, Section, section_label

# The cog that answers the buttons (cogs.shows.Shows); looked up at press time so the
# buttons keep working across extension reloads.
ANSWERING_COG = "Shows"
_TEMPLATE = r"card:(?P<section>cast|notes|sources):(?P<show_id>[0-9]{1,18})"


@runtime_checkable
class SectionSource(Protocol):
    async def show_section(
        self, show_id: int, section: Section, lang: Lang
    ) -> list[discord.Embed]: ...


def custom_id(section: Section, show_id: int) -> str:
    return f"card:{section}:{show_id}"


class SectionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_TEMPLATE):
    """Labelled in the card's language; it answers in the language of whoever presses it."""

    def __init__(self, section: Section, show_id: int, lang: Lang = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=section_label(lang, section),
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id(section, show_id),
            )
        )
        self.section: Section = section
        self.show_id = show_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SectionButton:
        section = match["section"]
        assert section in SECTIONS  # the template allows nothing else
        return cls(section, int(match["show_id"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Dynamic items have no view-level error hook: errors are answered here.
        try:
            source = interaction.client.get_cog(ANSWERING_COG)
            if not isinstance(source, SectionSource):
                raise UserError("The show commands are restarting; press again in a moment.")
            lang = await lang_of(interaction)
            embeds = await source.show_section(self.show_id, self.section, lang)
            await reply(interaction, embeds=embeds, ephemeral=True)
        except Exception as exc:  # every failure is answered; unexpected ones are logged
            await handle_error(interaction, exc)


class CardView(discord.ui.View):
    """The buttons under one card. Never times out: the buttons are dynamic items, so
    the view itself is not kept in memory after sending."""

    def __init__(
        self,
        show_id: int,
        sections: Sequence[Section],
        console: Callable[[], str],
        lang: Lang = ENGLISH,
    ) -> None:
        super().__init__(timeout=None)
        self._console = console
        for section in sections:
            self.add_item(SectionButton(section, show_id, lang))

    def console_text(self) -> str:
        # A terminal cannot press buttons, so it prints what they would open.
        return self._console()
