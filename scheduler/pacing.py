"""Keeping every request of the bot token under Discord's global rate limit.

Discord allows a bot 50 requests/s (interaction replies aside) and answers more with a
global 429. discord.py only reacts after the fact: it sleeps, then releases every waiting
request at once, and that burst draws the next 429. So the Pacer gates every request the
bot makes, at the last moment before it leaves: discord.py hands its HTTP session an aiohttp
trace (`http_trace`), and the trace's request-start hook waits for a turn. Announcements,
their channel look-ups, discord.py's own retries of a 429 or a 5xx, logging in: each takes
exactly one turn, so no request goes uncounted.

- Turns follow a timeline spaced 1/rate apart. A turn is used less than an interval after
  its time or not at all, so a stall delays the sends after it instead of bunching them to
  catch up: any second holds at most floor(rate) + 1 sends.
- The server counts a request when it arrives, not when it left. A response that came back
  later than usual (the network or the server stalled) means requests may have arrived in a
  bunch; beyond what the headroom under the limit absorbs, turns are held for the
  difference, and a local window counts each request from its start until one second after
  its answer (in-flight ones too), never reaching the limit.
- A global 429 holds all turns for its Retry-After.

The limit is per bot token, not per process. In a cluster the processes share a
SharedBudget (a file beside the store): the turns come from one timeline, each process
reserving a few consecutive turns at a time, so N processes together keep the spacing one
process would, and a hold (a global 429 or a stall) seen by one holds them all. Spacing and
holds work from what each process saw; what they cannot see (requests of another process
delayed on the way and arriving in a bunch with ours) the shared window settles: every
request is counted there from before it leaves until a second after its answer, which is
every moment Discord can have counted it, and none leaves while the window holds one below
the limit. So no moment's count at Discord can reach the limit, however the requests are
delayed on the way.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from types import SimpleNamespace
from typing import Any, Protocol

import aiohttp

WINDOW = 1.0
#: Discord's global limit: requests per WINDOW.
DISCORD_LIMIT = 50
#: Turns reserved from a shared timeline per store round trip.
SHARED_BATCH = 4
#: A request whose end was never seen (cancelled mid-flight) stops counting after this.
IN_FLIGHT_TTL = 30.0
#: How far back the usual (smallest recent) latency is taken from.
BASELINE_WINDOW = 10.0
#: Lateness below this is clock noise, not a stall.
MIN_STALL = 0.001

log = logging.getLogger(__name__)


class SharedBudget(Protocol):
    """The request budget shared by every process of one bot token (db.rate_budget)."""

    async def reserve(self, count: int, interval: float) -> float:
        """Reserve `count` turns `interval` apart; the Unix time of the first."""
        ...

    async def hold(self, until: float) -> None:
        """No turn for any process before `until` (Unix time)."""
        ...

    async def held_until(self) -> float:
        """Until when (Unix time) turns are held; a past time when they are not."""
        ...

    async def admit(self, cap: int, in_flight_ttl: float) -> tuple[int | None, float]:
        """Count one request in the shared window if fewer than `cap` are in it: (its
        ticket, 0); otherwise (None, seconds until one leaves, 0 when unknown)."""
        ...

    async def finish(self, ticket: int, answered: float) -> None:
        """The request `ticket` was answered at `answered` (Unix time)."""
        ...


class Pacer:
    def __init__(
        self,
        rate: float,
        *,
        limit: int = DISCORD_LIMIT,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        shared: SharedBudget | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        # A turn used up to (not quite) an interval late still leaves any second with at
        # most floor(rate) + 1 turns' sends; later than that it would bunch with the next.
        self.tolerance = 0.9 * self.interval
        # One below the limit for the local window: a backstop behind the timeline.
        self.cap = max(1, limit - 1)
        # The timeline sends at most floor(rate) + 1 requests in any second. Of the rest of
        # the limit, two requests are kept for what no pacer sees in time (a turn another
        # process takes before the hold it should wait for reaches it, a request delayed
        # less than the slack); the others absorb that much delay on the way.
        self.slack = max(0.0, limit - math.floor(rate) - 3) / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next_turn = -math.inf
        self._hold_until = -math.inf
        self._ids = itertools.count()
        self._in_flight: dict[int, float] = {}  # request id -> start
        self._tickets: dict[int, int] = {}  # request id -> its ticket in the shared window
        self._answered: deque[float] = deque()  # answers in the last WINDOW
        self._latencies: deque[tuple[float, float]] = deque()  # (time, latency), rising
        self.shared = shared
        self._wall = wall
        self._slots: deque[float] = deque()  # reserved shared turns, in this clock
        self._shared_hold = -math.inf
        self._checked = -math.inf  # the shared turn whose hold was last read
        self._hold_read: asyncio.Future[float] | None = None
        self._next_batch: asyncio.Future[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        #: Global 429s observed.
        self.rate_limits = 0
        #: Requests paced, shared turns missed (the process ran too late for them), holds
        #: for late answers and their total length, and the most requests counted in one
        #: window: for the logs and the benchmark.
        self.requests = 0
        self.dropped = 0
        self.stalls = 0
        self.stalled = 0.0
        self.busiest = 0
        #: Turns given up because the shared window was full.
        self.window_waits = 0

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def _expire(self, now: float) -> None:
        while self._answered and now - self._answered[0] >= WINDOW:
            self._answered.popleft()
        for key, started in list(self._in_flight.items()):
            if now - started >= IN_FLIGHT_TTL:
                del self._in_flight[key]

    def _counted(self) -> int:
        return len(self._in_flight) + len(self._answered)

    def _window_delay(self, now: float) -> float:
        if self._counted() < self.cap:
            return 0.0
        # Full: wait for the oldest answer to leave the window (or for one in flight).
        return self._answered[0] + WINDOW - now if self._answered else self.interval

    async def _reserve(self) -> None:
        assert self.shared is not None
        start = await self.shared.reserve(SHARED_BATCH, self.interval)
        offset = self._now() - self._wall()
        self._slots.extend(start + offset + i * self.interval for i in range(SHARED_BATCH))

    async def _shared_turn(self, now: float) -> float:
        """The next reserved shared turn (in this clock). A turn already past its tolerance
        is dropped: using it now would crowd the turns other processes hold. The next few
        turns are reserved in the background while the last one is waited for, so a wait
        for the store's write lock does not leave the timeline unused."""
        assert self.shared is not None
        while self._slots and self._slots[0] < now - self.tolerance:
            self._slots.popleft()
            self.dropped += 1
        if not self._slots and self._next_batch is not None:
            batch, self._next_batch = self._next_batch, None
            try:
                await batch
            except Exception:
                log.warning("could not reserve turns ahead; reserving again", exc_info=True)
        if not self._slots:
            await self._reserve()
        if len(self._slots) == 1 and self._next_batch is None:
            batch = asyncio.ensure_future(self._reserve())
            self._next_batch = batch
            self._tasks.add(batch)
            batch.add_done_callback(self._tasks.discard)
        if self._slots[0] != self._checked:
            # Turns are reserved a few at a time: a hold another process set since (a
            # stall it saw) is read while waiting for each one, off the turn's path.
            self._checked = self._slots[0]
            self._hold_read = asyncio.ensure_future(self.shared.held_until())
            self._tasks.add(self._hold_read)
            self._hold_read.add_done_callback(self._tasks.discard)
        return self._slots[0]

    def _shared_hold_seen(self, now: float) -> bool:
        """Whether the hold read last from the store holds this turn (when it has come
        back; a read still under way does not delay the turn)."""
        read = self._hold_read
        if read is None or not read.done():
            return False
        self._hold_read = None
        if read.cancelled() or read.exception() is not None:
            return False
        until = read.result() - self._wall() + now
        self._hold_until = max(self._hold_until, until)
        return until > now

    async def acquire(self) -> int:
        """Wait for this request's turn (callers are served in order); returns the id to
        pass to `finished` once it is answered."""
        async with self._lock:
            while True:
                now = self._now()
                if self.shared is not None:
                    turn = await self._shared_turn(now)
                    now = self._now()
                elif self._next_turn >= now - self.tolerance:
                    turn = self._next_turn
                else:
                    turn = now  # after a quiet spell or a stall: start again from now
                self._expire(now)
                delay = max(turn - now, self._hold_until - now, self._window_delay(now))
                if delay > 0:
                    await self._sleep(delay)
                    continue
                if turn < now - self.tolerance:
                    continue  # woke too late for it; the shared turn is dropped above
                ticket = None
                if self.shared is not None:
                    if self._shared_hold_seen(now):
                        continue
                    self._slots.popleft()
                    admitted, ticket = await self._admit()
                    if not admitted:
                        continue
                    now = self._now()
                else:
                    self._next_turn = turn + self.interval
                key = next(self._ids)
                self._in_flight[key] = now
                if ticket is not None:
                    self._tickets[key] = ticket
                self.requests += 1
                self.busiest = max(self.busiest, self._counted())
                return key

    async def _admit(self) -> tuple[bool, int | None]:
        """Whether the shared window has room for this request (its ticket if so); when
        full, waits until it may. A budget that cannot be reached admits: the timeline and
        this process's own window still pace the request."""
        assert self.shared is not None
        try:
            ticket, wait = await self.shared.admit(self.cap, IN_FLIGHT_TTL)
        except Exception:
            log.warning("could not count a request in the shared window", exc_info=True)
            return True, None
        if ticket is None:
            self.window_waits += 1
            await self._sleep(wait if wait > 0 else self.interval)
            return False, None
        return True, ticket

    def finished(self, key: int) -> None:
        """The request `key` was answered (or failed): it counts one more WINDOW, and an
        answer later than usual holds the turns after it."""
        started = self._in_flight.pop(key, None)
        if started is None:
            return
        now = self._now()
        ticket = self._tickets.pop(key, None)
        if ticket is not None:
            self._background(self._finish_shared(ticket, self._wall()))
        self._answered.append(now)
        latency = now - started
        while self._latencies and self._latencies[-1][1] >= latency:
            self._latencies.pop()
        self._latencies.append((now, latency))
        while now - self._latencies[0][0] > BASELINE_WINDOW:
            self._latencies.popleft()
        # The request may have reached the server as late as now, in a bunch with the
        # others sent meanwhile: past the slack, hold the next turns for the difference.
        late = latency - self._latencies[0][1] - self.slack
        if late > MIN_STALL:
            self.stalls += 1
            self.stalled += max(0.0, now + late - max(self._hold_until, now))
            self._hold(now + late)

    def rate_limited(self, retry_after: float) -> None:
        self.rate_limits += 1
        self._hold(self._now() + retry_after)

    def _hold(self, until: float) -> None:
        self._hold_until = max(self._hold_until, until)
        # Shared only when it moves the hold on by a turn or more (a stall answers many
        # requests late at once; one write to the store covers them).
        if self.shared is None or until < self._shared_hold + self.interval:
            return
        self._shared_hold = until
        self._background(self._share_hold(until - self._now() + self._wall()))

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _share_hold(self, until: float) -> None:
        assert self.shared is not None
        try:
            await self.shared.hold(until)
        except Exception:
            # The local hold still applies; the others see their own late answers.
            log.exception("could not share a rate limit hold")

    async def _finish_shared(self, ticket: int, answered: float) -> None:
        assert self.shared is not None
        try:
            await self.shared.finish(ticket, answered)
        except Exception:
            # It stops counting once in flight for IN_FLIGHT_TTL.
            log.exception("could not record an answer in the shared window")

    async def close(self) -> None:
        """Wait for the holds, answers and reservations still under way (before the budget
        closes)."""
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def report(self) -> str:
        """`1234 requests, at most 48 in one second, 3 turns missed, 0 waits for the shared
        window, 2 stall holds (0.08 s), 0 global 429s`."""
        return (
            f"{self.requests} requests, at most {self.busiest} in one second, "
            f"{self.dropped} turns missed, {self.window_waits} waits for the shared window, "
            f"{self.stalls} stall holds ({self.stalled:.2f} s), {self.rate_limits} global 429s"
        )

    def trace_config(self) -> aiohttp.TraceConfig:
        """Hooks for discord.py's HTTP session (`Client(http_trace=...)`)."""
        trace = aiohttp.TraceConfig()

        async def on_start(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestStartParams,
        ) -> None:
            path = params.url.path
            # Interaction callbacks and follow-ups are outside the global limit.
            exempt = "/interactions/" in path or "/webhooks/" in path
            # aiohttp sends the request as soon as this hook returns.
            context.hallyu_turn = None if exempt else await self.acquire()

        def done(context: SimpleNamespace) -> None:
            key = getattr(context, "hallyu_turn", None)
            if key is not None:
                self.finished(key)

        async def on_end(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            done(context)
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

        async def on_exception(
            session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestExceptionParams,
        ) -> None:
            done(context)

        trace.on_request_start.append(on_start)
        trace.on_request_end.append(on_end)
        trace.on_request_exception.append(on_exception)
        return trace
