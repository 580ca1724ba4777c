"""Airing jobs: the daily schedule refresh, the followed shows' episode refresh, and the
episode-post pass. Job bodies are plain async methods that tests call with a fixed `now`.

Schedule (UTC): schedules daily at 03:17 and a minute after start; followed shows daily at
03:47; the post pass every minute at :05 seconds (air times are whole minutes, so a post
goes out a few seconds after its time plus the configured delay), and once after start,
which also checks posts a crash left claimed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from core.airing import (
    DEFAULT_ZONE,
    REFRESH_DAYS,
    AiringShow,
    ScheduledEpisode,
    Source,
    zone,
)
from core.providers import Candidate, ProviderError, ProviderRef
from db.airing import AiringRepository, Changed
from db.airing_follows import FollowRepository
from db.airing_ledger import AiringLedger
from db.connection import Database
from scheduler.airing_delivery import EpisodePoster
from scheduler.airing_lookup import ShowLookup
from scheduler.cluster import Cluster
from scheduler.delivery import Outcome, PassReport
from scheduler.jobs import Jobs
from scheduler.poster import DiscordPoster, Messenger

log = logging.getLogger(__name__)

COUNTRY = "KR"
STARTUP_DELAY = dt.timedelta(seconds=20)
RERUN_AFTER = dt.timedelta(seconds=30)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ScheduleSource(Protocol):
    """The provider calls the jobs use (providers.tvmaze.TvmazeClient)."""

    async def schedule(self, day: dt.date, country: str = COUNTRY) -> list[ScheduledEpisode]: ...

    async def web_schedule(
        self, day: dt.date, country: str | None = None
    ) -> list[ScheduledEpisode]: ...

    async def episodes(self, show_id: int) -> tuple[AiringShow, list[ScheduledEpisode]] | None: ...

    async def search(self, query: str, year: int | None = None) -> list[Candidate]: ...

    async def close(self) -> None: ...


class AiringHost(Messenger, Protocol):
    @property
    def db(self) -> Database: ...

    def get_guild(self, id: int, /) -> discord.Guild | None: ...


@dataclass
class RefreshReport:
    days: int = 0
    episodes: int = 0
    changes: list[Changed] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    completed: list[ProviderRef] = field(default_factory=list)


def _korean(item: ScheduledEpisode) -> bool:
    return item.show.korean or item.show.language == "ko"


class Airing:
    """Owned by the bot; the cog, the jobs and the tests go through it."""

    def __init__(
        self,
        bot: AiringHost,
        source: ScheduleSource | None,
        *,
        delay: dt.timedelta = dt.timedelta(0),
        concurrency: int = 16,
        cluster: Cluster | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        owns_source: bool = True,
    ) -> None:
        self.bot = bot
        #: Which shards' guilds this process posts to, the id its claims carry, and the
        #: election of the one process that refreshes schedules.
        self.cluster = cluster or Cluster(lambda: bot.db)
        #: What the commands take for "now" (tests drive it by hand).
        self.clock = clock
        self.source = source
        #: False when the source is shared (the bot's provider clients close it).
        self.owns_source = owns_source
        self.delay = delay
        self.concurrency = concurrency
        self._poster: EpisodePoster | None = None
        self._jobs = Jobs()

    @property
    def schedule(self) -> AiringRepository:
        return AiringRepository(self.bot.db)

    @property
    def follows(self) -> FollowRepository:
        return FollowRepository(self.bot.db)

    @property
    def poster(self) -> EpisodePoster:
        if self._poster is None:
            self._poster = EpisodePoster(
                self.schedule,
                self.follows,
                AiringLedger(self.bot.db, self.cluster.process),
                DiscordPoster(self.bot),
                delay=self.delay,
                concurrency=self.concurrency,
                ownership=self.cluster.ownership,
                lease=self.cluster.lease,
                guild_locale=self.guild_locale,
            )
        return self._poster

    def guild_locale(self, guild_id: int) -> str | None:
        """The server's Discord locale, when this process has the server in its cache."""
        guild = self.bot.get_guild(guild_id)
        return None if guild is None else str(guild.preferred_locale.value)

    # -- job bodies -----------------------------------------------------------------------

    async def refresh_schedule(self, now: dt.datetime, days: int = REFRESH_DAYS) -> RefreshReport:
        """The next `days` days of Korean schedules: broadcast (`/schedule?country=KR`),
        Korean streaming services and the global ones' Korean shows (`/schedule/web`).
        A day whose request failed keeps what was stored (nothing is cancelled for it)."""
        report = RefreshReport()
        if self.source is None:
            report.errors.append("no schedule provider is configured")
            return report
        first = now.astimezone(zone(DEFAULT_ZONE)).date()
        found: dict[Source, dict[int, ScheduledEpisode]] = {"schedule": {}, "web": {}}
        covered: dict[Source, list[dt.date]] = {"schedule": [], "web": []}
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            broadcast = (self.source.schedule(day, COUNTRY),)
            streaming = (self.source.web_schedule(day, COUNTRY), self.source.web_schedule(day))
            batches: tuple[tuple[Source, Any], ...] = (
                ("schedule", broadcast),
                ("web", streaming),
            )
            for source, calls in batches:
                if await self._fetch_day(day, source, calls, found[source], report):
                    covered[source].append(day)
            report.days += 1
        # Stored once for all days, so an episode moved to another day is rescheduled,
        # never cancelled on its old day first.
        for source, episodes in found.items():
            report.episodes += len(episodes)
            report.changes.extend(
                await self.schedule.store(
                    list(episodes.values()),
                    source,
                    now,
                    days=covered[source],
                    sources=[source],
                )
            )
        return report

    @staticmethod
    async def _fetch_day(
        day: dt.date,
        source: Source,
        calls: tuple[Awaitable[list[ScheduledEpisode]], ...],
        found: dict[int, ScheduledEpisode],
        report: RefreshReport,
    ) -> bool:
        """Collect one day's Korean episodes; False when a request failed (then nothing is
        cancelled for that day)."""
        complete = True
        for call in calls:
            try:
                for item in await call:
                    if _korean(item):
                        found[item.id] = item
            except ProviderError as exc:
                complete = False
                report.errors.append(f"{day} {source}: {exc}")
        return complete

    async def refresh_show(self, ref: ProviderRef, now: dt.datetime) -> list[Changed]:
        """One show's own episode list (when followed, and daily after); marks it complete
        when it ended with nothing left to air."""
        if self.source is None or ref.provider != "tvmaze":
            return []
        answer = await self.source.episodes(ref.id)
        if answer is None:
            return []
        show, episodes = answer
        changes = await self.schedule.store_show(show, episodes, now)
        await self.schedule.check_complete(ref, now)
        return changes

    async def refresh_followed(self, now: dt.datetime) -> RefreshReport:
        report = RefreshReport()
        for ref in await self.follows.followed_shows():
            try:
                report.changes.extend(await self.refresh_show(ref, now))
            except ProviderError as exc:
                report.errors.append(f"{ref}: {exc}")
                continue
            if await self.schedule.completed_at(ref) is not None:
                report.completed.append(ref)
        return report

    async def deliver(self, now: dt.datetime) -> PassReport:
        return await self.poster.run_pass(now)

    # -- finding a show for the commands ----------------------------------------------------

    async def find_show(self, text: str, now: dt.datetime, *, live: bool = False) -> AiringShow:
        """The show a member named (see scheduler.airing_lookup)."""
        return await ShowLookup(self).find(text, now, live=live)

    async def on_follow(self, ref: ProviderRef, now: dt.datetime) -> None:
        await ShowLookup(self).on_follow(ref, now)

    # -- APScheduler ------------------------------------------------------------------------

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        options: dict[str, Any] = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 300}
        scheduler.add_job(
            self._refresh_job, CronTrigger(hour=3, minute=17, timezone=dt.UTC), id="airing-refresh"
        )
        scheduler.add_job(
            self._refresh_job,
            DateTrigger(run_date=utcnow() + 3 * STARTUP_DELAY),
            id="airing-refresh-start",
        )
        scheduler.add_job(
            self._followed_job,
            CronTrigger(hour=3, minute=47, timezone=dt.UTC),
            id="airing-followed",
            **options,
        )
        scheduler.add_job(
            self._deliver_job,
            CronTrigger(second=5, timezone=dt.UTC),
            id="airing-deliver",
            **options,
        )
        scheduler.add_job(
            self._deliver_job,
            DateTrigger(run_date=utcnow() + STARTUP_DELAY),
            id="airing-catch-up",
            **options,
        )
        scheduler.start()
        self._jobs.scheduler = scheduler
        log.info("airing jobs started")

    async def stop(self) -> None:
        await self._jobs.stop()
        if self.source is not None and self.owns_source:
            await self.source.close()

    async def _refresh_job(self) -> None:
        self._jobs.track()
        try:
            # In a cluster only the elected process refreshes; the store is shared.
            ran, report = await self.cluster.run_once(
                "airing-refresh", lambda: self.refresh_schedule(utcnow())
            )
        except Exception:
            log.exception("the airing schedule refresh failed")
            return
        if not ran or report is None:
            return
        for change in report.changes:
            log.info("airing: %s %s %s", change.change, change.show, change.airstamp)
        log.info(
            "airing refresh: %d days, %d episodes, %d changes, %d errors",
            report.days,
            report.episodes,
            len(report.changes),
            len(report.errors),
        )

    async def _followed_job(self) -> None:
        self._jobs.track()
        try:
            ran, report = await self.cluster.run_once(
                "airing-followed", lambda: self.refresh_followed(utcnow())
            )
        except Exception:
            log.exception("the followed shows refresh failed")
            return
        if not ran or report is None:
            return
        log.info("followed shows: %d changes, %d errors", len(report.changes), len(report.errors))

    async def run_passes(self) -> int:
        """The minute job's body: a post pass, repeated at once while a pass posted for
        longer than RERUN_AFTER (a large fan-out makes the scheduler skip the next minute's
        run; episodes that aired meanwhile go out now, not up to a minute later). Returns
        the passes run."""
        passes = 0
        while True:
            started = utcnow()
            report = await self.deliver(started)
            passes += 1
            if utcnow() - started < RERUN_AFTER or not report.count(Outcome.SENT):
                return passes

    async def _deliver_job(self) -> None:
        self._jobs.track()
        try:
            await self.run_passes()
        except Exception:
            log.exception("the episode post pass failed")
