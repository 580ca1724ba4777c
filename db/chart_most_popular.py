"""Netflix's all-time Most Popular lists (`most-popular.tsv`): reading and storing them.

The file holds, per global category, the ten titles with the most views in their first
91 days (hours viewed, runtime and views). It is a snapshot, so an import replaces each
category the file names; like the weekly files it is one transaction, re-importing the
same file writes nothing, and a bad row aborts it with its line number and reason.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from core.charts import CATEGORIES, MAX_RANK, is_film
from db.chart_files import MOST_POPULAR_KIND, RANKS, ChartFile, ChartFormatError
from db.chart_titles import TitleResolver

__all__ = ["MOST_POPULAR_KIND", "MostPopularEntry", "most_popular_of", "store"]
_CATEGORIES = frozenset(CATEGORIES)
_UPSERT = (
    "INSERT INTO chart_most_popular (category, rank, title_id, hours_viewed, runtime, views) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (category, rank) DO UPDATE SET "
    "title_id = excluded.title_id, hours_viewed = excluded.hours_viewed, "
    "runtime = excluded.runtime, views = excluded.views "
    "WHERE title_id IS NOT excluded.title_id OR hours_viewed IS NOT excluded.hours_viewed "
    "OR runtime IS NOT excluded.runtime OR views IS NOT excluded.views"
)

# (line, category, rank, show_title, season_title, hours, runtime, views)
PopularRow = tuple[int, str, int, str, str | None, int, float | None, int | None]


@dataclass(frozen=True)
class MostPopularEntry:
    """One place in an all-time Most Popular list, for a show's chart record."""

    category: str
    rank: int
    show_title: str
    season_title: str | None
    hours_viewed: int  # in the first 91 days
    views: int | None  # in the first 91 days


def read_rows(chart: ChartFile) -> list[PopularRow]:
    """Every row checked, in file order (the same checks as the weekly files')."""
    col = chart.columns
    rows: list[PopularRow] = []
    for line, row in chart.records():
        if len(row) != chart.width:
            if chart.blank(row):
                continue
            chart.check_width(row, line)
        category = row[col["category"]]
        if category not in _CATEGORIES:
            raise chart.bad_category(category, line)
        rank = RANKS.get(row[col["rank"]])
        if rank is None:
            raise ChartFormatError(
                chart.name, line, f"rank {row[col['rank']][:40]!r} is not 1 to {MAX_RANK}"
            )
        title = chart.check_title(row[col["show_title"]], line)
        season = chart.check_season(row[col["season_title"]], line)
        hours = chart.check_count(
            row[col["hours_viewed_first_91_days"]], "hours_viewed_first_91_days", line, True
        )
        assert hours is not None  # required: check_count raised otherwise
        views_at = col.get("views_first_91_days")
        views = (
            None
            if views_at is None
            else chart.check_count(row[views_at], "views_first_91_days", line, False)
        )
        runtime = chart.runtime_of(row, line)
        rows.append((line, category, rank, title, season, hours, runtime, views))
    return rows


def store(conn: sqlite3.Connection, chart: ChartFile, resolver: TitleResolver) -> tuple[int, int]:
    """Write the file's lists (inside the caller's transaction): (rows read, rows written)."""
    places: dict[tuple[str, int], tuple[object, ...]] = {}
    rows = read_rows(chart)
    for line, category, rank, title, season, hours, runtime, views in rows:
        title_id = resolver.title_id((title, season or "", is_film(category)))
        values = (category, rank, title_id, hours, runtime, views)
        stored = places.setdefault((category, rank), values)
        if stored != values:
            raise ChartFormatError(
                chart.name,
                line,
                f"rank {rank} of {category} is given twice with different values",
            )
    written = conn.executemany(_UPSERT, places.values()).rowcount
    # A snapshot: places the file no longer lists in its categories are gone.
    for category in {category for category, _ in places}:
        kept = [rank for c, rank in places if c == category]
        written += conn.execute(
            f"DELETE FROM chart_most_popular WHERE category = ? "  # noqa: S608
            f"AND rank NOT IN ({', '.join('?' * len(kept))})",
            (category, *kept),
        ).rowcount
    return len(rows), written


def most_popular_of(conn: sqlite3.Connection, show_id: int) -> tuple[MostPopularEntry, ...]:
    """The places the show's titles hold in the all-time lists, best first."""
    rows = conn.execute(
        "SELECT m.category, m.rank, m.hours_viewed, m.views, t.show_title, t.season_title "
        "FROM chart_titles t JOIN chart_most_popular m ON m.title_id = t.id "
        "WHERE t.show_id = ? ORDER BY m.rank, m.category",
        (show_id,),
    ).fetchall()
    return tuple(
        MostPopularEntry(
            category=row[0],
            rank=row[1],
            show_title=row[4],
            season_title=row[5] or None,
            hours_viewed=row[2],
            views=row[3],
        )
        for row in rows
    )
