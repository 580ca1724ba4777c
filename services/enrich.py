"""The enrichment job: chart-made titles → provider shows, one transaction per show.

Each configured provider works through its own backlog (newest and highest-charting
titles first, as `db.enrichment.backlog` orders them) with a few workers, so the two
providers run side by side and each stays inside its own rate limit (the clients limit
themselves; the workers only keep the limiter busy). Every outcome is written to the
store as it happens, so a crash or a restart resumes where it stopped: the next backlog
no longer holds what was settled, and a failure comes back after its retry time.

A failure never leaves half a show: a record is stored in one transaction or not at all.
Each class of failure (provider unreachable, throttled, malformed answer) is logged once
per run, not once per title, and a provider that keeps failing is left alone for the rest
of the run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from core.providers import (
    Candidate,
    ProviderBadResponse,
    ProviderError,
    ProviderName,
    ProviderUnavailable,
    ShowProvider,
)
from core.title_match import ChartTitle, MatchDecision, decide, search_query
from db.connection import Database
from db.enrichment import (
    TMDB_MAX_AGE,
    DecisionConflict,
    EnrichmentRepository,
    MatchedBy,
    RefTaken,
    Target,
)

log = logging.getLogger(__name__)

Outcome = Literal["matched", "ambiguous", "not_found", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("matched", "ambiguous", "not_found", "failed")
Notify = Callable[[], Awaitable[None]]
Progress = Callable[[ProviderName, Outcome], None]

# How long each kind of outcome waits before the job tries the title again.
RETRY_AFTER: dict[Outcome, dt.timedelta] = {
    "ambiguous": dt.timedelta(days=30),  # new candidates appear slowly; a person may link it
    "not_found": dt.timedelta(days=7),  # providers add new shows within days of release
    "failed": dt.timedelta(hours=1),
}
# A provider that fails this many titles in a row (unreachable, throttled past the
# client's retries, circuit open) is left alone until the next run.
STOP_AFTER = 3
WORKERS = 4
NOTIFY_EVERY = 5.0  # seconds between "data changed" notices while the job runs
MAX_CANDIDATES = 8  # kept for the owner's review, best first
BACKLOG_ALL = 1_000_000
# The first global lists are from mid-2021: a title first charting after this is new then.
CHARTS_SETTLED = dt.date(2021, 10, 1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class ProviderReport:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    stopped: str | None = None  # why the provider was left alone for the rest of the run


@dataclass
class Summary:
    providers: dict[ProviderName, ProviderReport] = field(default_factory=dict)
    requests: int = 0
    throttled: int = 0  # 429 answers the clients received (and waited out)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(report.counts[outcome] for report in self.providers.values())

    @property
    def total(self) -> int:
        return sum(self.count(outcome) for outcome in OUTCOMES)

    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def stopped(self) -> dict[str, str]:
        return {name: r.stopped for name, r in self.providers.items() if r.stopped is not None}


def _counter(provider: ShowProvider, name: str) -> int:
    # The clients count their own requests and 429s in `stats`; a provider without
    # counters reports zero.
    value = getattr(getattr(provider, "stats", None), name, 0)
    return value if isinstance(value, int) else 0


class EnrichJob:
    """One run of the job over the backlog; `run()` may be called again for the next pass."""

    def __init__(
        self,
        db: Database,
        providers: Sequence[ShowProvider],
        *,
        notify: Notify | None = None,
        workers: int = WORKERS,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store = EnrichmentRepository(db)
        self.providers = list(providers)
        self.notify = notify
        self.workers = max(1, workers)
        self.clock = clock
        self._logged: set[str] = set()
        self._last_notice = 0.0
        self._dirty = False

    async def pending(self, *, limit: int | None = None, only: ProviderName | None = None) -> int:
        """How many titles a run would look at now (for a progress bar's total)."""
        total = 0
        for provider in self._selected(only):
            total += len(await self._backlog(provider, limit))
        return total

    def _selected(self, only: ProviderName | None) -> list[ShowProvider]:
        return [p for p in self.providers if only is None or p.name == only]

    async def _backlog(self, provider: ShowProvider, limit: int | None) -> list[Target]:
        return await self.store.backlog(
            BACKLOG_ALL if limit is None else limit, provider.name, now=self.clock()
        )

    async def run(
        self,
        *,
        limit: int | None = None,
        only: ProviderName | None = None,
        progress: Progress | None = None,
    ) -> Summary:
        started = time.perf_counter()
        selected = self._selected(only)
        before = [(_counter(p, "requests"), _counter(p, "throttled")) for p in selected]
        self._logged.clear()
        summary = Summary()
        # TMDB's terms: nothing of theirs older than six months, refreshed or not.
        if await self.store.expire("tmdb", self.clock() - TMDB_MAX_AGE):
            await self._changed()
        try:
            # A task group: if one provider's pass fails or the run is cancelled, the
            # other's stops too, so nothing runs on after the job has returned.
            async with asyncio.TaskGroup() as group:
                for provider in selected:
                    group.create_task(self._provider_pass(provider, limit, summary, progress))
        finally:
            if self._dirty:
                await self._notify(force=True)
            for provider, (requests, throttled) in zip(selected, before, strict=True):
                summary.requests += _counter(provider, "requests") - requests
                summary.throttled += _counter(provider, "throttled") - throttled
            summary.seconds = time.perf_counter() - started
        return summary

    async def _provider_pass(
        self,
        provider: ShowProvider,
        limit: int | None,
        summary: Summary,
        progress: Progress | None,
    ) -> None:
        report = summary.providers.setdefault(provider.name, ProviderReport())
        targets = await self._backlog(provider, limit)
        queue: Iterator[Target] = iter(targets)
        failures_in_row = 0

        async def worker() -> None:
            nonlocal failures_in_row
            # One shared iterator: each title is taken by exactly one worker, and no more
            # than `workers` requests of this provider wait on its rate limiter at once.
            for target in queue:
                if report.stopped is not None:
                    return
                outcome = await self._enrich_one(provider, target)
                report.counts[outcome] += 1
                if progress is not None:
                    progress(provider.name, outcome)
                failures_in_row = failures_in_row + 1 if outcome == "failed" else 0
                if failures_in_row >= STOP_AFTER and report.stopped is None:
                    report.stopped = f"{STOP_AFTER} titles failed in a row"
                    log.warning(
                        "%s: %d titles failed in a row; leaving it until the next run",
                        provider.name,
                        STOP_AFTER,
                    )

        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, min(self.workers, len(targets)))):
                group.create_task(worker())

    async def _enrich_one(self, provider: ShowProvider, target: Target) -> Outcome:
        now = self.clock()
        try:
            known = target.decided or target.stored
            if known is not None and known.provider == provider.name:
                # The owner's pick, or a refresh of what we hold: fetch it, never search.
                why = "the owner's link" if target.decided else "a refresh"
                return await self._fetch_and_store(provider, target, known.id, (), now, why)
            title = chart_title(target)
            query = search_query(title.show_title, is_film=title.is_film)
            candidates = await provider.search(query)
            decision = decide(title, candidates)
            year = _year_hint(provider.name, target)
            if decision.status == "ambiguous" and year is not None:
                decision = await self._narrow(provider, title, query, year, decision)
            if decision.status != "matched" or decision.ref is None:
                ranked = tuple(s.candidate for s in decision.candidates[:MAX_CANDIDATES])
                return await self._settle(
                    provider, target, decision.status, ranked, now, decision.reason
                )
            ranked = tuple(s.candidate for s in decision.candidates[:MAX_CANDIDATES])
            return await self._fetch_and_store(
                provider, target, decision.ref.id, ranked, now, decision.reason
            )
        except ProviderUnavailable as exc:
            self._log_once(provider, "unreachable or throttled", exc)
            return await self._settle(provider, target, "failed", (), now, str(exc))
        except ProviderBadResponse as exc:
            self._log_once(provider, "malformed answers", exc)
            return await self._settle(provider, target, "failed", (), now, str(exc))
        except ProviderError as exc:
            self._log_once(provider, "refused requests", exc)
            return await self._settle(provider, target, "failed", (), now, str(exc))

    async def _narrow(
        self,
        provider: ShowProvider,
        title: ChartTitle,
        query: str,
        year: int,
        decision: MatchDecision,
    ) -> MatchDecision:
        """TMDB's first_air_date_year, when the plain search could not tell two shows apart.

        Only a winner that was already among the plain search's candidates counts: the
        year narrows the field, it never brings in a show the name search did not find.
        """
        narrowed = decide(title, await provider.search(query, year=year))
        known = {s.ref for s in decision.candidates}
        if narrowed.status == "matched" and narrowed.ref in known:
            return narrowed
        return decision

    async def _fetch_and_store(
        self,
        provider: ShowProvider,
        target: Target,
        show_id: int,
        candidates: Sequence[Candidate],
        now: dt.datetime,
        reason: str,
    ) -> Outcome:
        record = await provider.show(show_id)
        if record is None:
            reason = f"{provider.name}:{show_id} is gone from {provider.name}"
            if target.decided is not None:
                # The owner's own link: saying nothing would lose it without a trace.
                log.warning(
                    "the owner linked show %d to %s:%d, which %s does not know; "
                    "see `bot.py catalog review`",
                    target.show_id,
                    provider.name,
                    show_id,
                    provider.name,
                )
            return await self._settle(provider, target, "not_found", candidates, now, reason)
        matched_by: MatchedBy = "manual" if target.decided is not None else "auto"
        try:
            changed = await self.store.store(target.show_id, record, matched_by)
        except RefTaken as exc:
            # Another of our shows holds it (a film and a series of one name, a title
            # charted twice): a person should look, the job does not guess.
            return await self._settle(provider, target, "ambiguous", candidates, now, str(exc))
        except DecisionConflict as exc:
            return await self._settle(provider, target, "ambiguous", candidates, now, str(exc))
        await self.store.record_attempt(
            target.show_id, provider.name, "matched", candidates, reason[:500], now=now
        )
        if changed:
            await self._changed()
        return "matched"

    async def _settle(
        self,
        provider: ShowProvider,
        target: Target,
        outcome: Outcome,
        candidates: Sequence[Candidate],
        now: dt.datetime,
        reason: str | None,
    ) -> Outcome:
        retry = RETRY_AFTER.get(outcome)
        await self.store.record_attempt(
            target.show_id,
            provider.name,
            outcome,
            candidates,
            None if reason is None else reason[:500],
            None if retry is None else now + retry,
            now=now,
        )
        return outcome

    def _log_once(self, provider: ShowProvider, what: str, exc: Exception) -> None:
        key = f"{provider.name}:{type(exc).__name__}"
        if key in self._logged:
            return
        self._logged.add(key)
        log.warning(
            "%s: %s (%s); those titles are retried later, further ones are not logged this run",
            provider.name,
            what,
            exc,
        )

    async def _changed(self) -> None:
        self._dirty = True
        await self._notify(force=False)

    async def _notify(self, *, force: bool) -> None:
        if self.notify is None:
            self._dirty = False
            return
        now = time.monotonic()
        if not force and now - self._last_notice < NOTIFY_EVERY:
            return
        self._last_notice = now
        self._dirty = False
        await self.notify()


def chart_title(target: Target) -> ChartTitle:
    """What the matcher knows about a backlog title: Netflix's name for it as printed,
    its categories and its first chart week."""
    return ChartTitle(
        show_title=target.chart_titles[0] if target.chart_titles else target.title,
        is_film=target.is_film,
        categories=target.categories,
        first_week=None if target.first_week is None else target.first_week.isoformat(),
    )


def _year_hint(provider: ProviderName, target: Target) -> int | None:
    """The first-air year to narrow a TMDB search with: the year of the first chart week,
    for a title first charted well after the charts began (older shows charted from the
    first lists on, whatever year they premiered)."""
    if provider != "tmdb" or target.first_week is None or target.first_week < CHARTS_SETTLED:
        return None
    return target.first_week.year
