"""Reading `/command bare text opt:value opt:value` the way Discord's options read."""

from __future__ import annotations

import re

# What Discord allows as an option name: a typed `name:value` with such a name that the
# command does not have is a mistake, not part of a title. A value starting with `//`
# is a URL's scheme (`https://…`), and a capital letter (`Re:Zero`) is text.
_OPTION_LIKE = re.compile(r"^([a-z][a-z0-9_-]{0,31}):(?!//)(\S+)$")


class ConsoleUsageError(Exception):
    """The typed line is not a valid command; printed as is, exit status 2 with -c."""


def split_options(text: str, names: list[str], command: str = "") -> dict[str, str]:
    """`a b c opt:x y other:z` → {first: "a b c", opt: "x y", other: "z"}.

    Only known option names count as `name:` so a value may itself hold colons
    (`Weak Hero: Class 2`); `extra:1` where the command has no `extra` option is refused
    (as Discord would), rather than searched for as part of the text.
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
                raise ConsoleUsageError(f"option {current} is given twice")
            continue
        unknown = _OPTION_LIKE.match(token)
        if unknown is not None:
            where = f"/{command} " if command else ""
            known = ", ".join(names) or "none"
            raise ConsoleUsageError(
                f"{where}has no option “{unknown.group(1)}” (its options: {known})"
            )
        if current is None:
            leading.append(token)
        else:
            buffer.append(token)
    flush()
    bare = " ".join(leading).strip()
    if bare:
        values["\0bare"] = bare
    return values
