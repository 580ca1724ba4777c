"""Matching concrete request paths to ``/channels/{channel_id}``-style templates.

Shared by the REST dispatcher and the OpenAPI validator. Literal segments win
over parameters so ``/users/@me`` beats ``/users/{user_id}`` and
``messages/@original`` beats ``messages/{message_id}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

_PARAM = re.compile(r"\{([^}/]+)\}")


def compile_template(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    pos = 0
    for match in _PARAM.finditer(template):
        parts.append(re.escape(template[pos : match.start()]))
        parts.append(f"(?P<{match.group(1)}>[^/]+)")
        pos = match.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Match(Generic[T]):
    template: str
    params: dict[str, str]
    value: T


class TemplateTable(Generic[T]):
    """(method, template) -> value lookup, most specific template first."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, str, re.Pattern[str], T]] = []

    def add(self, method: str, template: str, value: T) -> None:
        self._entries.append((method.upper(), template, compile_template(template), value))
        # More literal characters first: "@me" and "@original" beat "{id}".
        self._entries.sort(key=lambda e: -len(_PARAM.sub("", e[1])))

    def match(self, method: str, path: str) -> Match[T] | None:
        for entry_method, template, pattern, value in self._entries:
            if entry_method != method.upper():
                continue
            found = pattern.fullmatch(path)
            if found is not None:
                return Match(template, found.groupdict(), value)
        return None

    def templates(self) -> Iterable[tuple[str, str]]:
        return [(m, t) for m, t, _, _ in self._entries]
