"""A clock the test moves by hand: games wait on it instead of the wall clock."""

# Polling helpers bounded by a real-time timeout, like the fake Discord's waiters.
# ruff: noqa: ASYNC109, ASYNC110

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

START = dt.datetime(2025, 4, 30, 12, 0, tzinfo=dt.UTC)  # a Wednesday


async def eventually(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Let other tasks run until `condition()` holds (a bound on real time, not game time)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.001)


class ManualClock:
    def __init__(self, start: dt.datetime = START) -> None:
        self._now = start
        self._sleepers: list[tuple[dt.datetime, asyncio.Future[None]]] = []

    def now(self) -> dt.datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._now + dt.timedelta(seconds=seconds), future)
        self._sleepers.append(entry)
        try:
            await future
        finally:
            self._sleepers.remove(entry)

    @property
    def sleepers(self) -> int:
        return sum(1 for _, future in self._sleepers if not future.done())

    async def wait_for_sleepers(self, count: int = 1, timeout: float = 5.0) -> None:
        """Until `count` coroutines wait on this clock (real time bounded by `timeout`)."""
        await eventually(lambda: self.sleepers >= count, timeout)

    async def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)
        for deadline, future in list(self._sleepers):
            if deadline <= self._now and not future.done():
                future.set_result(None)
        for _ in range(5):
            await asyncio.sleep(0)
