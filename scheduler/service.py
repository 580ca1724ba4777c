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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import discord

from core.announce import DEFAULT_MINUTE, DEFAULT_TIMEZONE, DEFAULT_WEEKDAY
from core.announce import Schedule as WeeklySlot
from core.charts import DEFAULT_CATEGORY
from db.announce import AnnouncementRepository, Subscription
from db.connection import Database
from scheduler.cluster import Cluster
from scheduler.delivery import ChartFeed, DeliveryEngine, PassReport
from scheduler.feed import ChartsFeed
from scheduler.jobs import Jobs
from scheduler.netflix import Importer, NetflixImports, RefreshReport
from scheduler.pacing import Pacer
from scheduler.poster import DiscordPoster, Messenger
from services.live import LiveData

if TYPE_CHECKING:
    # Imported when first used (the scheduler's start, the first refresh): a bot's
    # start-up never pays for APScheduler or the file importer.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from scheduler.fetcher import Fetcher

log = logging.getLogger(__name__)


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
        #: The bot's pacer: its trace gates every request of the bot (scheduler.pacing).
        self.pacer = pacer or Pacer(bot.settings.announce_rate_limit)
        self.netflix = NetflixImports(
            lambda: bot.db,
            lambda: bot.live,
            lambda: bot.settings.netflix_urls,
            importer=importer,
            after_import=after_import,
        )
        self._feed = feed
        self._engine: DeliveryEngine | None = None
        self._jobs = Jobs()
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
            poster = DiscordPoster(self.bot)
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
        return self.netflix.importer

    async def refresh(self, now: dt.datetime, *, fetcher: Fetcher | None = None) -> RefreshReport:
        """Fetch Netflix's files, import what changed, then run a delivery pass."""
        report = await self.fetch_and_import(now, fetcher=fetcher)
        report.delivery = await self.deliver(now)
        return report

    async def fetch_and_import(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport:
        """Fetch Netflix's files and import what changed (the once-only part of a refresh)."""
        return await self.netflix.fetch_and_import(now, fetcher=fetcher)

    async def first_fetch(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport | None:
        """Netflix's files fetched and imported at once on an empty store
        (scheduler.netflix); None when data was already there."""
        return await self.netflix.first_fetch(now, fetcher=fetcher)

    # -- APScheduler -------------------------------------------------------------------

    @property
    def scheduler(self) -> AsyncIOScheduler | None:
        """The running scheduler (None when SCHEDULER_ENABLED is off or after stop())."""
        return self._jobs.scheduler

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
        self._jobs.scheduler = scheduler
        log.info("scheduler started: Netflix refresh and announcement delivery")

    async def stop(self) -> None:
        # A job still running is cancelled: rows it claimed stay claimed and are checked
        # against the channel at the next start, never blindly resent.
        await self._jobs.stop()
        await self.netflix.close()

    async def _refresh_job(self) -> None:
        self._jobs.track()
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
        from db.charts import ChartRepository

        self._jobs.track()
        try:
            # Every start schedules it, so a process restarted (or taking over the lead) in
            # a later minute would record another run for a store that already has data.
            if await ChartRepository(self.bot.db).has_data():
                return
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
        self._jobs.track()
        try:
            if await self.new_week_arrived():
                await self.deliver(utcnow())
        except Exception:
            log.exception("the delivery pass for new data failed")

    async def _deliver_job(self) -> None:
        self._jobs.track()
        try:
            await self.deliver(utcnow())
        except Exception:
            log.exception("the announcement delivery pass failed")
