"""Command names, descriptions, options and choices in every shipped language, through
discord.py's `app_commands.Translator` (installed on the tree before `sync`).

Each string is looked up with a context naming where it sits (`command name: /chart top`),
so one English word can read differently in two places and the `.pot` tells translators
what they are naming. The same walk feeds the extractor (tools/i18n.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from core.locales import NATIVE_NAMES, SOURCE, supported
from render.i18n import LANGUAGES, Languages

# Discord's rule for command and option names (lowercase where the script has case).
NAME = re.compile(r"^[-_\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
DESCRIPTION_MAX = 100
CHOICE_MAX = 100
CHOICE_CONTEXT = "choice"
_NATIVE = frozenset(NATIVE_NAMES.values())


def _command_path(command: Any) -> str:
    return f"/{command.qualified_name}"


def context_of(location: Where, data: Any) -> str | None:
    """The catalog context of a string at `location` (None: not a command string)."""
    if location is Where.command_name:
        return f"command name: {_command_path(data)}"
    if location is Where.command_description:
        return f"command description: {_command_path(data)}"
    if location is Where.group_name:
        return f"command name: {_command_path(data)}"
    if location is Where.group_description:
        return f"command description: {_command_path(data)}"
    if location is Where.parameter_name:
        return f"option name: {_command_path(data.command)} {data.display_name}"
    if location is Where.parameter_description:
        return f"option description: {_command_path(data.command)} {data.display_name}"
    if location is Where.choice_name:
        return CHOICE_CONTEXT
    return None


def valid_name(text: str) -> bool:
    return bool(NAME.match(text)) and text == text.lower()


def fits(location: Where, text: str) -> bool:
    """Whether Discord accepts `text` at `location`: a bad translation must not make the
    whole sync fail, so it is left out (Discord then shows the English)."""
    if location in (Where.command_name, Where.group_name, Where.parameter_name):
        return valid_name(text)
    if location is Where.choice_name:
        return 1 <= len(text) <= CHOICE_MAX
    return 1 <= len(text) <= DESCRIPTION_MAX


class CommandTranslator(app_commands.Translator):
    def __init__(self, languages: Languages = LANGUAGES) -> None:
        self.languages = languages

    async def load(self) -> None:
        self.languages.preload()

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        tag = supported(locale.value)
        if tag is None or tag == SOURCE:
            return None
        key = context_of(context.location, context.data)
        if key is None:
            return None
        text = self.languages.get(tag).messages.singular.get((key, string.message))
        if text is None or not fits(context.location, text):
            return None
        return text


def command_strings(
    tree: app_commands.CommandTree[Any],
) -> Iterator[tuple[str, str, Where]]:
    """(context, English text, location) of every translatable string in the tree."""
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Group):
            yield context_of(Where.group_name, command) or "", command.name, Where.group_name
            yield (
                context_of(Where.group_description, command) or "",
                command.description,
                Where.group_description,
            )
            continue
        yield context_of(Where.command_name, command) or "", command.name, Where.command_name
        yield (
            context_of(Where.command_description, command) or "",
            command.description,
            Where.command_description,
        )
        for param in command.parameters:
            yield (
                context_of(Where.parameter_name, param) or "",
                param.display_name,
                Where.parameter_name,
            )
            yield (
                context_of(Where.parameter_description, param) or "",
                param.description,
                Where.parameter_description,
            )
            for choice in param.choices:
                # A language offered by its own name reads the same in every language.
                if choice.name not in _NATIVE:
                    yield CHOICE_CONTEXT, choice.name, Where.choice_name
