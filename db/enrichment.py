"""The enrichment store: provider records per show, the job's match state, the owner's
decisions. All SQL of enrichment lives here and in `db.provider_facts` / `db.provider_read`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from core.providers import PROVIDERS, Candidate, ProviderName, ProviderRef, ShowRecord
from core.text import normalize
from db.connection import Database
from db.provider_facts import remove_provider, stamp, write_record
from db.provider_read import candidates_from_json, candidates_to_json, load_record

MatchStatus = Literal["matched", "ambiguous", "not_found", "failed"]
MATCH_STATUSES: tuple[MatchStatus, ...] = ("matched", "ambiguous", "not_found", "failed")
MatchedBy = Literal["auto", "manual"]
# TMDB's terms allow caching for at most six months: refresh well before that. TVmaze's
# data (schedules, new seasons) moves faster; a month keeps airing facts useful.
REFRESH_AFTER: dict[ProviderName, dt.timedelta] = {
    "tmdb": dt.timedelta(days=150),
    "tvmaze": dt.timedelta(days=30),
}
TMDB_MAX_AGE = dt.timedelta(days=182)


class EnrichmentError(Exception):
    """A store request that cannot be honoured; the message says why in one line."""


class UnknownShow(EnrichmentError):
    pass


class UnknownTitle(EnrichmentError, LookupError):
    pass


class RefTaken(EnrichmentError):
    """The provider's show is already linked to another of our shows."""

    def __init__(self, ref: ProviderRef, show_id: int, title: str) -> None:
        super().__init__(f"{ref} is already linked to {title!r} (show {show_id})")
        self.ref, self.show_id, self.title = ref, show_id, title


class DecisionConflict(EnrichmentError):
    """The owner decided otherwise for this show; the job never overrides that."""


@dataclass(frozen=True)
class Decision:
    title: str
    provider: ProviderName
    ref: ProviderRef | None  # None: the owner said "none"
    decided_at: dt.datetime


@dataclass(frozen=True)
class Target:
    """A show the job should (re)fetch from one provider, newest-charting first."""

    show_id: int
    title: str  # the show's title in our store
    chart_titles: tuple[str, ...]  # Netflix's show titles linked to it, as printed
    title_ko: str | None
    origin: str  # catalog | chart | provider
    kind: str
    is_film: bool
    categories: tuple[str, ...]  # Netflix categories it charted in ("TV (Non-English)"…)
    first_week: dt.date | None
    last_week: dt.date | None
    best_rank: int | None
    stored: ProviderRef | None  # what we hold now (a refresh fetches it directly)
    fetched_at: dt.datetime | None
    matched_by: MatchedBy | None
    decided: ProviderRef | None  # the owner's pick: fetch this one, no search
    status: MatchStatus | None
    attempts: int


@dataclass(frozen=True)
class ReviewItem:
    show_id: int
    title: str  # the chart's show title as printed; what `link` takes
    provider: ProviderName
    status: MatchStatus
    candidates: tuple[Candidate, ...]
    reason: str | None
    attempts: int
    attempted_at: dt.datetime
    last_week: dt.date | None


@dataclass(frozen=True)
class LinkResult:
    title: str
    show_ids: tuple[int, ...]
    ref: ProviderRef | None
    providers: tuple[ProviderName, ...]  # whose decision was recorded
    removed: int  # provider links dropped because they disagreed with the decision


@dataclass(frozen=True)
class StatusCount:
    provider: ProviderName
    status: MatchStatus
    shows: int


def _parse(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _ref(provider: str, provider_id: int | None) -> ProviderRef | None:
    if provider_id is None:
        return None
    assert provider in PROVIDERS
    return ProviderRef(provider, int(provider_id))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Where a show charted: global lists and every country list (a title only in Korea's list
# counts too), newest week and best rank, per show.
_CHARTED = (
    "WITH places AS ("
    " SELECT title_id, week, rank, category FROM chart_global"
    " UNION ALL SELECT j.value, c.week, j.key + 1, c.category"
    " FROM chart_country c, json_each(c.title_ids) j WHERE j.value != 0"
    "), charted AS ("
    " SELECT t.show_id, MIN(p.week) AS first_week, MAX(p.week) AS last_week,"
    " MIN(p.rank) AS best_rank, group_concat(DISTINCT p.category) AS categories"
    " FROM places p JOIN chart_titles t ON t.id = p.title_id GROUP BY t.show_id) "
)
# The owner's latest decision for a show, through any of its chart titles or its own title.
_DECISION = (
    "FROM match_decisions d WHERE d.provider = :provider AND (d.title = s.title OR d.title IN "
    "(SELECT show_title FROM chart_titles WHERE show_id = s.id)) ORDER BY d.decided_at DESC "
    "LIMIT 1"
)


_BACKLOG_SELECT = (
    "SELECT s.id, s.title, s.title_ko, s.origin, s.kind, c.first_week, "
    "c.last_week, c.best_rank, c.categories, ps.provider_id AS stored_id, ps.fetched_at, "
    "ps.matched_by, ms.status, COALESCE(ms.attempts, 0) AS attempts, "
    "EXISTS (SELECT 1 _DECISION) AS decided, (SELECT d.provider_id _DECISION) "
    "AS decided_id, (SELECT group_concat(show_title, char(31)) FROM (SELECT DISTINCT "
    "show_title FROM chart_titles WHERE show_id = s.id ORDER BY id)) AS chart_titles, "
    "EXISTS (SELECT 1 FROM chart_titles WHERE show_id = s.id AND is_film = 1) AS film "
    "FROM shows s LEFT JOIN charted c ON c.show_id = s.id "
    "LEFT JOIN provider_shows ps ON ps.show_id = s.id AND ps.provider = :provider "
    "LEFT JOIN match_state ms ON ms.show_id = s.id AND ms.provider = :provider "
    "WHERE (:films OR s.kind != 'film') "
    "AND (ms.retry_after IS NULL OR ms.retry_after <= :now) "
    "AND NOT (decided AND decided_id IS NULL) "
    "AND (ps.id IS NULL OR ps.fetched_at < :stale "
    "     OR (decided AND decided_id != ps.provider_id)) "
    "ORDER BY c.last_week IS NULL, c.last_week DESC, c.best_rank, s.id LIMIT :limit"
)
_BACKLOG = "".join((_CHARTED, _BACKLOG_SELECT.replace("_DECISION", _DECISION)))


def _backlog(
    conn: sqlite3.Connection,
    provider: ProviderName,
    limit: int,
    stale_before: str,
    now: str,
    films: bool,
) -> list[Target]:
    rows = conn.execute(
        _BACKLOG,
        {"provider": provider, "limit": limit, "stale": stale_before, "now": now, "films": films},
    ).fetchall()
    return [
        Target(
            show_id=r["id"],
            title=r["title"],
            chart_titles=tuple(r["chart_titles"].split("\x1f")) if r["chart_titles"] else (),
            title_ko=r["title_ko"],
            origin=r["origin"],
            kind=r["kind"],
            is_film=bool(r["film"]) or r["kind"] == "film",
            categories=tuple(sorted(r["categories"].split(","))) if r["categories"] else (),
            first_week=_day(r["first_week"]),
            last_week=_day(r["last_week"]),
            best_rank=r["best_rank"],
            stored=_ref(provider, r["stored_id"]),
            fetched_at=_parse(r["fetched_at"]),
            matched_by=r["matched_by"],
            decided=_ref(provider, r["decided_id"]) if r["decided"] else None,
            status=r["status"],
            attempts=r["attempts"],
        )
        for r in rows
    ]


def _review(conn: sqlite3.Connection, provider: ProviderName | None) -> list[ReviewItem]:
    rows = conn.execute(
        _CHARTED  # noqa: S608 - constant fragments only
        + "SELECT ms.*, s.title AS show_title, c.last_week, "
        "(SELECT show_title FROM chart_titles WHERE show_id = s.id ORDER BY id LIMIT 1) "
        "AS chart_title FROM match_state ms JOIN shows s ON s.id = ms.show_id "
        "LEFT JOIN charted c ON c.show_id = s.id "
        "WHERE ms.status IN ('ambiguous', 'not_found') AND (:provider IS NULL OR "
        "ms.provider = :provider) AND NOT EXISTS (SELECT 1 FROM match_decisions d "
        "WHERE d.provider = ms.provider AND (d.title = s.title OR d.title IN "
        "(SELECT show_title FROM chart_titles WHERE show_id = s.id))) "
        "AND NOT EXISTS (SELECT 1 FROM provider_shows ps WHERE ps.show_id = s.id "
        "AND ps.provider = ms.provider) "
        "ORDER BY c.last_week IS NULL, c.last_week DESC, c.best_rank, s.id, ms.provider",
        {"provider": provider},
    ).fetchall()
    return [
        ReviewItem(
            show_id=r["show_id"],
            title=r["chart_title"] or r["show_title"],
            provider=r["provider"],
            status=r["status"],
            candidates=candidates_from_json(r["candidates"]),
            reason=r["reason"],
            attempts=r["attempts"],
            attempted_at=dt.datetime.fromisoformat(r["attempted_at"]),
            last_week=_day(r["last_week"]),
        )
        for r in rows
    ]


class EnrichmentRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def store(self, show_id: int, record: ShowRecord, matched_by: MatchedBy) -> bool:
        """Write a whole provider record for the show in one transaction.

        Storing the same record again changes nothing (returns False); a newer fetch
        replaces that provider's rows for the show. Raises UnknownShow, RefTaken (the
        provider's show belongs to another of ours) or DecisionConflict (an automatic match
        against the owner's decision); on any error nothing is written.
        """
        if matched_by not in ("auto", "manual"):
            raise ValueError(f"matched_by must be 'auto' or 'manual', not {matched_by!r}")
        ref = record.ref
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT title FROM shows WHERE id = ?", (show_id,)) as cur:
                if await cur.fetchone() is None:
                    raise UnknownShow(f"no show {show_id}")
            async with conn.execute(
                "SELECT ps.show_id, s.title FROM provider_shows ps JOIN shows s "
                "ON s.id = ps.show_id WHERE ps.provider = ? AND ps.provider_id = ?",
                (ref.provider, ref.id),
            ) as cur:
                owner = await cur.fetchone()
            if owner is not None and owner[0] != show_id:
                raise RefTaken(ref, owner[0], owner[1])
            decision = await self._decision(conn, show_id, ref.provider)
            if decision is not None:
                decided_id = decision[0]
                if decided_id != ref.id:
                    decided = "none" if decided_id is None else f"{ref.provider}:{decided_id}"
                    raise DecisionConflict(
                        f"the owner linked {decision[1]!r} to {decided}, not {ref}"
                    )
                matched_by = "manual"
            return await write_record(conn, show_id, record, matched_by)

    async def store_new(self, record: ShowRecord) -> tuple[int, bool]:
        """A show found by a live search that we do not hold yet: create it (origin
        'provider', kind unknown until the record says) and store the record, in one
        transaction. A ref we already hold refreshes that show. Returns (show_id, changed)."""
        ref = record.ref
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT show_id FROM provider_shows WHERE provider = ? AND provider_id = ?",
                (ref.provider, ref.id),
            ) as cur:
                row = await cur.fetchone()
            if row is not None:
                show_id = int(row[0])
                matched = await self._matched_by(conn, show_id, ref.provider)
                return show_id, await write_record(conn, show_id, record, matched)
            async with conn.execute(
                "INSERT INTO shows (slug, title, origin) VALUES (?, ?, 'provider') RETURNING id",
                (f"{ref.provider}-{ref.id}", record.name),
            ) as cur:
                created = await cur.fetchone()
            assert created is not None
            show_id = int(created[0])
            await write_record(conn, show_id, record, "auto")
            return show_id, True

    @staticmethod
    async def _matched_by(conn: Any, show_id: int, provider: str) -> MatchedBy:
        async with conn.execute(
            "SELECT matched_by FROM provider_shows WHERE show_id = ? AND provider = ?",
            (show_id, provider),
        ) as cur:
            row = await cur.fetchone()
        return "auto" if row is None else row[0]

    @staticmethod
    async def _decision(conn: Any, show_id: int, provider: str) -> tuple[int | None, str] | None:
        async with conn.execute(
            "SELECT d.provider_id, d.title FROM match_decisions d, shows s WHERE s.id = ? "
            "AND d.provider = ? AND (d.title = s.title OR d.title IN (SELECT show_title "
            "FROM chart_titles WHERE show_id = s.id)) ORDER BY d.decided_at DESC LIMIT 1",
            (show_id, provider),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else (row[0], row[1])

    async def record_attempt(
        self,
        show_id: int,
        provider: ProviderName,
        status: MatchStatus,
        candidates: Sequence[Candidate] = (),
        reason: str | None = None,
        retry_after: dt.datetime | None = None,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """The job's outcome for one show; a match resets the attempt count."""
        if status not in MATCH_STATUSES:
            raise ValueError(f"status must be one of {', '.join(MATCH_STATUSES)}")
        if provider not in PROVIDERS:
            raise ValueError(f"unknown provider {provider!r}")
        attempted = stamp(now or _now())
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO match_state (show_id, provider, status, candidates, reason, "
                "attempts, attempted_at, retry_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (show_id, provider) DO UPDATE SET status = excluded.status, "
                "candidates = excluded.candidates, reason = excluded.reason, attempts = "
                "CASE WHEN excluded.status = 'matched' THEN 0 ELSE match_state.attempts + 1 END,"
                " attempted_at = excluded.attempted_at, retry_after = excluded.retry_after",
                (
                    show_id,
                    provider,
                    status,
                    candidates_to_json(candidates),
                    reason,
                    0 if status == "matched" else 1,
                    attempted,
                    None if retry_after is None else stamp(retry_after),
                ),
            )

    async def backlog(
        self,
        limit: int,
        provider: ProviderName,
        stale_before: dt.datetime | None = None,
        *,
        now: dt.datetime | None = None,
        films: bool = False,
    ) -> list[Target]:
        """Shows to fetch from `provider`: without its data, or with data fetched before
        `stale_before` (default: now - REFRESH_AFTER[provider]), or whose stored link the
        owner overruled; not before their retry time; never those the owner said "none"
        for. Newest-charting first, then best rank. Films are left out unless asked for."""
        if provider not in PROVIDERS:
            raise ValueError(f"unknown provider {provider!r}")
        moment = now or _now()
        stale = stale_before or moment - REFRESH_AFTER[provider]
        return await self.db.read(
            partial(
                _backlog,
                provider=provider,
                limit=limit,
                stale_before=stamp(stale),
                now=stamp(moment),
                films=films,
            )
        )

    async def review(self, provider: ProviderName | None = None) -> list[ReviewItem]:
        """Ambiguous and unmatched titles, with their stored candidates, that the owner has
        not decided and that no provider data covers."""
        return await self.db.read(partial(_review, provider=provider))

    async def link(
        self, title: str, ref: ProviderRef | None, *, now: dt.datetime | None = None
    ) -> LinkResult:
        """The owner's decision for a chart title (as `review` prints it): a provider's show,
        or None for "no show at any provider". It persists across re-imports, and a stored
        link that disagrees is dropped so the job fetches the decided show next."""
        key = title.strip()
        if not key:
            raise UnknownTitle("give the chart title as `catalog review` prints it")
        decided_at = stamp(now or _now())
        async with self.db.transaction() as conn:
            canonical, show_ids = await self._resolve_title(conn, key)
            if ref is not None:
                async with conn.execute(
                    "SELECT ps.show_id, s.title FROM provider_shows ps JOIN shows s "
                    "ON s.id = ps.show_id WHERE ps.provider = ? AND ps.provider_id = ?",
                    (ref.provider, ref.id),
                ) as cur:
                    owner = await cur.fetchone()
                if owner is not None and owner[0] not in show_ids:
                    raise RefTaken(ref, owner[0], owner[1])
            providers: tuple[ProviderName, ...] = PROVIDERS if ref is None else (ref.provider,)
            removed = 0
            for provider in providers:
                await conn.execute(
                    "INSERT INTO match_decisions (title, provider, provider_id, decided_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (title, provider) DO UPDATE SET "
                    "provider_id = excluded.provider_id, decided_at = excluded.decided_at",
                    (canonical, provider, None if ref is None else ref.id, decided_at),
                )
                for show_id in show_ids:
                    async with conn.execute(
                        "SELECT provider_id FROM provider_shows WHERE show_id = ? AND provider = ?",
                        (show_id, provider),
                    ) as cur:
                        held = await cur.fetchone()
                    if held is not None and (ref is None or held[0] != ref.id):
                        removed += await remove_provider(conn, show_id, provider)
                    elif held is not None:
                        await conn.execute(
                            "UPDATE provider_shows SET matched_by = 'manual' WHERE show_id = ? "
                            "AND provider = ?",
                            (show_id, provider),
                        )
                    # A decision is acted on at once, whatever the last retry time said.
                    await conn.execute(
                        "UPDATE match_state SET retry_after = NULL WHERE show_id = ? "
                        "AND provider = ?",
                        (show_id, provider),
                    )
        return LinkResult(canonical, show_ids, ref, providers, removed)

    @staticmethod
    async def _resolve_title(conn: Any, title: str) -> tuple[str, tuple[int, ...]]:
        """The chart title as stored and its shows (TV before films: providers list TV)."""
        sql_title = (
            "SELECT show_title, show_id, MIN(is_film) FROM chart_titles WHERE show_title = ? "
            "GROUP BY show_id ORDER BY MIN(is_film), show_id"
        )
        async with conn.execute(sql_title, (title,)) as cur:
            rows = list(await cur.fetchall())
        if not rows:
            key = normalize(title)
            async with conn.execute("SELECT DISTINCT show_title FROM chart_titles") as cur:
                near = sorted({r[0] for r in await cur.fetchall() if normalize(r[0]) == key})
            if len(near) == 1:
                async with conn.execute(sql_title, (near[0],)) as cur:
                    rows = list(await cur.fetchall())
        if rows:
            tv = [r for r in rows if not r[2]] or rows
            return rows[0][0], tuple(int(r[1]) for r in tv)
        async with conn.execute("SELECT id, title FROM shows WHERE title = ?", (title,)) as cur:
            shows = list(await cur.fetchall())
        if not shows:
            raise UnknownTitle(
                f"no chart title or show is called {title!r}; `catalog review` prints "
                "the titles exactly"
            )
        return shows[0][1], tuple(int(r[0]) for r in shows)

    async def decisions(self) -> list[Decision]:
        rows = await self.db.fetchall(
            "SELECT * FROM match_decisions ORDER BY decided_at DESC, title, provider"
        )
        return [
            Decision(
                r["title"],
                r["provider"],
                _ref(r["provider"], r["provider_id"]),
                dt.datetime.fromisoformat(r["decided_at"]),
            )
            for r in rows
        ]

    async def record(self, show_id: int, provider: ProviderName) -> ShowRecord | None:
        """What `provider` said about the show, read back as the record that was stored."""
        return await self.db.read(partial(load_record, show_id=show_id, provider=provider))

    async def refs(self, show_id: int) -> dict[ProviderName, ProviderRef]:
        rows = await self.db.fetchall(
            "SELECT provider, provider_id FROM provider_shows WHERE show_id = ?", (show_id,)
        )
        return {r["provider"]: ProviderRef(r["provider"], r["provider_id"]) for r in rows}

    async def show_for(self, ref: ProviderRef) -> int | None:
        value = await self.db.fetchval(
            "SELECT show_id FROM provider_shows WHERE provider = ? AND provider_id = ?",
            (ref.provider, ref.id),
        )
        return None if value is None else int(value)

    async def counts(self) -> list[StatusCount]:
        """Shows per provider and match status, for progress and summaries."""
        rows = await self.db.fetchall(
            "SELECT provider, status, COUNT(*) AS n FROM match_state GROUP BY provider, status "
            "ORDER BY provider, status"
        )
        return [StatusCount(r["provider"], r["status"], r["n"]) for r in rows]

    async def unlink(self, show_id: int, provider: ProviderName) -> bool:
        """Forget a provider's data for a show (the job's own correction; no decision)."""
        async with self.db.transaction() as conn:
            return await remove_provider(conn, show_id, provider)

    async def expire(self, provider: ProviderName, older_than: dt.datetime) -> int:
        """Drop a provider's data fetched before `older_than` (TMDB: at most six months),
        show by show; returns how many shows lost it."""
        rows = await self.db.fetchall(
            "SELECT show_id FROM provider_shows WHERE provider = ? AND fetched_at < ?",
            (provider, stamp(older_than)),
        )
        async with self.db.transaction() as conn:
            for row in rows:
                await remove_provider(conn, row["show_id"], provider)
        return len(rows)
