"""The enrichment store: provider records per show, the job's match state, the owner's
decisions. Its SQL lives here and in the db.provider_* / db.enrichment_queue modules.
"""

from __future__ import annotations

__all__ = [
    "MATCH_STATUSES",
    "REFRESH_AFTER",
    "TMDB_MAX_AGE",
    "Decision",
    "DecisionConflict",
    "EnrichmentError",
    "EnrichmentRepository",
    "LinkResult",
    "MatchStatus",
    "MatchedBy",
    "RefTaken",
    "ReviewItem",
    "StatusCount",
    "Target",
    "UnknownShow",
    "UnknownTitle",
]

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from core.providers import (
    PROVIDERS,
    Candidate,
    CastCredit,
    PersonRecord,
    ProviderName,
    ProviderRef,
    ShowRecord,
)
from core.text import clip, normalize
from db.connection import Database
from db.enrichment_queue import (
    MATCH_STATUSES,
    DecisionConflict,
    EnrichmentError,
    MatchedBy,
    MatchStatus,
    RefTaken,
    ReviewItem,
    Target,
    UnknownShow,
    UnknownTitle,
    backlog_targets,
    ref_of,
    review_items,
)
from db.provider_facts import remove_provider, stamp, write_record
from db.provider_people import person_for
from db.provider_read import candidates_to_json, load_record

# TMDB's terms allow caching for at most six months: refresh well before that. TVmaze's
# data (schedules, new seasons) moves faster; a month keeps airing facts useful.
REFRESH_AFTER: dict[ProviderName, dt.timedelta] = {
    "tmdb": dt.timedelta(days=150),
    "tvmaze": dt.timedelta(days=30),
}
TMDB_MAX_AGE = dt.timedelta(days=182)


@dataclass(frozen=True)
class Decision:
    title: str
    provider: ProviderName
    ref: ProviderRef | None  # None: the owner said "none"
    decided_at: dt.datetime


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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

    async def store_person(self, record: PersonRecord) -> int:
        """A person found by a live search: linked to the person we know (by the provider's
        id, else by name as for cast) or created; returns our person id. Their roles come
        with the shows' records (`store_new`), whose cast names them."""
        credit = CastCredit(record.ref, record.name, record.original_name)
        async with self.db.transaction() as conn:
            return await person_for(conn, record.ref.provider, credit)

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
                backlog_targets,
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
        return await self.db.read(partial(review_items, provider=provider))

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
            for spelling in near:
                async with conn.execute(sql_title, (spelling,)) as cur:
                    rows += list(await cur.fetchall())
            if len({r[1] for r in rows if not r[2]} or {r[1] for r in rows}) > 1:
                # Spellings that fold alike but name different shows: the owner must choose.
                spelled = ", ".join(repr(clip(n, 80)) for n in near[:5])
                raise UnknownTitle(f"several chart titles fit {clip(title, 80)!r}: {spelled}")
        if rows:
            tv = [r for r in rows if not r[2]] or rows
            return tv[0][0], tuple(dict.fromkeys(int(r[1]) for r in tv))
        async with conn.execute("SELECT id, title FROM shows WHERE title = ?", (title,)) as cur:
            shows = list(await cur.fetchall())
        if not shows:
            raise UnknownTitle(
                f"no chart title or show is called {clip(title, 80)!r}; `catalog review` prints "
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
                ref_of(r["provider"], r["provider_id"]),
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
