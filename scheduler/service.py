"""The bot's announcement machinery: one delivery engine, the two jobs, and APScheduler.

Schedule (all UTC; Netflix publishes on Tuesdays, usually in the US afternoon):
- refresh: hourly at :07 on Tuesdays and Wednesdays, and daily at 12:07 on other days
  (conditional GETs, so an unchanged file costs one small request); each refresh ends
  with a delivery pass, so a new week goes out as soon as it is imported;
- delivery pass: every minute (one query when nothing is due), so a post goes out within
  a minute of its local time once the data is in;
- catch-up: a few seconds after start, a refresh in the elected process and a delivery
  pass in every other one (each also checks deliveries left claimed by a crash before
  anything is resent);
- new data: every few seconds, when the data watcher saw another process import a newer
  week, a delivery pass here too, so every shard posts it as soon as the leader has it.

In a cluster every process runs the delivery passes for its own shards, while the refresh
runs in the one process elected through the store (scheduler.cluster); the others see the
imported weeks through the data watcher and post them on their next pass.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.announce import DEFAULT_MINUTE, DEFAULT_TIMEZONE, DEFAULT_WEEKDAY
from core.announce import Schedule as WeeklySlot
from core.charts import DEFAULT_CATEGORY
from db.announce import AnnouncementRepository, Subscription
from db.chart_import import ChartFormatError, ImportResult, import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from db.fetched import FetchedFiles
from scheduler.cluster import Cluster
from scheduler.delivery import ChartFeed, DeliveryEngine, PassReport
from scheduler.feed import ChartsFeed
from scheduler.fetcher import Fetcher, FetchError
from scheduler.pacing import Pacer
from scheduler.poster import DiscordPoster, Messenger
from services.live import LiveData

log = logging.getLogger(__name__)

Importer = Callable[[Database, bytes, str], Awaitable[ImportResult]]
STARTUP_DELAY = dt.timedelta(seconds=5)
NEW_DATA_CHECK = dt.timedelta(seconds=2)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AnnounceSettings(Protocol):
    @property
    def announce_rate_limit(self) -> float: ...

    @property
    def announce_concurrency(self) -> int: ...

    @property
    def netflix_global_url(self) -> str: ...

    @property
    def netflix_countries_url(self) -> str: ...


class AnnouncementHost(Messenger, Protocol):
    """What the bot hands the scheduler: settings, the store, and the live data to tell
    when an import changed it."""

    @property
    def settings(self) -> AnnounceSettings: ...

    @property
    def db(self) -> Database: ...

    @property
    def live(self) -> LiveData: ...


@dataclass
class RefreshReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    delivery: PassReport | None = None


class Announcements:
    """Owned by the bot; the cog, the jobs and the tests all go through it."""

    def __init__(
        self,
        bot: AnnouncementHost,
        *,
        feed: ChartFeed | None = None,
        importer: Importer | None = None,
        pacer: Pacer | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.bot = bot
        self.cluster = cluster or Cluster(lambda: bot.db)
        self.pacer = pacer or Pacer(bot.settings.announce_rate_limit)
        self._feed = feed
        self.importer: Importer = importer or import_netflix_file
        self._engine: DeliveryEngine | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self._session: aiohttp.ClientSession | None = None
        self._jobs: set[asyncio.Task[Any]] = set()
        self._seen: tuple[int, dt.date | None] | None = None  # (generation, newest week)

    @property
    def feed(self) -> ChartFeed:
        if self._feed is None:
            self._feed = ChartsFeed(self.bot.db)
        return self._feed

    @property
    def engine(self) -> DeliveryEngine:
        if self._engine is None:
            settings = self.bot.settings
            poster = DiscordPoster(self.bot, self.pacer)
            self._engine = DeliveryEngine(
                AnnouncementRepository(self.bot.db),
                self.feed,
                poster,
                concurrency=settings.announce_concurrency,
                ownership=self.cluster.ownership,
                process=self.cluster.process,
                lease=self.cluster.lease,
            )
        return self._engine

    def template(self, guild_id: int, channel_id: int) -> Subscription:
        """The defaults `/announce setup` would use, for previews before any setup."""
        return Subscription(
            id=0,
            guild_id=guild_id,
            channel_id=channel_id,
            category=DEFAULT_CATEGORY,
            country_iso2=None,
            schedule=WeeklySlot(DEFAULT_WEEKDAY, DEFAULT_MINUTE, DEFAULT_TIMEZONE),
            role_id=None,
            paused_reason=None,
            paused_at=None,
            created_by=0,
            created_at=utcnow(),
        )

    # -- job bodies (tests call these with a fixed `now`) --------------------------

    async def deliver(self, now: dt.datetime) -> PassReport:
        return await self.engine.run_pass(now)

    async def refresh(self, now: dt.datetime, *, fetcher: Fetcher | None = None) -> RefreshReport:
        """Fetch Netflix's files, import what changed, then run a delivery pass."""
        report = await self.fetch_and_import(now, fetcher=fetcher)
        report.delivery = await self.deliver(now)
        return report

    async def fetch_and_import(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport:
        """Fetch Netflix's files and import what changed (the once-only part of a refresh)."""
        report = RefreshReport()
        fetcher = fetcher or Fetcher(await self.session())
        files = FetchedFiles(self.bot.db)
        settings = self.bot.settings
        for url in (settings.netflix_global_url, settings.netflix_countries_url):
            try:
                download = await fetcher.fetch(url, await files.get(url))
            except FetchError as exc:
                report.errors.append(str(exc))
                await files.checked(url, now, str(exc))
                continue
            if download.body is None:
                report.unchanged.append(url)
                await files.checked(url, now)
                continue
            name = url.rsplit("/", 1)[-1] or "netflix.tsv"
            try:
                await self.importer(self.bot.db, download.body, name)
            except ChartFormatError as exc:
                report.errors.append(str(exc))
                await files.checked(url, now, f"import failed: {exc}"[:500])
                log.error("importing %s failed: %s", url, exc)
                continue
            await files.changed(url, download.etag, download.last_modified, now)
            report.imported.append(url)
        if report.imported:
            await self.bot.live.changed()
        return report

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    # -- APScheduler -------------------------------------------------------------------

    @property
    def scheduler(self) -> AsyncIOScheduler | None:
        """The running scheduler (None when SCHEDULER_ENABLED is off or after stop())."""
        return self._scheduler

    def start(self) -> None:
        """Called from setup_hook when SCHEDULER_ENABLED (tests leave it off)."""
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        refresh = OrTrigger(
            [
                CronTrigger(day_of_week="tue,wed", minute=7, timezone=dt.UTC),
                CronTrigger(hour=12, minute=7, timezone=dt.UTC),
            ]
        )
        options: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 300}
        scheduler.add_job(self._refresh_job, refresh, id="netflix-refresh", **options)
        scheduler.add_job(
            self._deliver_job, IntervalTrigger(minutes=1), id="announce-deliver", **options
        )
        scheduler.add_job(
            self._catch_up_job,
            DateTrigger(run_date=utcnow() + STARTUP_DELAY),
            id="announce-catch-up",
            **options,
        )
        scheduler.add_job(
            self._new_data_job,
            IntervalTrigger(seconds=NEW_DATA_CHECK.total_seconds()),
            id="announce-new-data",
            **options,
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started: Netflix refresh and announcement delivery")

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        # A job still running is cancelled: rows it claimed stay claimed and are checked
        # against the channel at the next start, never blindly resent.
        for task in list(self._jobs):
            task.cancel()
        await asyncio.gather(*self._jobs, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._jobs.add(task)
            task.add_done_callback(self._jobs.discard)

    async def _refresh_job(self) -> None:
        self._track()
        try:
            ran, report = await self.cluster.run_once("netflix-refresh", self._import_now)
            await self.deliver(utcnow())
        except Exception:
            log.exception("the Netflix refresh job failed")
            return
        if not ran or report is None:
            return
        log.info(
            "Netflix refresh: %d imported, %d unchanged, %d errors",
            len(report.imported),
            len(report.unchanged),
            len(report.errors),
        )

    async def _import_now(self) -> RefreshReport:
        return await self.fetch_and_import(utcnow())

    async def _catch_up_job(self) -> None:
        self._track()
        try:
            await self.cluster.run_once("netflix-refresh", self._import_now)
            await self.deliver(utcnow())
        except Exception:
            log.exception("the start-up refresh and delivery pass failed")

    async def new_week_arrived(self) -> bool:
        """Whether the data changed since the last look and brought a newer week."""
        generation = self.bot.live.generation.value
        if self._seen is not None and self._seen[0] == generation:
            return False
        newest = await ChartRepository(self.bot.db).newest_week()
        # The first look only notes the newest week: the catch-up pass covers the start.
        changed = self._seen is not None and self._seen[1] != newest
        self._seen = (generation, newest)
        return changed

    async def _new_data_job(self) -> None:
        self._track()
        try:
            if await self.new_week_arrived():
                await self.deliver(utcnow())
        except Exception:
            log.exception("the delivery pass for new data failed")

    async def _deliver_job(self) -> None:
        self._track()
        try:
            await self.deliver(utcnow())
        except Exception:
            log.exception("the announcement delivery pass failed")
