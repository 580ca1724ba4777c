"""A service's APScheduler and the job runs it started, stopped together.

The announcement and airing services each run their jobs on their own scheduler; a job
body registers its task with `track()` so that `stop()` can cancel a run still going
when the bot closes, before the store and the HTTP session close under it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler


class Jobs:
    def __init__(self) -> None:
        #: The running scheduler (None before start and after stop).
        self.scheduler: AsyncIOScheduler | None = None
        self._runs: set[asyncio.Task[Any]] = set()

    def track(self) -> None:
        """Called first thing by a job body: its run is cancelled by stop()."""
        task = asyncio.current_task()
        if task is not None:
            self._runs.add(task)
            task.add_done_callback(self._runs.discard)

    async def stop(self) -> None:
        """Stop the scheduler and cancel the runs still going; returns once they ended."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        for task in list(self._runs):
            task.cancel()
        await asyncio.gather(*self._runs, return_exceptions=True)
