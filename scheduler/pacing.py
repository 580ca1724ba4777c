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

The limit is per bot token, not per process: in a cluster the turns come from one
timeline kept in the store (a SharedTimeline), each process reserving a few consecutive
turns at a time, so N processes together keep the spacing one process would, and a
global 429 seen by one holds them all.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any, Protocol

import aiohttp

WINDOW = 1.0
#: Discord's global limit: requests per WINDOW.
DISCORD_LIMIT = 50
#: A turn whose request never started (an error before sending) stops counting after this.
TURN_TTL = 5.0
#: Turns reserved from a shared timeline per store round trip.
SHARED_BATCH = 4

log = logging.getLogger(__name__)


class SharedTimeline(Protocol):
    """Request turns shared by every process of one bot token (kept in the store)."""

    async def reserve(self, count: int, interval: float) -> float:
        """Reserve `count` turns `interval` apart; the Unix time of the first."""
        ...

    async def hold(self, until: float) -> None:
        """No turn for any process before `until` (Unix time)."""
        ...


class Pacer:
    def __init__(
        self,
        rate: float,
        *,
        limit: int = DISCORD_LIMIT,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        shared: SharedTimeline | None = None,
        wall: Callable[[], float] = time.time,
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
        self.shared = shared
        self._wall = wall
        self._slots: deque[float] = deque()  # reserved shared turns, in this clock
        self._tasks: set[asyncio.Task[Any]] = set()

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

    async def _shared_turn(self, now: float) -> float:
        """The next reserved shared turn (in this clock), reserving more when none is left.
        A turn already a full interval in the past is dropped: using it now would crowd
        the turns other processes hold."""
        assert self.shared is not None
        while self._slots and self._slots[0] < now - self.interval:
            self._slots.popleft()
        if not self._slots:
            start = await self.shared.reserve(SHARED_BATCH, self.interval)
            offset = self._now() - self._wall()
            self._slots.extend(start + offset + i * self.interval for i in range(SHARED_BATCH))
        return self._slots[0]

    async def wait(self) -> None:
        """Return when this caller may send one request (callers are served in order)."""
        if self.shared is not None:
            await self._wait_shared()
            return
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

    async def _wait_shared(self) -> None:
        async with self._lock:
            while True:
                now = self._now()
                self._expire(now)
                turn = await self._shared_turn(now)
                now = self._now()
                delay = max(turn - now, self._delay(now))
                if delay <= 0 and len(self._seen) + len(self._turns) < self.cap:
                    self._slots.popleft()
                    self._turns.append(now)
                    return
                await self._sleep(delay if delay > 0 else self.interval)

    def request_started(self, exempt: bool = False) -> None:
        """A request is leaving; `exempt`: one Discord does not count against the global
        limit (interaction callbacks and follow-ups)."""
        now = self._now()
        if self._turns:
            self._turns.popleft()
        elif self.shared is not None and not exempt:
            self._unpaced(now)
        self._seen.append(now)

    def _unpaced(self, now: float) -> None:
        """A request nobody asked a turn for (discord.py retrying a 429 or a 5xx, a
        command's reply) still counts against the token's limit, which the other processes
        cannot see: it takes this process's next reserved turn, or one more on the shared
        timeline, so the turns after it move back by one."""
        while self._slots and self._slots[0] < now - self.interval:
            self._slots.popleft()
        if self._slots:
            self._slots.popleft()
            return
        assert self.shared is not None
        task = asyncio.get_running_loop().create_task(self._take_one())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _take_one(self) -> None:
        assert self.shared is not None
        try:
            await self.shared.reserve(1, self.interval)
        except Exception:
            log.exception("could not count a request on the shared timeline")

    def rate_limited(self, retry_after: float) -> None:
        self.rate_limits += 1
        self._hold_until = max(self._hold_until, self._now() + retry_after)
        if self.shared is not None:
            task = asyncio.get_running_loop().create_task(self._share_hold(retry_after))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _share_hold(self, retry_after: float) -> None:
        assert self.shared is not None
        try:
            await self.shared.hold(self._wall() + retry_after)
        except Exception:
            # The local hold still applies; the others learn from their own 429s.
            log.exception("could not share a global rate limit hold")

    def trace_config(self) -> aiohttp.TraceConfig:
        """Hooks for discord.py's HTTP session (`Client(http_trace=...)`)."""
        trace = aiohttp.TraceConfig()

        async def on_start(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestStartParams,
        ) -> None:
            path = params.url.path
            exempt = "/interactions/" in path or "/webhooks/" in path
            if self.shared is not None and not exempt and not self._turns:
                # Nobody took a turn for this one (logging in, discord.py retrying a 429
                # or a 5xx): in a cluster it waits for one too, as the other processes
                # cannot see it. aiohttp sends the request once this hook returns.
                await self.wait()
            self.request_started(exempt=exempt)

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
