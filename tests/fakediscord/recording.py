"""What the bot sent: every REST request, kept in order, awaitable by tests."""

# Waiting helpers take a timeout= like discord.py's wait_for, by design.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class RecordedFile:
    """One multipart file part (``files[n]``) exactly as uploaded."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    #: Path below ``/api/v10``, e.g. ``/channels/123/messages``.
    path: str
    query: Mapping[str, str]
    #: Parsed JSON body; for multipart, the parsed ``payload_json`` part.
    json: Any
    files: list[RecordedFile] = field(default_factory=list)
    #: The fake's route template that handled it (``None`` if unknown).
    route: str | None = None
    #: Status the fake answered with; 0 while the request is in flight.
    status: int = 0
    #: The response body the fake sent (parsed), for debugging assertions.
    response: Any = None
    at: float = field(default_factory=time.monotonic)

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


Predicate = Callable[[RecordedRequest], bool]


def request_filter(method: str | None = None, path: str | None = None) -> Predicate:
    """Match on method (case-insensitive) and a regex fully matching the path."""
    pattern = re.compile(path) if path is not None else None

    def check(req: RecordedRequest) -> bool:
        if method is not None and req.method != method.upper():
            return False
        return pattern is None or pattern.fullmatch(req.path) is not None

    return check


class Recorder:
    """Append-only log with a condition so tests can await new entries."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.violations: list[str] = []
        self._changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        # Created lazily so the recorder can be built outside a running loop.
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def add(self, request: RecordedRequest) -> None:
        self.requests.append(request)

    def violation(self, message: str) -> None:
        self.violations.append(message)

    async def notify(self) -> None:
        cond = self._condition()
        async with cond:
            cond.notify_all()

    def find(self, predicate: Predicate, *, completed: bool = True) -> list[RecordedRequest]:
        return [r for r in self.requests if predicate(r) and (r.status or not completed)]

    async def wait_for(
        self, predicate: Predicate, *, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedRequest]:
        """Wait until ``count`` answered requests match; return all matches."""
        cond = self._condition()

        def ready() -> bool:
            return len(self.find(predicate)) >= count

        try:
            async with cond:
                await asyncio.wait_for(cond.wait_for(ready), timeout)
        except TimeoutError:
            seen = "\n  ".join(str(r) for r in self.requests[-20:]) or "(none)"
            raise AssertionError(
                f"timed out after {timeout}s waiting for {count} matching request(s); "
                f"last requests:\n  {seen}"
            ) from None
        return self.find(predicate)
