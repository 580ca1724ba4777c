"""Plumbing shared by the REST handlers: the call/reply types and the table.

Handlers are plain async functions ``(Call) -> Reply`` registered against
Discord's own path templates, which keeps them testable without aiohttp.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .failures import error_body
from .limits import Problem, as_discord_errors
from .recording import RecordedFile
from .routing import TemplateTable
from .state import World

JSON = dict[str, Any]


class Host(Protocol):
    """What handlers may use from the running fake."""

    world: World
    interaction_deadline: float
    shard_count: int

    @property
    def base_url(self) -> str: ...

    @property
    def gateway_url(self) -> str: ...

    def violation(self, message: str) -> None: ...


@dataclass
class Call:
    host: Host
    method: str
    path: str
    params: dict[str, str]
    query: Mapping[str, str]
    body: Any
    files: list[RecordedFile] = field(default_factory=list)

    @property
    def world(self) -> World:
        return self.host.world

    def snowflake(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            return -1

    def flag(self, name: str) -> bool:
        return self.query.get(name, "").lower() in ("1", "true")

    def reject(self, problems: list[Problem]) -> Reply:
        """Record limit violations and answer like Discord: 400 Invalid Form Body."""
        for problem in problems:
            self.host.violation(f"{self.method} {self.path}: {problem}")
        empty = [p for p in problems if p.code == "EMPTY_MESSAGE"]
        if empty and len(empty) == len(problems):
            return Reply(400, error_body(50006, "Cannot send an empty message"))
        return Reply(400, error_body(50035, "Invalid Form Body", as_discord_errors(problems)))

    def misuse(self, status: int, code: int, message: str) -> Reply:
        """A protocol mistake by the bot (not a scripted failure): record it."""
        self.host.violation(f"{self.method} {self.path}: {message}")
        return Reply(status, error_body(code, message))


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def ok(body: Any) -> Reply:
    return Reply(200, body)


def no_content() -> Reply:
    return Reply(204)


def not_found(code: int, message: str) -> Reply:
    return Reply(404, error_body(code, message))


Handler = Callable[[Call], Awaitable[Reply]]


class Routes:
    """Decorator-based registration into a template table."""

    def __init__(self) -> None:
        self.table: TemplateTable[Handler] = TemplateTable()

    def route(self, method: str, *templates: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for template in templates:
                self.table.add(method, template, handler)
            return handler

        return register


#: The one table both handler modules register into.
ROUTES = Routes()
