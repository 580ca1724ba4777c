"""Reading `/command bare text opt:value opt:value` the way Discord's options read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.i18n import Text

# What Discord allows as an option name: a typed `name:value` with such a name that the
# command does not have is a mistake, not part of a title. A value starting with `//`
# is a URL's scheme (`https://…`), and a capital letter (`Re:Zero`) is text.
_OPTION_LIKE = re.compile(r"^([a-z][a-z0-9_-]{0,31}):(?!//)(\S+)$")


class ConsoleUsageError(Exception):
    """The typed line is not a valid command; printed, exit status 2 with -c. The message
    is kept as its English source and values and printed in the console's language."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.text = Text(message, values)
        super().__init__(self.text.english)


def split_options(
    text: str, names: Sequence[str], command: str = "", listed: Sequence[str] = ()
) -> dict[str, str]:
    """`a b c opt:x y other:z` → {first: "a b c", opt: "x y", other: "z"}.

    Only known option names count as `name:` so a value may itself hold colons
    (`Weak Hero: Class 2`); `extra:1` where the command has no `extra` option is refused
    (as Discord would), rather than searched for as part of the text. `listed` are the
    names that refusal offers (default: `names`).
    """
    values: dict[str, str] = {}
    tokens = text.split(" ")
    current: str | None = None
    buffer: list[str] = []
    leading: list[str] = []

    def flush() -> None:
        if current is not None:
            values[current] = " ".join(buffer).strip()

    for token in tokens:
        name, sep, rest = token.partition(":")
        if sep and name.lower() in names:
            flush()
            current, buffer = name.lower(), [rest]
            if current in values:
                raise ConsoleUsageError("option {option} is given twice", option=current)
            continue
        unknown = _OPTION_LIKE.match(token)
        if unknown is not None:
            raise _unknown_option(unknown.group(1), command, listed or names)
        if current is None:
            leading.append(token)
        else:
            buffer.append(token)
    flush()
    bare = " ".join(leading).strip()
    if bare:
        values["\0bare"] = bare
    return values


def _unknown_option(option: str, command: str, names: Sequence[str]) -> ConsoleUsageError:
    known = ", ".join(names)
    if not known:
        return ConsoleUsageError(
            "/{command} has no options (“{option}” is not one)", command=command, option=option
        )
    if command:
        return ConsoleUsageError(
            "/{command} has no option “{option}” (its options: {known})",
            command=command,
            option=option,
            known=known,
        )
    return ConsoleUsageError(
        "There is no option “{option}” (the options: {known})", option=option, known=known
    )
