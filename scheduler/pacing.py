"""Keeping a fan-out just under Discord's global rate limit, without 429 storms.

Discord allows a bot about 50 requests/s overall and answers more with a global 429.
discord.py only reacts after the fact: it sleeps, then releases every waiting request at
once, and that burst draws the next 429. So announcements ask the Pacer for a turn before
each request, and the Pacer also watches every HTTP request the bot makes (through an
aiohttp trace that discord.py accepts as `http_trace`):

- turns follow a timeline spaced 1/rate apart (so sleep overshoot does not add up);
  after a stall the timeline restarts from now, so there is never a catch-up burst;
- no turn is given while the requests seen in the last second (discord.py's own retries
  and other commands included) plus turns not yet used would reach Discord's limit;
- a global 429 holds all turns for its Retry-After.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import aiohttp

WINDOW = 1.0
#: Discord's global limit: requests per WINDOW.
DISCORD_LIMIT = 50
#: A turn whose request never started (an error before sending) stops counting after this.
TURN_TTL = 5.0


class Pacer:
    def __init__(
        self,
        rate: float,
        *,
        limit: int = DISCORD_LIMIT,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        # One below the limit: the server sees our requests with some jitter.
        self.cap = max(1, limit - 1)
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next_turn = -math.inf
        self._seen: deque[float] = deque()  # request starts in the last WINDOW
        self._turns: deque[float] = deque()  # turns given whose request has not started
        self._hold_until = -math.inf
        #: Global 429s observed (the benchmark and the logs report it).
        self.rate_limits = 0

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def _expire(self, now: float) -> None:
        while self._seen and now - self._seen[0] >= WINDOW:
            self._seen.popleft()
        while self._turns and now - self._turns[0] >= TURN_TTL:
            self._turns.popleft()

    def _delay(self, now: float) -> float:
        delay = max(self._next_turn - now, self._hold_until - now)
        if len(self._seen) + len(self._turns) >= self.cap and self._seen:
            delay = max(delay, self._seen[0] + WINDOW - now)
        return delay

    async def wait(self) -> None:
        """Return when this caller may send one request (callers are served in order)."""
        async with self._lock:
            while True:
                now = self._now()
                self._expire(now)
                delay = self._delay(now)
                if delay <= 0 and len(self._seen) + len(self._turns) < self.cap:
                    behind = now - self._next_turn > self.interval
                    self._next_turn = (now if behind else self._next_turn) + self.interval
                    self._turns.append(now)
                    return
                await self._sleep(delay if delay > 0 else self.interval)

    def request_started(self) -> None:
        now = self._now()
        if self._turns:
            self._turns.popleft()
        self._seen.append(now)

    def rate_limited(self, retry_after: float) -> None:
        self.rate_limits += 1
        self._hold_until = max(self._hold_until, self._now() + retry_after)

    def trace_config(self) -> aiohttp.TraceConfig:
        """Hooks for discord.py's HTTP session (`Client(http_trace=...)`)."""
        trace = aiohttp.TraceConfig()

        async def on_start(
            session: aiohttp.ClientSession, context: SimpleNamespace, params: object
        ) -> None:
            self.request_started()

        async def on_end(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            response = params.response
            headers = response.headers
            is_global = (
                headers.get("X-RateLimit-Global") == "true"
                or headers.get("X-RateLimit-Scope") == "global"
            )
            if response.status == 429 and is_global:
                try:
                    retry_after = float(headers.get("Retry-After", "1"))
                except ValueError:
                    retry_after = 1.0
                self.rate_limited(retry_after)

        trace.on_request_start.append(on_start)
        trace.on_request_end.append(on_end)
        return trace
