"""Netflix's all-time Most Popular lists (`most-popular.tsv`): import and where they show.

The rows are real, copied from Netflix's published file (TV (Non-English) ranks 1 to 4 and
Films (English) ranks 1 and 2), with two real weekly rows of Squid Game's first season.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.chart_files import ChartFormatError
from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from render.charts import history_embed, show_chart_lines
from tests.charts.conftest import global_file, tsv
from tests.db.snapshot import snapshot

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix" / "most-popular.tsv"
HEADER = (
    "category", "rank", "show_title", "season_title", "hours_viewed_first_91_days", "runtime",
    "views_first_91_days",
)  # fmt: skip
TV = "TV (Non-English)"
FILMS = "Films (English)"
ROWS: list[tuple[str, ...]] = [
    (FILMS, "1", "KPop Demon Hunters", "N/A", "541800000", "1.6667", "325100000"),
    (FILMS, "2", "Red Notice", "N/A", "454200000", "1.9667", "230900000"),
    (TV, "1", "Squid Game", "Squid Game: Season 1", "2205200000", "8.3167", "265200000"),
    (TV, "2", "Squid Game", "Squid Game: Season 2", "1380100000", "7.1667", "192600000"),
    (TV, "3", "Squid Game", "Squid Game: Season 3", "894300000", "6.1333", "145800000"),
    (TV, "4", "Money Heist", "Money Heist: Part 4", "710200000", "6.7", "106000000"),
]  # fmt: skip
SQUID_WEEKS: list[tuple[str, ...]] = [
    ("2021-09-26", TV, "1", "Squid Game", "Squid Game: Season 1", "448730000", "", "", "2"),
    ("2021-09-19", TV, "1", "Squid Game", "Squid Game: Season 1", "63190000", "", "", "1"),
]  # fmt: skip


def most_popular(rows: list[tuple[str, ...]] = ROWS, header: tuple[str, ...] = HEADER) -> bytes:
    return tsv(header, rows)


async def table(db: Database) -> list[tuple[Any, ...]]:
    rows = await db.fetchall(
        "SELECT m.category, m.rank, t.show_title, t.season_title, m.hours_viewed, m.runtime, "
        "m.views FROM chart_most_popular m JOIN chart_titles t ON t.id = m.title_id "
        "ORDER BY m.category, m.rank"
    )
    return [tuple(row) for row in rows]


async def test_the_file_is_recognised_and_imported_once(db: Database) -> None:
    result = await import_netflix_file(db, most_popular(), "most-popular.tsv")
    assert (result.kind, result.rows, result.rows_written) == ("most-popular", 6, 6)
    assert result.new_shows >= 3  # KPop Demon Hunters, Red Notice, Money Heist are chart-made
    stored = await table(db)
    assert stored[0] == (FILMS, 1, "KPop Demon Hunters", "", 541_800_000, 1.6667, 325_100_000)
    assert stored[2] == (
        TV,
        1,
        "Squid Game",
        "Squid Game: Season 1",
        2_205_200_000,
        8.3167,
        265_200_000,
    )
    before = await snapshot(db)
    again = await import_netflix_file(db, most_popular(), "most-popular.tsv")
    assert again.rows_written == 0 and not again.changed
    assert await snapshot(db) == before


async def test_a_newer_file_replaces_the_categories_it_names(db: Database) -> None:
    await import_netflix_file(db, most_popular(), "most-popular.tsv")
    newer = [row for row in ROWS if row[0] == TV and row[1] != "4"]  # TV only, rank 4 gone
    newer[0] = (*newer[0][:4], "2205300000", *newer[0][5:])
    result = await import_netflix_file(db, most_popular(newer), "most-popular.tsv")
    assert result.rows_written == 2  # rank 1 changed, rank 4 removed
    stored = await table(db)
    assert [(c, r) for c, r, *_ in stored] == [(FILMS, 1), (FILMS, 2), (TV, 1), (TV, 2), (TV, 3)]
    assert stored[2][4] == 2_205_300_000


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        ([ROWS[0], (TV, "11", "X", "N/A", "1", "", "1")], 3, "rank '11' is not 1 to 10"),
        (
            [(TV, "1", "X", "N/A", "lots", "", "1")],
            2,
            "hours_viewed_first_91_days 'lots' is not a whole number",
        ),
        ([(TV, "1", "X", "N/A", "", "", "1")], 2, "hours_viewed_first_91_days is empty"),
        ([("TV", "1", "X", "N/A", "1", "", "1")], 2, "unknown category 'TV'"),
        ([(TV, "1", "", "N/A", "1", "", "1")], 2, "show_title must be 1 to 500 characters"),
        (
            [(TV, "1", "X", "N/A", "1", "", "1"), (TV, "1", "Y", "N/A", "1", "", "1")],
            3,
            "rank 1 of TV (Non-English) is given twice with different values",
        ),
        ([(TV, "1", "X", "N/A", "1", "1 hour", "1")], 2, "runtime '1 hour' is not a duration"),
    ],
)
async def test_a_bad_row_is_refused_with_its_line_and_nothing_changes(
    db: Database, rows: list[tuple[str, ...]], line: int, reason: str
) -> None:
    await import_netflix_file(db, most_popular(), "most-popular.tsv")
    before = await snapshot(db)
    with pytest.raises(ChartFormatError) as caught:
        await import_netflix_file(db, most_popular(rows), "most-popular.tsv")
    assert (caught.value.line, caught.value.reason) == (line, reason)
    assert str(caught.value).startswith(f"most-popular.tsv, line {line}: ")
    assert await snapshot(db) == before


async def test_an_unknown_header_names_all_three_formats(db: Database) -> None:
    with pytest.raises(ChartFormatError, match="or the Most Popular columns"):
        await import_netflix_file(db, b"title\trank\nX\t1\n", "other.tsv")


async def test_history_and_the_show_record_say_all_time_most_popular(db: Database) -> None:
    await import_netflix_file(db, global_file(SQUID_WEEKS), "all-weeks-global.tsv")
    await import_netflix_file(db, most_popular(), "most-popular.tsv")
    show_id = await db.fetchval(
        "SELECT show_id FROM chart_titles WHERE show_title = 'Squid Game' LIMIT 1"
    )
    history = await ChartRepository(db).history(show_id)
    assert [(e.rank, e.season_title) for e in history.most_popular] == [
        (1, "Squid Game: Season 1"),
        (2, "Squid Game: Season 2"),
        (3, "Squid Game: Season 3"),
    ]
    first = (
        "All-time Most Popular (Season 1): **No. 1** in TV (Non-English) "
        "(265.2M views · 2.2B hours in its first 91 days)"
    )
    assert first in (history_embed(history, "Squid Game").description or "")
    assert first in show_chart_lines(history)
    # Country histories are weekly lists only.
    assert (await ChartRepository(db).history(show_id, "KR")).most_popular == ()


async def test_chart_history_end_to_end(live) -> None:
    fake, bot = live
    await import_netflix_file(bot.db, global_file(SQUID_WEEKS), "all-weeks-global.tsv")
    await import_netflix_file(bot.db, most_popular(), "most-popular.tsv")
    await bot.live.changed()
    reply, _ = await (await fake.slash("chart history", show="squid game")).answer()
    description = reply["embeds"][0]["description"]
    assert "All-time Most Popular (Season 2): **No. 2** in TV (Non-English)" in description


@pytest.mark.skipif(not REAL.is_file(), reason="real Netflix files not present")
async def test_the_real_file_imports(db: Database) -> None:
    result = await import_netflix_file(db, REAL.read_bytes(), REAL.name)
    assert (result.kind, result.rows, result.rows_written) == ("most-popular", 40, 40)
    again = await import_netflix_file(db, REAL.read_bytes(), REAL.name)
    assert again.rows_written == 0
