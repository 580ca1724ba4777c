"""The bot's announcement machinery: one delivery engine, the two jobs, and APScheduler.

Schedule (all UTC; Netflix publishes on Tuesdays, usually in the US afternoon):
- refresh: hourly at :07 on Tuesdays and Wednesdays, and daily at 12:07 on other days
  (conditional GETs, so an unchanged file costs one small request); each refresh ends
  with a delivery pass, so a new week goes out as soon as it is imported;
- delivery pass: every minute (one query when nothing is due), so a post goes out within
  a minute of its local time once the data is in;
- catch-up: one delivery pass a few seconds after start, which also checks deliveries
  left claimed by a crash before anything is resent;
- new data: every few seconds, when the data watcher saw another process import a newer
  week, a delivery pass here too.

In a cluster every process runs the delivery passes for its own shards, while fetching
and importing Netflix's files (the refresh and the first fetch) runs in the one process
elected through the store (scheduler.cluster); the others see the imported weeks through
the data watcher and post them on their next pass.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import aiohttp
import discord

from core.announce import DEFAULT_MINUTE, DEFAULT_TIMEZONE, DEFAULT_WEEKDAY
from core.announce import Schedule as WeeklySlot
from core.charts import DEFAULT_CATEGORY
from db.announce import AnnouncementRepository, Subscription
from db.connection import Database
from scheduler.cluster import Cluster
from scheduler.delivery import ChartFeed, DeliveryEngine, PassReport
from scheduler.feed import ChartsFeed
from scheduler.pacing import Pacer
from scheduler.poster import DiscordPoster, Messenger
from services.live import LiveData

if TYPE_CHECKING:
    # Imported when first used (the scheduler's start, the first refresh): a bot's
    # start-up never pays for APScheduler or the file importer.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from db.chart_import import ImportResult, Progress
    from scheduler.fetcher import Fetcher

log = logging.getLogger(__name__)


class Importer(Protocol):
    def __call__(
        self, db: Database, raw: bytes, name: str, progress: Progress | None = None, /
    ) -> Awaitable[ImportResult]: ...


STARTUP_DELAY = dt.timedelta(seconds=5)
NEW_DATA_CHECK = dt.timedelta(seconds=2)
# The first fetch on an empty store: a full download and import takes about a minute on
# a good line; past this it stops and leaves it to the scheduled refresh.
FIRST_FETCH_LIMIT = dt.timedelta(minutes=15)
FETCH_TIMEOUT = 600.0
PROGRESS_STEP = 25  # percent between progress lines


def _progress_log(name: str) -> Progress:
    """Logs an import's progress every PROGRESS_STEP percent (called from its thread)."""
    reported = [0]

    def show(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent >= reported[0] + PROGRESS_STEP or (done >= total and percent > reported[0]):
            reported[0] = percent - percent % PROGRESS_STEP if done < total else 100
            log.info("Importing %s: %d%% (%s of %s lines)", name, reported[0], done, total)

    return show


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

    @property
    def netflix_urls(self) -> tuple[str, ...]: ...


class AnnouncementHost(Messenger, Protocol):
    """What the bot hands the scheduler: settings, the store, and the live data to tell
    when an import changed it."""

    @property
    def settings(self) -> AnnounceSettings: ...

    @property
    def db(self) -> Database: ...

    @property
    def live(self) -> LiveData: ...

    def get_guild(self, id: int, /) -> discord.Guild | None: ...


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
        after_import: Callable[[], None] | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.bot = bot
        self.cluster = cluster or Cluster(lambda: bot.db)
        # Told after an import changed the charts (the bot starts the enrichment job).
        self.after_import = after_import
        self.pacer = pacer or Pacer(bot.settings.announce_rate_limit)
        self._feed = feed
        self._importer = importer
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
                guild_locale=self.guild_locale,
            )
        return self._engine

    def guild_locale(self, guild_id: int) -> str | None:
        """The server's Discord language (from the guild cache; None when not cached)."""
        guild = self.bot.get_guild(guild_id)
        locale = getattr(guild, "preferred_locale", None)
        return None if locale is None else str(getattr(locale, "value", locale))

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

    @property
    def importer(self) -> Importer:
        if self._importer is None:
            from db.chart_import import import_netflix_file

            self._importer = import_netflix_file
        return self._importer

    async def refresh(self, now: dt.datetime, *, fetcher: Fetcher | None = None) -> RefreshReport:
        """Fetch Netflix's files, import what changed, then run a delivery pass."""
        report = await self.fetch_and_import(now, fetcher=fetcher)
        report.delivery = await self.deliver(now)
        return report

    async def fetch_and_import(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport:
        """Fetch Netflix's files and import what changed (the once-only part of a refresh)."""
        from scheduler.fetcher import Fetcher

        report = RefreshReport()
        fetcher = fetcher or Fetcher(await self.session())
        for url in self.bot.settings.netflix_urls:
            await self._update(url, fetcher, now, report)
        if report.imported:
            await self.bot.live.changed()
            if self.after_import is not None:
                self.after_import()
        return report

    async def _update(
        self,
        url: str,
        fetcher: Fetcher,
        now: dt.datetime,
        report: RefreshReport,
        progress: Progress | None = None,
    ) -> None:
        """Fetch one file and import it when it changed; the outcome goes in `report`."""
        from db.chart_files import ChartFormatError
        from db.fetched import FetchedFiles
        from scheduler.fetcher import FetchError

        files = FetchedFiles(self.bot.db)
        try:
            download = await fetcher.fetch(url, await files.get(url))
        except FetchError as exc:
            report.errors.append(str(exc))
            await files.checked(url, now, str(exc))
            return
        if download.body is None:
            report.unchanged.append(url)
            await files.checked(url, now)
            return
        name = url.rsplit("/", 1)[-1] or "netflix.tsv"
        try:
            await self.importer(self.bot.db, download.body, name, progress)
        except ChartFormatError as exc:
            report.errors.append(str(exc))
            await files.checked(url, now, f"import failed: {exc}"[:500])
            log.error("importing %s failed: %s", url, exc)
            return
        await files.changed(url, download.etag, download.last_modified, now)
        report.imported.append(url)

    async def first_fetch(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport | None:
        """On a store with no chart data, fetch and import Netflix's files at once rather
        than at the next scheduled refresh (up to a day away). Runs in the background:
        commands answer meanwhile (the import has its own connection and thread). Bounded
        by FIRST_FETCH_LIMIT; without a network it logs one line and gives up until the
        scheduled refresh. None when data was already there."""
        from db.charts import ChartRepository
        from scheduler.fetcher import Fetcher

        if await ChartRepository(self.bot.db).has_data():
            return None
        settings = self.bot.settings
        log.info(
            "No Netflix Top 10 data is stored yet: fetching Netflix's published files in the "
            "background (commands keep working meanwhile)."
        )
        fetcher = fetcher or Fetcher(await self.session(), retries=0, timeout=FETCH_TIMEOUT)
        report = RefreshReport()
        try:
            async with asyncio.timeout(FIRST_FETCH_LIMIT.total_seconds()):
                for url in settings.netflix_urls:
                    name = url.rsplit("/", 1)[-1] or url
                    log.info("Fetching %s …", name)
                    await self._update(url, fetcher, now, report, _progress_log(name))
                    if report.errors:
                        break  # offline or refused: the second file would fail alike
        except TimeoutError:
            report.errors.append(f"not done after {FIRST_FETCH_LIMIT} (stopped)")
        if report.errors:
            log.warning(
                "Could not fetch %sNetflix's Top 10 files (%s); carrying on %s until the "
                "scheduled refresh. Offline, import them by hand: "
                "`.venv/bin/python bot.py import-netflix FILE…`.",
                "all of " if report.imported else "",
                report.errors[0],
                "with what was imported" if report.imported else "without chart data",
            )
        if report.imported:
            await self.bot.live.changed()
            if self.after_import is not None:
                self.after_import()
            log.info("Netflix Top 10 data imported: %s.", ", ".join(report.imported))
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
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.combining import OrTrigger
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.date import DateTrigger
        from apscheduler.triggers.interval import IntervalTrigger

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
            self._deliver_job,
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
        scheduler.add_job(
            self._first_fetch_job,
            DateTrigger(run_date=utcnow()),
            id="netflix-first-fetch",
            misfire_grace_time=600,
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
        log.log(
            logging.WARNING if report.errors else logging.INFO,
            "Netflix refresh: %d imported, %d unchanged, %d errors%s",
            len(report.imported),
            len(report.unchanged),
            len(report.errors),
            f" (first: {report.errors[0]})" if report.errors else "",
        )

    async def _first_fetch_job(self) -> None:
        self._track()
        try:
            await self.cluster.run_once("netflix-first-fetch", self._first_fetch_now)
        except asyncio.CancelledError:
            # stop() cancels it when the bot closes mid-fetch: nothing was stored (an
            # import rolls back) and the scheduled refresh will fetch again.
            log.info("The first Netflix fetch was stopped (the bot is closing).")
        except Exception:
            log.exception("the first Netflix fetch failed")

    async def _import_now(self) -> RefreshReport:
        return await self.fetch_and_import(utcnow())

    async def _first_fetch_now(self) -> RefreshReport | None:
        return await self.first_fetch(utcnow())

    async def new_week_arrived(self) -> bool:
        """Whether the data changed since the last look and brought a newer week."""
        from db.charts import ChartRepository

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
