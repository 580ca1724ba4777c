"""The enrichment job's queue: which shows to fetch next, which titles await the owner, and
the errors the store raises."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Literal

from core.providers import PROVIDERS, Candidate, ProviderName, ProviderRef
from db.provider_read import candidates_from_json

MatchStatus = Literal["matched", "ambiguous", "not_found", "failed"]
MATCH_STATUSES: tuple[MatchStatus, ...] = ("matched", "ambiguous", "not_found", "failed")
MatchedBy = Literal["auto", "manual"]


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
    # The owner's link, when the provider answered "no such show" after it was made.
    linked: ProviderRef | None = None


def _parse(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def ref_of(provider: str, provider_id: int | None) -> ProviderRef | None:
    if provider_id is None:
        return None
    assert provider in PROVIDERS
    return ProviderRef(provider, int(provider_id))


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


def backlog_targets(
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
            stored=ref_of(provider, r["stored_id"]),
            fetched_at=_parse(r["fetched_at"]),
            matched_by=r["matched_by"],
            decided=ref_of(provider, r["decided_id"]) if r["decided"] else None,
            status=r["status"],
            attempts=r["attempts"],
        )
        for r in rows
    ]


def review_items(conn: sqlite3.Connection, provider: ProviderName | None) -> list[ReviewItem]:
    rows = conn.execute(
        _CHARTED  # noqa: S608 - constant fragments only
        + "SELECT ms.*, s.title AS show_title, c.last_week, "
        "(SELECT show_title FROM chart_titles WHERE show_id = s.id ORDER BY id LIMIT 1) "
        "AS chart_title, "
        # A link tried after it was made and answered "not found": the owner must hear.
        "(SELECT d.provider_id FROM match_decisions d WHERE d.provider = ms.provider "
        "AND d.provider_id IS NOT NULL AND ms.status = 'not_found' "
        "AND ms.attempted_at >= d.decided_at AND (d.title = s.title OR d.title IN "
        "(SELECT show_title FROM chart_titles WHERE show_id = s.id)) LIMIT 1) AS broken_link "
        "FROM match_state ms JOIN shows s ON s.id = ms.show_id "
        "LEFT JOIN charted c ON c.show_id = s.id "
        "WHERE ms.status IN ('ambiguous', 'not_found') AND (:provider IS NULL OR "
        "ms.provider = :provider) AND (NOT EXISTS (SELECT 1 FROM match_decisions d "
        "WHERE d.provider = ms.provider AND (d.title = s.title OR d.title IN "
        "(SELECT show_title FROM chart_titles WHERE show_id = s.id))) "
        "OR broken_link IS NOT NULL) "
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
            linked=None
            if r["broken_link"] is None
            else ProviderRef(r["provider"], int(r["broken_link"])),
        )
        for r in rows
    ]
