"""Read side of the Netflix Top 10 store: weekly lists, a show's history, countries."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from functools import partial

from core.charts import CATEGORIES, broad_category, movement
from core.countries import country_code
from db.chart_most_popular import MostPopularEntry, most_popular_of
from db.connection import Database

KOREA = "KR"


@dataclass(frozen=True)
class ChartEntry:
    rank: int
    show_title: str
    season_title: str | None
    hours_viewed: int | None  # global lists only
    views: int | None  # global lists from mid-2023 only
    runtime: float | None  # hours; global lists only
    weeks_in_top10: int
    movement: str  # ▲2, ▼1, NEW, =, or "" when the previous week is not stored
    show_id: int
    is_korean: bool  # the linked catalog show's country is KR
    season_id: int | None = None
    title_id: int = 0


@dataclass(frozen=True)
class ChartWeek:
    week: dt.date
    category: str
    country_iso2: str | None  # None: the global list
    country_name: str | None
    entries: tuple[ChartEntry, ...]
    # Set when a country list was asked for a language category it does not split by
    # (country lists rank all TV together): the category that was asked for.
    requested_category: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    week: dt.date
    category: str
    rank: int
    show_title: str
    season_title: str | None
    hours_viewed: int | None
    views: int | None
    weeks_in_top10: int
    title_id: int


@dataclass(frozen=True)
class ChartHistory:
    show_id: int
    country_iso2: str | None
    country_name: str | None
    entries: tuple[HistoryEntry, ...]  # by week, then rank
    # Places in Netflix's all-time Most Popular lists (global histories only), best first.
    most_popular: tuple[MostPopularEntry, ...] = ()

    @property
    def weeks(self) -> int:
        return len({entry.week for entry in self.entries})

    @property
    def best(self) -> HistoryEntry | None:
        return min(self.entries, key=lambda e: (e.rank, e.week), default=None)

    @property
    def hours_viewed(self) -> int | None:
        values = [e.hours_viewed for e in self.entries if e.hours_viewed is not None]
        return sum(values) if values else None

    @property
    def views(self) -> int | None:
        values = [e.views for e in self.entries if e.views is not None]
        return sum(values) if values else None


@dataclass(frozen=True)
class CountryRun:
    """A show's run in one country's lists: where it charted when not globally."""

    iso2: str
    name: str
    weeks: int
    best_rank: int


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _list_category(conn: sqlite3.Connection, category: str, country_iso2: str | None) -> str:
    """The category a list is stored under: country lists may have only TV and Films."""
    if country_iso2 is None or category not in CATEGORIES:
        return category
    found = conn.execute(
        "SELECT 1 FROM chart_country WHERE iso2 = ? AND category = ? LIMIT 1",
        (country_iso2, category),
    ).fetchone()
    return category if found else broad_category(category)


def _latest_week(conn: sqlite3.Connection, category: str, country_iso2: str | None) -> str | None:
    if country_iso2 is None:
        row = conn.execute(
            "SELECT MAX(week) FROM chart_global WHERE category = ?", (category,)
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT MAX(week) FROM chart_country WHERE iso2 = ? AND category = ?",
            (country_iso2, _list_category(conn, category, country_iso2)),
        ).fetchone()
    return None if row is None else row[0]


def _country_name(conn: sqlite3.Connection, iso2: str | None) -> str | None:
    if iso2 is None:
        return None
    row = conn.execute("SELECT name FROM chart_countries WHERE iso2 = ?", (iso2,)).fetchone()
    return None if row is None else str(row[0])


_TITLE_COLUMNS = "t.id AS title_id, t.show_title, t.season_title, t.show_id, t.season_id, s.country"
# A country list's places, one row each: rank, title id and cumulative weeks from the
# list's JSON arrays (null places, which no file gave, are skipped by the join).
_COUNTRY_PLACES = (
    "j.key + 1 AS rank, json_extract(e.weeks_in_top10, '$[' || j.key || ']') AS weeks_in_top10 "
    "FROM chart_country e, json_each(e.title_ids) j JOIN chart_titles t ON t.id = j.value"
)


def _entries(
    conn: sqlite3.Connection, week: dt.date, category: str, country_iso2: str | None
) -> list[sqlite3.Row]:
    if country_iso2 is None:
        return conn.execute(
            "SELECT e.rank, e.hours_viewed, e.views, e.runtime, e.weeks_in_top10, "  # noqa: S608
            f"{_TITLE_COLUMNS} FROM chart_global e JOIN chart_titles t ON t.id = e.title_id "
            "JOIN shows s ON s.id = t.show_id WHERE e.category = ? AND e.week = ? "
            "ORDER BY e.rank",
            (category, week.isoformat()),
        ).fetchall()
    return conn.execute(
        f"SELECT NULL AS hours_viewed, NULL AS views, NULL AS runtime, {_TITLE_COLUMNS}, "
        f"{_COUNTRY_PLACES} JOIN shows s ON s.id = t.show_id "
        "WHERE e.iso2 = ? AND e.week = ? AND e.category = ? ORDER BY rank",
        (country_iso2, week.isoformat(), category),
    ).fetchall()


def _top(
    conn: sqlite3.Connection, week: dt.date, category: str, country_iso2: str | None
) -> ChartWeek | None:
    stored_category = _list_category(conn, category, country_iso2)
    current = _entries(conn, week, stored_category, country_iso2)
    if not current:
        return None
    before = _entries(conn, week - dt.timedelta(days=7), stored_category, country_iso2)
    previous = {row["title_id"]: row["rank"] for row in before}
    entries = tuple(
        ChartEntry(
            rank=row["rank"],
            show_title=row["show_title"],
            season_title=row["season_title"] or None,
            hours_viewed=row["hours_viewed"],
            views=row["views"],
            runtime=row["runtime"],
            weeks_in_top10=row["weeks_in_top10"],
            movement=movement(
                row["rank"], previous.get(row["title_id"]), bool(previous), row["weeks_in_top10"]
            ),
            show_id=row["show_id"],
            is_korean=row["country"] == KOREA,
            season_id=row["season_id"],
            title_id=row["title_id"],
        )
        for row in current
    )
    return ChartWeek(
        week=week,
        category=stored_category,
        country_iso2=country_iso2,
        country_name=_country_name(conn, country_iso2),
        entries=entries,
        requested_category=category if category != stored_category else None,
    )


def _history(conn: sqlite3.Connection, show_id: int, country_iso2: str | None) -> ChartHistory:
    if country_iso2 is None:
        rows = conn.execute(
            "SELECT e.week, e.category, e.rank, e.hours_viewed, e.views, e.weeks_in_top10, "
            "t.id AS title_id, t.show_title, t.season_title FROM chart_titles t "
            "JOIN chart_global e ON e.title_id = t.id WHERE t.show_id = ? "
            "ORDER BY e.week, e.rank",
            (show_id,),
        ).fetchall()
    else:
        # Reads that country's lists only (a few thousand rows for years of weeks).
        rows = conn.execute(
            "SELECT e.week, e.category, NULL AS hours_viewed, NULL AS views, "  # noqa: S608
            f"t.id AS title_id, t.show_title, t.season_title, {_COUNTRY_PLACES} "
            "WHERE e.iso2 = ? AND j.value IN (SELECT id FROM chart_titles WHERE show_id = ?) "
            "ORDER BY e.week, rank",
            (country_iso2, show_id),
        ).fetchall()
    return ChartHistory(
        show_id=show_id,
        country_iso2=country_iso2,
        country_name=_country_name(conn, country_iso2),
        entries=tuple(
            HistoryEntry(
                week=_date(row["week"]),
                category=row["category"],
                rank=row["rank"],
                show_title=row["show_title"],
                season_title=row["season_title"] or None,
                hours_viewed=row["hours_viewed"],
                views=row["views"],
                weeks_in_top10=row["weeks_in_top10"],
                title_id=row["title_id"],
            )
            for row in rows
        ),
        most_popular=most_popular_of(conn, show_id) if country_iso2 is None else (),
    )


def _country_runs(conn: sqlite3.Connection, show_id: int) -> list[CountryRun]:
    # Only asked when a show has no global history, to say where it did chart. Every
    # country list is one JSON array; a text search for the show's ids skips the lists
    # without them before any is parsed (about four times faster on 100,000 lists).
    ids = [row[0] for row in conn.execute("SELECT id FROM chart_titles WHERE show_id = ?",
                                          (show_id,))]  # fmt: skip
    if not ids:
        return []
    found = " OR ".join(["instr(',' || trim(e.title_ids, '[]') || ',', ?) > 0"] * len(ids))
    rows = conn.execute(
        "SELECT e.iso2, c.name, COUNT(DISTINCT e.week) AS weeks, MIN(j.key) + 1 AS best "  # noqa: S608
        "FROM chart_country e JOIN json_each(e.title_ids) j "
        f"JOIN chart_countries c ON c.iso2 = e.iso2 WHERE ({found}) "
        f"AND j.value IN ({', '.join('?' * len(ids))}) "
        "GROUP BY e.iso2 ORDER BY weeks DESC, best, c.name",
        (*(f",{title_id}," for title_id in ids), *ids),
    ).fetchall()
    return [CountryRun(row["iso2"], row["name"], row["weeks"], row["best"]) for row in rows]


def _weeks(
    conn: sqlite3.Connection, category: str, country_iso2: str | None, limit: int
) -> list[dt.date]:
    if country_iso2 is None:
        cursor = conn.execute(
            "SELECT DISTINCT week FROM chart_global WHERE category = ? ORDER BY week DESC LIMIT ?",
            (category, limit),
        )
    else:
        cursor = conn.execute(
            "SELECT week FROM chart_country WHERE iso2 = ? AND category = ? "
            "ORDER BY week DESC LIMIT ?",
            (country_iso2, _list_category(conn, category, country_iso2), limit),
        )
    return [_date(week) for (week,) in cursor]


class ChartRepository:
    """Every read runs as one function on the database's reader: one snapshot, one hop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def latest_week(self, category: str, country_iso2: str | None = None) -> dt.date | None:
        week = await self.db.read(
            partial(_latest_week, category=category, country_iso2=country_iso2)
        )
        return None if week is None else _date(week)

    async def newest_week(self) -> dt.date | None:
        """The newest week of any global list (for /about)."""

        week = await self.db.fetchval("SELECT MAX(week) FROM chart_global")
        return None if week is None else _date(week)

    async def weeks(
        self, category: str, country_iso2: str | None = None, limit: int | None = None
    ) -> list[dt.date]:
        """Weeks with a stored list, newest first."""
        return await self.db.read(
            partial(_weeks, category=category, country_iso2=country_iso2, limit=limit or -1)
        )

    async def top(
        self, week: dt.date, category: str, country_iso2: str | None = None
    ) -> ChartWeek | None:
        return await self.db.read(
            partial(_top, week=week, category=category, country_iso2=country_iso2)
        )

    async def history(self, show_id: int, country_iso2: str | None = None) -> ChartHistory:
        """Every week the show (any of its seasons) spent in the global or a country list."""
        return await self.db.read(partial(_history, show_id=show_id, country_iso2=country_iso2))

    async def country_runs(self, show_id: int) -> list[CountryRun]:
        """The countries whose lists the show was in, most weeks first."""
        return await self.db.read(partial(_country_runs, show_id=show_id))

    async def has_data(self) -> bool:
        """Whether any Top 10 list (global or a country's) is stored."""
        found = await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM chart_global) OR EXISTS (SELECT 1 FROM chart_country)"
        )
        return bool(found)

    async def countries(self) -> list[tuple[str, str]]:
        """(ISO code, name) of every country with a stored list, by name."""
        rows = await self.db.fetchall("SELECT iso2, name FROM chart_countries ORDER BY name")
        return [(row["iso2"], row["name"]) for row in rows]

    async def country_name(self, iso2: str) -> str | None:
        return await self.db.read(partial(_country_name, iso2=iso2))

    async def list_category(self, category: str, country_iso2: str | None) -> str:
        """The category the list asked for is stored (and titled) under: a country whose
        files have only "TV" and "Films" answers with those."""
        return await self.db.read(
            partial(_list_category, category=category, country_iso2=country_iso2)
        )

    async def find_country(self, text: str) -> str | None:
        """A stored country's ISO code from its code, name or alias (core.countries)."""
        if len(text.strip()) > 100:
            return None
        stored = tuple(await self.countries())
        iso2 = country_code(text, stored)
        return iso2 if any(code == iso2 for code, _ in stored) else None
