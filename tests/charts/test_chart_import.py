"""Importing files: linking, idempotence, all-or-nothing, duplicates, relinking."""

import datetime as dt
import json
import sqlite3
import threading

import pytest

import db.chart_import as chart_import
from db.catalog_loader import load_catalog
from db.chart_import import ChartFormatError, ImportCancelledError, import_netflix_file
from db.chart_titles import TitleResolver
from db.charts import ChartRepository
from db.connection import Database
from services.lookup import ShowFinder
from tests.charts.conftest import COUNTRY_ROWS, GLOBAL_ROWS, country_file, global_file
from tests.db.snapshot import snapshot


async def linked(db: Database, week: str, rank: int) -> tuple[str, str, str | None]:
    row = await db.fetchone(
        "SELECT s.slug, s.origin, se.title FROM chart_global e "
        "JOIN chart_titles t ON t.id = e.title_id JOIN shows s ON s.id = t.show_id "
        "LEFT JOIN seasons se ON se.id = t.season_id "
        "WHERE e.category = 'TV (Non-English)' AND e.week = ? AND e.rank = ?",
        (week, rank),
    )
    assert row is not None
    return row["slug"], row["origin"], row["title"]


async def test_global_import_reports_and_links_weak_hero_to_its_seasons(db: Database) -> None:
    result = await import_netflix_file(db, global_file(), "all-weeks-global.tsv")
    assert result.kind == "global"
    assert result.rows == result.rows_written == len(GLOBAL_ROWS)
    assert result.weeks_added == tuple(
        dt.date.fromisoformat(w) for w in ("2021-07-04", "2025-04-20", "2025-04-27", "2025-05-04")
    )
    assert result.weeks_changed == ()
    assert await linked(db, "2025-04-27", 1) == ("weak-hero", "catalog", "Weak Hero Class 2")
    assert await linked(db, "2025-04-27", 8) == ("weak-hero", "catalog", "Weak Hero Class 1")
    assert (await linked(db, "2025-04-27", 6))[:2] == ("resident-playbook", "catalog")
    # A title the catalog lacks gets a show of its own, made from the chart.
    assert await linked(db, "2025-05-04", 1) == (
        "chart-the-eternaut",
        "chart",
        "The Eternaut: Season 1",
    )
    assert result.new_shows == len({r[3] for r in GLOBAL_ROWS}) - 2


async def test_country_import_stores_countries_and_links_titles(db: Database) -> None:
    result = await import_netflix_file(db, country_file(), "all-weeks-countries.tsv")
    assert (result.kind, result.rows, result.countries) == ("countries", len(COUNTRY_ROWS), 1)
    countries = await db.fetchall("SELECT iso2, name FROM chart_countries")
    assert [tuple(row) for row in countries] == [("KR", "South Korea")]
    row = await db.fetchone(
        "SELECT s.slug, se.title, e.title_ids, e.weeks_in_top10 FROM chart_country e "
        "JOIN chart_titles t ON t.id = json_extract(e.title_ids, '$[0]') "
        "JOIN shows s ON s.id = t.show_id LEFT JOIN seasons se ON se.id = t.season_id "
        "WHERE e.iso2 = 'KR' AND e.week = '2025-04-27' AND e.category = 'TV'"
    )
    assert row is not None
    assert (row["slug"], row["title"]) == ("weak-hero", "Weak Hero Class 2")
    # Only No. 1 of that week is in the fixture: the other places stay empty.
    assert row["weeks_in_top10"] == "[1,0,0,0,0,0,0,0,0,0]"
    assert result.rows_written == 3  # three lists (weeks), one stored row each


async def test_reimporting_the_same_file_changes_nothing(charts_db: Database) -> None:
    before = await snapshot(charts_db)
    for raw, name in ((global_file(), "g.tsv"), (country_file(crlf=True, bom=True), "c.tsv")):
        result = await import_netflix_file(charts_db, raw, name)
        assert (result.rows_written, result.new_shows, result.duplicates) == (0, 0, 0)
        assert result.weeks_added == result.weeks_changed == ()
        assert not result.changed
    assert await snapshot(charts_db) == before


@pytest.mark.parametrize("batch", [3, 20_000])
async def test_a_malformed_row_leaves_the_store_exactly_as_it_was(
    charts_db: Database, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # With tiny batches, earlier rows were already written when the bad row is read.
    monkeypatch.setattr(chart_import, "BATCH", batch)
    before = await snapshot(charts_db)
    new_rows = [
        (week, "Films (English)", str(rank), f"Made-up Film {rank}", "N/A", "100", "1.5", "50", "1")
        for week in ("2024-01-07", "2024-01-14")
        for rank in range(1, 11)
    ]
    broken = [*new_rows, ("2024-01-21", "Films (English)", "0", "Broken", "N/A", "1", "", "", "1")]
    with pytest.raises(ChartFormatError) as caught:
        await import_netflix_file(charts_db, global_file(broken), "broken.tsv")
    assert caught.value.line == len(broken) + 1
    assert await snapshot(charts_db) == before


async def test_an_identical_repeated_row_is_harmless(db: Database) -> None:
    rows = [*GLOBAL_ROWS[:12], GLOBAL_ROWS[3], *GLOBAL_ROWS[12:]]
    result = await import_netflix_file(db, global_file(rows), "g.tsv")
    assert result.duplicates == 1
    assert result.rows_written == len(GLOBAL_ROWS)


async def test_a_rank_given_twice_with_different_titles_is_refused(db: Database) -> None:
    before = await snapshot(db)
    clash = ("2025-05-04", "TV (Non-English)", "3", "Another Title", "N/A", "1", "", "", "1")
    rows = [*GLOBAL_ROWS[:12], clash]
    with pytest.raises(ChartFormatError) as caught:
        await import_netflix_file(db, global_file(rows), "g.tsv")
    assert caught.value.line == 14
    assert "given twice with different values" in caught.value.reason
    assert await snapshot(db) == before


async def test_a_corrected_figure_updates_the_row_and_reports_the_week(charts_db: Database) -> None:
    corrected = [list(row) for row in GLOBAL_ROWS]
    corrected[0][5] = "58400000"  # a later file revising a figure
    result = await import_netflix_file(charts_db, global_file(corrected), "g.tsv")
    assert result.rows_written == 1
    assert result.weeks_changed == (dt.date(2025, 5, 4),)
    assert result.weeks_added == ()
    value = await charts_db.fetchval(
        "SELECT hours_viewed FROM chart_global WHERE week = '2025-05-04' AND rank = 1"
    )
    assert value == 58_400_000


async def test_chart_only_shows_are_found_by_show(chart_bot) -> None:
    finder = ShowFinder(chart_bot.catalog, chart_bot.titles)
    found = await finder.find("the eternaut")
    assert found.details is not None
    assert found.details.show.origin == "chart"
    assert found.details.show.title == "The Eternaut"


async def test_a_film_and_a_series_with_one_title_stay_apart(db: Database) -> None:
    rows = [
        ("2024-01-07", "Films (English)", "1", "Made-up Twin", "N/A", "100", "1.5", "50", "1"),
        ("2024-01-07", "TV (English)", "1", "Made-up Twin", "Made-up Twin: S1", "1", "", "", "1"),
    ]  # fmt: skip
    await import_netflix_file(db, global_file(rows), "g.tsv")
    kinds = await db.fetchall("SELECT kind FROM shows WHERE title = 'Made-up Twin' ORDER BY kind")
    assert [row[0] for row in kinds] == ["film", "unknown"]
    season = await db.fetchone(
        "SELECT se.number, se.title FROM seasons se JOIN shows s ON s.id = se.show_id "
        "WHERE s.title = 'Made-up Twin'"
    )
    assert season is None  # "S1" names no season number, so none is made up


async def test_titles_relink_when_the_catalog_gains_the_show(charts_db: Database) -> None:
    catalog = {
        "format": 1,
        "sources": {},
        "people": [],
        "shows": [{"slug": "the-eternaut", "title": "The Eternaut", "kind": "drama"}],
    }
    await load_catalog(charts_db, json.dumps(catalog).encode(), "extra.json")
    result = await import_netflix_file(charts_db, global_file(), "g.tsv")
    assert result.titles_relinked == 1
    assert await linked(charts_db, "2025-05-04", 1) == ("the-eternaut", "catalog", None)


async def test_resolver_uses_aliases_and_season_titles(db: Database) -> None:
    conn = sqlite3.connect(db.path)
    try:
        resolver = TitleResolver(conn)
        squid = await db.fetchval("SELECT id FROM shows WHERE slug = 'squid-game'")
        season2 = await db.fetchval(
            "SELECT id FROM seasons WHERE show_id = ? AND number = 2", (squid,)
        )
        assert resolver.resolve("Squid Game", "Squid Game: Season 2", False) == (squid, season2)
        weak = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
        assert resolver.resolve("약한영웅", "", False) == (weak, None)
        assert resolver.resolve("Weak Class Hero", "", False) == (weak, None)
        # A film of the same name is not the drama.
        film, _ = resolver.resolve("Squid Game", "", True)
        assert film != squid
        conn.rollback()
    finally:
        conn.close()


def test_a_cancelled_import_stores_nothing(db: Database) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelledError):
        chart_import._import_sync(db.path, global_file(), "g.tsv", None, cancel)
    conn = sqlite3.connect(db.path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM chart_global").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM shows WHERE origin = 'chart'").fetchone() == (0,)
    finally:
        conn.close()


async def test_progress_reaches_the_end(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart_import, "BATCH", 10)
    seen: list[tuple[int, int]] = []
    await import_netflix_file(
        db, global_file(), "g.tsv", lambda done, total: seen.append((done, total))
    )
    assert len(seen) >= 3
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


async def test_other_writers_wait_for_the_import(db: Database) -> None:
    # The bot's own writes queue behind the import instead of hitting SQLite's busy timeout.
    order: list[str] = []

    async def write() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
        order.append("write")

    import asyncio

    task = asyncio.ensure_future(import_netflix_file(db, global_file(), "g.tsv"))
    await asyncio.sleep(0)
    writer = asyncio.ensure_future(write())
    await task
    order.append("import")
    await writer
    assert await db.fetchval("SELECT value FROM meta WHERE key = 'probe'") == "x"


async def test_the_title_index_sees_chart_shows_after_refresh(chart_bot) -> None:
    matches = chart_bot.titles.search("I Am Not Mendoza")
    assert matches and matches[0].show.title == "I Am Not Mendoza"


async def test_several_lists_of_one_week_changing_at_once(db: Database) -> None:
    # Two stored lists of one week both change in one import: the week is noted once.
    def lists(weeks: str) -> bytes:
        return country_file(
            [
                ("South Korea", "KR", "2022-01-23", "Films", "1", "A Made-up Film", "N/A", weeks),
                ("South Korea", "KR", "2022-01-23", "TV", "1", "A Made-up Show", "N/A", weeks),
            ]
        )

    await import_netflix_file(db, lists("1"), "c.tsv")
    result = await import_netflix_file(db, lists("2"), "c.tsv")
    assert result.weeks_changed == (dt.date(2022, 1, 23),)
    assert result.weeks_added == ()
    assert result.rows_written == 2


async def test_a_country_list_is_upserted_by_rank(charts_db: Database) -> None:
    # The store has only No. 1 of South Korea's TV list for that week; a file giving only
    # No. 2 adds it and keeps No. 1.
    second = [("South Korea", "KR", "2025-04-27", "TV", "2", "A Made-up Show", "N/A", "1")]
    result = await import_netflix_file(charts_db, country_file(second), "c.tsv")
    assert result.rows_written == 1 and result.weeks_changed == (dt.date(2025, 4, 27),)
    chart = await ChartRepository(charts_db).top(dt.date(2025, 4, 27), "TV", "KR")
    assert chart is not None
    assert [(e.rank, e.show_title) for e in chart.entries] == [
        (1, "Weak Hero"),
        (2, "A Made-up Show"),
    ]
