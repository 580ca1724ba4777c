"""Error bodies, scripted failures and the optional global rate limiter.

Header details matter for discord.py: a 429 without ``Via`` is treated as a
Cloudflare ban and raised instead of retried, and the retry delay comes from
``retry_after`` in the JSON body (the ``Retry-After`` header is informational).
"""

from __future__ import annotations

import collections
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class ScriptedResponse:
    status: int
    body: JSON | None
    headers: dict[str, str] = field(default_factory=dict)


def error_body(code: int, message: str, errors: JSON | None = None) -> JSON:
    body: JSON = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def rate_limit_headers(
    retry_after: float, *, is_global: bool, bucket: str = "fakebucket"
) -> dict[str, str]:
    headers = {
        "Via": "1.1 google",
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": bucket,
            }
        )
    return headers


def rate_limited(retry_after: float = 0.05, *, is_global: bool = False) -> ScriptedResponse:
    """A Discord-shaped 429 that discord.py will sleep on and retry."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
        "code": 0,
    }
    return ScriptedResponse(429, body, rate_limit_headers(retry_after, is_global=is_global))


def server_error(status: int = 500) -> ScriptedResponse:
    # discord.py retries 500/502/504/524 after sleeping 1 + 2*attempt seconds.
    return ScriptedResponse(status, error_body(0, f"{status}: Internal Server Error"))


def missing_access() -> ScriptedResponse:
    return ScriptedResponse(403, error_body(50001, "Missing Access"))


def missing_permissions() -> ScriptedResponse:
    return ScriptedResponse(403, error_body(50013, "Missing Permissions"))


def unknown_channel() -> ScriptedResponse:
    return ScriptedResponse(404, error_body(10003, "Unknown Channel"))


def unknown_message() -> ScriptedResponse:
    return ScriptedResponse(404, error_body(10008, "Unknown Message"))


@dataclass
class _Script:
    method: str
    pattern: re.Pattern[str]
    responses: collections.deque[ScriptedResponse]


class FailureScripts:
    """Queues of canned responses consumed by matching requests, in order."""

    def __init__(self) -> None:
        self._scripts: list[_Script] = []
        self.served: list[tuple[str, str, int]] = []

    def add(self, method: str, path_regex: str, responses: list[ScriptedResponse]) -> None:
        self._scripts.append(
            _Script(method.upper(), re.compile(path_regex), collections.deque(responses))
        )

    def take(self, method: str, path: str) -> ScriptedResponse | None:
        for script in self._scripts:
            if script.responses and script.method == method and script.pattern.fullmatch(path):
                response = script.responses.popleft()
                self.served.append((method, path, response.status))
                return response
        return None

    def pending(self) -> int:
        return sum(len(s.responses) for s in self._scripts)


def is_interaction_route(path: str) -> bool:
    # Interaction callbacks and follow-ups are exempt from the global limit.
    return path.startswith("/interactions/") or path.startswith("/webhooks/")


class GlobalRateLimiter:
    """Discord's global limit ("50 requests per second" per bot token, interaction
    routes exempt) as its strictest reading: a sliding one-second window over every
    authenticated request, error answers included. A request refused with a global 429
    is not admitted, so it does not count."""

    def __init__(self, per_second: int) -> None:
        if per_second < 1:
            raise ValueError("per_second must be >= 1")
        self.per_second = per_second
        self._window: collections.deque[float] = collections.deque()

    def check(self) -> float | None:
        """Admit a request (``None``) or return how long to wait."""
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) < self.per_second:
            self._window.append(now)
            return None
        return max(0.001, 1.0 - (now - self._window[0]))
