"""005 turns per-rank country rows (as 003 stored them) into one row per list, keeping them."""

import datetime as dt
import shutil
from pathlib import Path

from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from db.migrations import MIGRATIONS_DIR, available, current_version, migrate
from tests.charts.conftest import COUNTRY_ROWS, country_file


async def test_per_rank_rows_become_lists(tmp_path: Path) -> None:
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:4]:
        shutil.copy(path, older / path.name)
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        assert await migrate(db, older) == 4
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO shows (id, slug, title, origin) VALUES (1, 'chart-x', 'X', 'chart')"
            )
            await conn.execute(
                "INSERT INTO chart_titles (id, show_title, is_film, show_id) VALUES (7, 'X', 0, 1)"
            )
            await conn.executemany(
                "INSERT INTO chart_country (iso2, category, week, rank, title_id, weeks_in_top10) "
                "VALUES ('KR', 'TV', '2022-01-23', ?, 7, ?)",
                [(1, 3), (4, 1)],
            )
        assert await migrate(db) == await current_version(db) == available()[-1].version
        row = await db.fetchone("SELECT * FROM chart_country")
        assert row is not None
        assert tuple(row) == (
            "KR", "2022-01-23", "TV", "[7,0,0,7,0,0,0,0,0,0]", "[3,0,0,1,0,0,0,0,0,0]",
        )  # fmt: skip
    finally:
        await db.close()


async def test_lists_written_by_an_import_match_the_migrated_format(db: Database) -> None:
    # Same text as SQLite's own minified JSON, so migrated lists compare equal on re-import.
    await import_netflix_file(db, country_file(), "c.tsv")
    rows = await db.fetchall(
        "SELECT title_ids = json(title_ids), weeks_in_top10 = json(weeks_in_top10) "
        "FROM chart_country"
    )
    assert rows and all(tuple(row) == (1, 1) for row in rows)
    chart = await ChartRepository(db).top(dt.date(2022, 1, 23), "TV", "KR")
    assert chart is not None
    assert len(chart.entries) == len([r for r in COUNTRY_ROWS if r[2] == "2022-01-23"])
