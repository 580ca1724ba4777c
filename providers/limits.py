"""Politeness and self-protection for provider calls: a rate limiter and a circuit breaker.

Both are per provider (TVmaze counts calls per IP, TMDB per client) and use the monotonic
clock, so a change of wall-clock time never lets a burst through.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import Literal

BreakerState = Literal["closed", "open", "half-open"]


class RateLimiter:
    """At most `calls` requests in any `period` seconds (a sliding window), first come first served.

    The window counts a call from the moment its answer has arrived, and calls still in
    flight count too: the provider counts arrivals, which happen before the answer, so
    however the network delays each request the provider never sees one call too many.
    """

    def __init__(self, calls: int, period: float) -> None:
        if calls < 1:
            raise ValueError("a rate limit needs at least one call per period")
        if period <= 0:
            raise ValueError("a rate limit period must be positive")
        self.calls = calls
        self.period = period
        self._done: deque[float] = deque()
        self._in_flight = 0
        self._hold_until = 0.0
        self._lock = asyncio.Lock()
        self._released = asyncio.Event()

    async def acquire(self) -> None:
        """Wait until one more call fits in the window; pair with `release()`."""
        async with self._lock:
            while True:
                now = time.monotonic()
                while self._done and now - self._done[0] >= self.period:
                    self._done.popleft()
                hold = self._hold_until - now
                if len(self._done) + self._in_flight < self.calls:
                    if hold <= 0:
                        break
                    await asyncio.sleep(hold)
                    continue
                # Full: wait for the oldest finished call to leave the window, or for a
                # call in flight to finish (its time then starts to count).
                self._released.clear()
                timeout = self._done[0] + self.period - now if self._done else None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._released.wait(), timeout)
            self._in_flight += 1

    def release(self) -> None:
        """The call's answer has arrived (or it failed): it counts from now."""
        self._in_flight = max(0, self._in_flight - 1)
        self._done.append(time.monotonic())
        self._released.set()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    def hold(self, seconds: float) -> None:
        """Nobody sends for `seconds` (the provider said 429 with Retry-After: it applies to
        every caller, not only the one that was refused)."""
        self._hold_until = max(self._hold_until, time.monotonic() + seconds)


class CircuitBreaker:
    """After `threshold` failed calls in a row the provider counts as down for `cooldown`
    seconds: calls fail at once instead of piling up behind timeouts. Then one trial call
    goes through; its success closes the circuit, its failure opens it again."""

    def __init__(self, threshold: int = 5, cooldown: float = 60.0) -> None:
        if threshold < 1:
            raise ValueError("the breaker threshold must be at least 1")
        self.threshold = threshold
        self.cooldown = cooldown
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False
        self.times_opened = 0

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self._probing or time.monotonic() - self._opened_at >= self.cooldown:
            return "half-open"
        return "open"

    def retry_in(self) -> float:
        """Seconds until a trial call is allowed (0 when closed)."""
        if self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown - time.monotonic())

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one trial call at a time."""
        state = self.state
        if state == "closed":
            return True
        if state == "open" or self._probing:
            return False
        self._probing = True
        return True

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._probing = False

    def record_failure(self) -> bool:
        """Count a failed call; True when this failure opened the circuit."""
        self._failures += 1
        was_probe = self._probing
        self._probing = False
        if was_probe or (self._opened_at is None and self._failures >= self.threshold):
            self._opened_at = time.monotonic()
            self.times_opened += 1
            return True
        return False

    def release(self) -> None:
        """The call was abandoned (cancelled) without an answer: let another caller probe."""
        self._probing = False
