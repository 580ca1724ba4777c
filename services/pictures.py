"""Pictures are drawn in a worker process that exits when idle.

matplotlib and numpy hold about 40 MB once imported; a bot that drew one chart picture
would keep them for its whole life. The worker process imports them instead, draws
whatever comes in a burst of requests, and exits after IDLE_SECONDS without work, so
the bot's own memory stays what it was at start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable
from concurrent.futures import BrokenExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from core.generation import Generation
from services.memo import Memo

if TYPE_CHECKING:
    # multiprocessing is imported with the first picture, not at the bot's start.
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)

T = TypeVar("T")
IDLE_SECONDS = 120.0
#: Pictures kept per data generation (a chart picture is some tens of kB).
PICTURES = 16


def _context() -> Any:
    # fork: the worker starts in milliseconds from the bot's already-imported modules;
    # it only draws, never touching the bot's connections or threads.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class PictureWorker:
    def __init__(self, generation: Generation | None = None, idle: float = IDLE_SECONDS) -> None:
        self.idle = idle
        self._drawn: Memo[Hashable, bytes] = Memo(generation or Generation(), PICTURES)
        self._executor: ProcessPoolExecutor | None = None
        self._retire: asyncio.TimerHandle | None = None
        self._running = 0
        #: Worker processes started so far (tests and logs read it).
        self.started = 0

    @property
    def alive(self) -> bool:
        return self._executor is not None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=_context())
            self.started += 1
        return self._executor

    async def draw(self, key: Hashable, fn: Callable[..., bytes], *args: Any) -> bytes:
        """`fn(*args)`'s picture, drawn once per data generation for `key`."""
        return await self._drawn.get_or_load((fn.__qualname__, key), lambda: self.run(fn, *args))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in the worker; `fn` and its arguments must pickle."""
        if self._retire is not None:
            self._retire.cancel()
            self._retire = None
        self._running += 1
        loop = asyncio.get_running_loop()
        try:
            try:
                return await loop.run_in_executor(self._pool(), fn, *args)
            except BrokenExecutor:
                # The worker died (killed, out of memory): one more try with a new one.
                log.warning("the picture worker died; starting another")
                self._drop()
                return await loop.run_in_executor(self._pool(), fn, *args)
        finally:
            self._running -= 1
            if self._running == 0 and self._executor is not None:
                self._retire = loop.call_later(self.idle, self._stop_if_idle)

    def _stop_if_idle(self) -> None:
        self._retire = None
        if self._running == 0:
            self._drop()

    def _drop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def close(self) -> None:
        if self._retire is not None:
            self._retire.cancel()
            self._retire = None
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)
