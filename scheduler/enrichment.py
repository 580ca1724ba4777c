"""The enrichment job in the background: daily, shortly after start, and after each import.

One pass at a time. A kick while a pass runs (a new Netflix week imported meanwhile) is
remembered and runs one more pass when the current one ends, so new titles are never
left for the next day. A restart resumes: the store knows what is settled, and the
pass a few seconds after start picks up the rest. Commands never wait on any of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Imported when the jobs start (scheduler/service.py does the same): a bot's start-up
    # never pays for APScheduler or the enrichment job's modules.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from services.enrich import EnrichJob, Summary

log = logging.getLogger(__name__)

STARTUP_DELAY = dt.timedelta(seconds=30)
JOB_ID = "catalog-enrich"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class EnrichmentJobs:
    """Owned by the bot; `make_job` builds a job over the configured providers (None
    when none is configured, e.g. TVmaze switched off and no TMDB token)."""

    def __init__(
        self,
        make_job: Callable[[], EnrichJob | None],
        *,
        elect: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self._make_job = make_job
        # In a cluster, whether this process is the one running once-only jobs now.
        self._elect = elect
        self._scheduler: AsyncIOScheduler | None = None
        self._running = False
        self._again = False
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def running(self) -> bool:
        return self._running

    async def run_pass(self) -> Summary | None:
        """One pass over the backlog (and more while kicks arrive); tests call this."""
        if self._running:
            self._again = True
            return None
        job = self._make_job()
        if job is None:
            return None
        self._running = True
        try:
            if self._elect is not None and not await self._elect():
                log.info("enrichment: another process runs the once-only jobs")
                return None
            while True:
                self._again = False
                summary = await job.run()
                if summary.total:
                    counts = summary.counts()
                    log.info(
                        "enrichment: %d matched, %d ambiguous, %d not found, %d failed "
                        "(%d requests, %d throttled, %.0f s)",
                        counts["matched"],
                        counts["ambiguous"],
                        counts["not_found"],
                        counts["failed"],
                        summary.requests,
                        summary.throttled,
                        summary.seconds,
                    )
                if not self._again:
                    return summary
        finally:
            self._running = False

    def kick(self) -> None:
        """Start a pass now in the background (after an import); never waits for it."""
        if self._running:
            self._again = True
            return
        if self._scheduler is None:
            return  # the scheduler is off (tests, the command line): nothing runs behind
        task = asyncio.get_running_loop().create_task(self._job())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def start(self, scheduler: AsyncIOScheduler | None = None) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.date import DateTrigger

        own = scheduler or AsyncIOScheduler(timezone=dt.UTC)
        options: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
        # Daily, off the hour and away from the Netflix refresh at :07.
        own.add_job(
            self._job, CronTrigger(hour=4, minute=37, timezone=dt.UTC), id=JOB_ID, **options
        )
        own.add_job(
            self._job,
            DateTrigger(run_date=utcnow() + STARTUP_DELAY),
            id=f"{JOB_ID}-resume",
            **options,
        )
        if scheduler is None:
            own.start()
        self._scheduler = own
        log.info("scheduler started: catalog enrichment daily and after each import")

    async def stop(self) -> None:
        if self._scheduler is not None:
            if self._scheduler.running:
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
        # A pass cut short loses nothing: each show was stored in its own transaction.
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _job(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            await self.run_pass()
        except Exception:
            log.exception("the enrichment pass failed")
