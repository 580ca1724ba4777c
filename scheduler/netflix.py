"""Fetching Netflix's published Top 10 files and importing what changed: the scheduled
refresh and the first fetch on an empty store. In a cluster only the process elected for
once-only jobs runs these (scheduler.service); the others see the imported weeks through
the data watcher."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import aiohttp

from db.connection import Database
from scheduler.delivery import PassReport
from services.live import LiveData

if TYPE_CHECKING:
    from db.chart_import import ImportResult, Progress
    from scheduler.fetcher import Fetcher

log = logging.getLogger(__name__)

# The first fetch on an empty store: a full download and import takes about a minute on
# a good line; past this it stops and leaves it to the scheduled refresh.
FIRST_FETCH_LIMIT = dt.timedelta(minutes=15)
FETCH_TIMEOUT = 600.0
PROGRESS_STEP = 25  # percent between progress lines


class Importer(Protocol):
    def __call__(
        self, db: Database, raw: bytes, name: str, progress: Progress | None = None, /
    ) -> Awaitable[ImportResult]: ...


@dataclass
class RefreshReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    delivery: PassReport | None = None


def _progress_log(name: str) -> Progress:
    """Logs an import's progress every PROGRESS_STEP percent (called from its thread)."""
    reported = [0]

    def show(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent >= reported[0] + PROGRESS_STEP or (done >= total and percent > reported[0]):
            reported[0] = percent - percent % PROGRESS_STEP if done < total else 100
            log.info("Importing %s: %d%% (%s of %s lines)", name, reported[0], done, total)

    return show


class NetflixImports:
    def __init__(
        self,
        db: Callable[[], Database],
        live: Callable[[], LiveData],
        urls: Callable[[], tuple[str, ...]],
        *,
        importer: Importer | None = None,
        after_import: Callable[[], None] | None = None,
    ) -> None:
        self._db = db
        self._live = live
        self._urls = urls
        self._importer = importer
        # Told after an import changed the charts (the bot starts the enrichment job).
        self.after_import = after_import
        self._session: aiohttp.ClientSession | None = None

    @property
    def importer(self) -> Importer:
        if self._importer is None:
            from db.chart_import import import_netflix_file

            self._importer = import_netflix_file
        return self._importer

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _changed(self, report: RefreshReport) -> None:
        if report.imported:
            await self._live().changed()
            if self.after_import is not None:
                self.after_import()

    async def fetch_and_import(
        self, now: dt.datetime, *, fetcher: Fetcher | None = None
    ) -> RefreshReport:
        """Fetch Netflix's files and import what changed (the once-only part of a refresh)."""
        from scheduler.fetcher import Fetcher

        report = RefreshReport()
        fetcher = fetcher or Fetcher(await self.session())
        for url in self._urls():
            await self._update(url, fetcher, now, report)
        await self._changed(report)
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

        db = self._db()
        files = FetchedFiles(db)
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
            await self.importer(db, download.body, name, progress)
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

        if await ChartRepository(self._db()).has_data():
            return None
        log.info(
            "No Netflix Top 10 data is stored yet: fetching Netflix's published files in the "
            "background (commands keep working meanwhile)."
        )
        fetcher = fetcher or Fetcher(await self.session(), retries=0, timeout=FETCH_TIMEOUT)
        report = RefreshReport()
        try:
            async with asyncio.timeout(FIRST_FETCH_LIMIT.total_seconds()):
                for url in self._urls():
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
        await self._changed(report)
        if report.imported:
            log.info("Netflix Top 10 data imported: %s.", ", ".join(report.imported))
        return report
