"""The commands as a member of the console's language sees them on Discord.

A Korean console lists `/알림 상태` and takes it as well as `/announce status`, so a
message naming a command in the member's language can be typed as printed. The names are
the ones uploaded to Discord (cogs.translator): a translation Discord would refuse is
shown and taken in English, as Discord shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from cogs.translator import context_of, fits
from render.i18n import Lang

AnyCommand = app_commands.Command[Any, Any, Any]


def _local(lang: Lang, location: Where, data: Any, english: str) -> str:
    context = context_of(location, data)
    if context is None:
        return english
    text = lang.pgettext(context, english)
    return text if fits(location, text) else english


@dataclass(frozen=True)
class Spelling:
    """One command in one language: its path after the slash, help text and option names."""

    command: AnyCommand
    path: str
    description: str
    # parameter name → the option's name in the language
    options: dict[str, str]

    def typed_names(self) -> dict[str, str]:
        """Every name an option may be typed by (its own and the English) → parameter."""
        names = {local.lower(): name for name, local in self.options.items()}
        # The English names win a clash, so what works in English always works.
        names.update({name: name for name in self.options})
        return names


def choice_name(lang: Lang, choice: app_commands.Choice[Any]) -> str:
    return _local(lang, Where.choice_name, None, choice.name)


def spell(command: AnyCommand, lang: Lang) -> Spelling:
    parts: list[str] = []
    node: AnyCommand | app_commands.Group | None = command
    while node is not None:
        where = Where.group_name if isinstance(node, app_commands.Group) else Where.command_name
        parts.append(_local(lang, where, node, node.name))
        node = node.parent
    return Spelling(
        command=command,
        path=" ".join(reversed(parts)),
        description=_local(lang, Where.command_description, command, command.description),
        options={
            param.name: _local(lang, Where.parameter_name, param, param.display_name)
            for param in command.parameters
        },
    )


def by_typed_path(commands: Iterable[AnyCommand], lang: Lang) -> dict[str, Spelling]:
    """`announce status` and `알림 상태` → the same command, spelled in `lang`."""
    found: dict[str, Spelling] = {}
    for command in commands:
        spelling = spell(command, lang)
        found[command.qualified_name.lower()] = spelling
        found.setdefault(spelling.path.lower(), spelling)
    return found
