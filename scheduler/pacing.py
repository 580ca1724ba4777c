"""Spacing requests evenly so a fan-out stays just under Discord's global rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Pacer:
    """Admits at most `rate` requests per second, evenly spaced, across all callers.

    Discord allows a bot 50 requests/s overall and answers bursts above it with 429s;
    spacing every request by 1/rate keeps a 10,000-channel fan-out at full speed without
    ever tripping that limit (discord.py only reacts to 429s after the fact).
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    async def wait(self) -> None:
        now = self._now()
        # No await between reading and advancing _next: callers get distinct turns.
        turn = max(now, self._next)
        self._next = turn + self.interval
        if turn > now:
            await self._sleep(turn - now)
