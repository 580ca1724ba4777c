"""The language to answer an interaction in (see services/languages.py for the order)."""

from __future__ import annotations

import logging
from typing import Any

import discord

from core.locales import resolve
from render.i18n import LANGUAGES, Lang
from services.languages import ServerLanguages

log = logging.getLogger(__name__)


def _tag(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


async def lang_of(interaction: discord.Interaction[Any]) -> Lang:
    """The member's language; English when nothing better is known. Never raises: an
    answer in English beats no answer."""
    return await _answer_in(interaction, _tag(getattr(interaction, "locale", None)))


async def server_lang_of(interaction: discord.Interaction[Any]) -> Lang:
    """The server's language (its `/settings language`, else its Discord locale), whoever
    ran the command: for what the whole channel reads, such as a game's questions."""
    return await _answer_in(interaction, None)


async def _answer_in(interaction: discord.Interaction[Any], member: str | None) -> Lang:
    guild = _tag(getattr(interaction, "guild_locale", None))
    languages = getattr(getattr(interaction, "client", None), "languages", None)
    if isinstance(languages, ServerLanguages):
        try:
            return await languages.for_member(member, getattr(interaction, "guild_id", None), guild)
        except Exception:
            log.warning("could not read the server's language; answering by Discord's")
    return LANGUAGES.get(resolve((member, guild)))
