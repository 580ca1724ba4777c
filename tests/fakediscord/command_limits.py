"""Validation of application command registrations (PUT/POST commands).

Discord rejects the whole bulk overwrite when one command is invalid, so a bot
that syncs a bad tree fails at startup; catching it here names the culprit.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from .limits import Path, Problem, bad_len, check_choices, max_len

JSON = dict[str, Any]

CHAT_INPUT, USER, MESSAGE = 1, 2, 3
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2


def _name_char_ok(ch: str) -> bool:
    # Python's re lacks \p{...}; this mirrors ^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]$
    # (the Devanagari and Thai blocks stand in for their scripts, whose combining
    # marks are not letters or numbers).
    if ch in "-_":
        return True
    if unicodedata.category(ch)[0] in ("L", "N"):
        return True
    code = ord(ch)
    return 0x0900 <= code <= 0x097F or 0x0E00 <= code <= 0x0E7F


def check_name(name: Any, path: Path, *, chat_input: bool) -> Iterator[Problem]:
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        yield from bad_len(name, 1, 32, path)
        return
    if chat_input:
        if not all(_name_char_ok(c) for c in name):
            yield Problem(
                path,
                f"Command name {name!r} is invalid (must match "
                r"^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$).",
                "APPLICATION_COMMAND_INVALID_NAME",
            )
        elif name != name.lower():
            yield Problem(
                path,
                f"Command name {name!r} must be lower case.",
                "APPLICATION_COMMAND_INVALID_NAME",
            )


def _check_localized(obj: JSON, path: Path, *, chat_input: bool) -> Iterator[Problem]:
    for locale, value in (obj.get("name_localizations") or {}).items():
        yield from check_name(value, (*path, "name_localizations", locale), chat_input=chat_input)
    for locale, value in (obj.get("description_localizations") or {}).items():
        yield from bad_len(value, 1, 100, (*path, "description_localizations", locale))


def _check_option(option: JSON, path: Path, depth: int) -> Iterator[Problem]:
    yield from check_name(option.get("name"), (*path, "name"), chat_input=True)
    yield from bad_len(option.get("description"), 1, 100, (*path, "description"))
    yield from _check_localized(option, path, chat_input=True)
    otype = option.get("type")
    choices = option.get("choices")
    if isinstance(choices, list):
        yield from check_choices(choices, (*path, "choices"))
        if option.get("autocomplete"):
            yield Problem(
                (*path, "autocomplete"),
                "Autocomplete cannot be set with choices.",
                "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES",
            )
    if otype in (SUBCOMMAND, SUBCOMMAND_GROUP):
        max_depth = 1 if otype == SUBCOMMAND_GROUP else 2
        if depth >= max_depth:
            yield Problem(
                (*path, "type"),
                "Sub-commands nest at most group > subcommand.",
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            )
    yield from _check_options(option.get("options"), (*path, "options"), depth + 1)


def _check_options(options: Any, path: Path, depth: int) -> Iterator[Problem]:
    if not isinstance(options, list):
        return
    yield from max_len(options, 25, path, "options")
    names = Counter(o.get("name") for o in options if isinstance(o, dict))
    for name, count in names.items():
        if count > 1:
            yield Problem(
                path,
                f"Option name {name!r} is used {count} times.",
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
            )
    optional_seen = False
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            continue
        if option.get("type") not in (SUBCOMMAND, SUBCOMMAND_GROUP):
            if option.get("required"):
                if optional_seen:
                    yield Problem(
                        (*path, i, "required"),
                        "Required options must be placed before optional options.",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    )
            else:
                optional_seen = True
        yield from _check_option(option, (*path, i), depth)


def _total_chars(obj: Any) -> int:
    # Discord caps name + description + option names/descriptions/choice values.
    if isinstance(obj, list):
        return sum(_total_chars(o) for o in obj)
    if not isinstance(obj, dict):
        return 0
    total = sum(len(str(obj.get(k) or "")) for k in ("name", "description"))
    total += sum(
        len(str(c.get("name", ""))) + len(str(c.get("value", "")))
        for c in obj.get("choices") or []
        if isinstance(c, dict)
    )
    return total + _total_chars(obj.get("options") or [])


def check_command(command: Any, path: Path = ()) -> list[Problem]:
    if not isinstance(command, dict):
        return [Problem(path, "Command must be an object.", "DICT_TYPE_CONVERT")]
    ctype = command.get("type") or CHAT_INPUT
    chat_input = ctype == CHAT_INPUT
    problems = list(check_name(command.get("name"), (*path, "name"), chat_input=chat_input))
    if chat_input:
        problems += bad_len(command.get("description"), 1, 100, (*path, "description"))
    elif command.get("description"):
        problems.append(
            Problem(
                (*path, "description"),
                "User and message commands cannot have a description.",
                "APPLICATION_COMMAND_INVALID_DESCRIPTION",
            )
        )
    problems += _check_localized(command, path, chat_input=chat_input)
    problems += _check_options(command.get("options"), (*path, "options"), 0)
    total = _total_chars(command)
    if total > 4000:
        problems.append(
            Problem(
                path,
                f"Command is {total} characters in total; must be 4000 or fewer.",
                "APPLICATION_COMMAND_TOO_LARGE",
            )
        )
    return problems


def check_command_list(commands: Any) -> list[Problem]:
    if not isinstance(commands, list):
        return [Problem((), "Bulk overwrite needs a JSON array.", "LIST_TYPE_CONVERT")]
    problems: list[Problem] = []
    for i, command in enumerate(commands):
        problems += check_command(command, (i,))
    kinds = Counter((c.get("type") or CHAT_INPUT) for c in commands if isinstance(c, dict))
    for ctype, limit in ((CHAT_INPUT, 100), (USER, 15), (MESSAGE, 15)):
        if kinds[ctype] > limit:
            problems.append(
                Problem(
                    (),
                    f"{kinds[ctype]} commands of type {ctype}; the maximum is {limit}.",
                    "APPLICATION_COMMANDS_MAX_EXCEEDED",
                )
            )
    names = Counter(
        ((c.get("type") or CHAT_INPUT), c.get("name")) for c in commands if isinstance(c, dict)
    )
    for (ctype, name), count in names.items():
        if count > 1:
            problems.append(
                Problem(
                    (),
                    f"Command name {name!r} (type {ctype}) is registered {count} times.",
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                )
            )
    return problems
