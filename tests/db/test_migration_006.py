"""006 rebuilds `shows` and `people` under tables that cascade from them: nothing may be lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.connection import Database
from db.migrations import MIGRATIONS_DIR, MigrationError, available, current_version, migrate

TABLES = (
    "shows", "seasons", "releases", "aliases", "people", "credits", "ratings", "facts",
    "sources", "chart_titles", "chart_global", "trivia_entries",
)  # fmt: skip


async def _at_005(tmp_path: Path) -> Database:
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:5]:
        shutil.copy(path, older / path.name)
    db = await Database.open(tmp_path / "old.sqlite3")
    assert await migrate(db, older) == 5
    return db


async def _fill(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO sources (id, key, title) VALUES (1, 'netflix-top10', 'Netflix Top 10')"
        )
        await conn.executemany(
            "INSERT INTO shows (id, slug, title, title_ko, kind, country, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, "weak-hero", "Weak Hero", "약한영웅", "drama", "KR", "catalog"),
                (2, "crime-scene-zero", "Crime Scene Zero", None, "variety", "KR", "catalog"),
                (3, "chart-physical-100", "Physical: 100", None, "drama", None, "chart"),
                (4, "chart-raw", "RAW", None, "drama", None, "chart"),
                (
                    5,
                    "chart-kpop-demon-hunters-film",
                    "KPop Demon Hunters",
                    None,
                    "film",
                    None,
                    "chart",
                ),
            ],
        )
        await conn.execute("INSERT INTO seasons (id, show_id, number) VALUES (1, 1, 1), (2, 3, 1)")
        await conn.execute(
            "INSERT INTO releases (season_id, platform, release_date) VALUES (1, 'Wavve', '2022')"
        )
        await conn.execute(
            "INSERT INTO aliases (show_id, alias, kind, normalized) VALUES "
            "(1, 'Weak Class Hero', 'english', 'weakclasshero'), (3, 'Physical 100', 'chart', "
            "'physical100')"
        )
        await conn.execute(
            "INSERT INTO people (id, name, name_ko, normalized) VALUES "
            "(1, 'Park Ji-hoon', '박지훈', 'parkjihoon'), (2, 'Choi Hyun-wook', NULL, "
            "'choihyunwook')"
        )
        await conn.execute(
            "INSERT INTO credits (person_id, show_id, season_id, character, role) VALUES "
            "(1, 1, 1, 'Yeon Si-eun', 'lead'), (2, 1, 1, 'Ahn Su-ho', 'lead')"
        )
        await conn.execute(
            "INSERT INTO ratings (show_id, name, value, scale) VALUES (1, 'IMDb', 8.5, 10)"
        )
        await conn.execute("INSERT INTO facts (show_id, text) VALUES (1, 'No. 3 globally')")
        await conn.execute(
            "INSERT INTO chart_titles (id, show_title, season_title, is_film, show_id, season_id)"
            " VALUES (1, 'Physical: 100', 'Physical: 100: Season 1', 0, 3, 2), "
            "(2, 'RAW', '', 0, 4, NULL), (3, 'KPop Demon Hunters', '', 1, 5, NULL)"
        )
        await conn.execute(
            "INSERT INTO chart_global (category, week, rank, title_id, weeks_in_top10) VALUES "
            "('TV (English)', '2025-01-12', 1, 2, 1), ('TV (Non-English)', '2023-02-05', 1, 1, 1)"
        )
        await conn.execute(
            "INSERT INTO trivia_entries (guild_id, number, question, answer, normalized, show_id,"
            " created_by, created_at, updated_by, updated_at) VALUES (1, 1, 'q', 'a', 'a', 3, 1,"
            " '2025-01-01', 1, '2025-01-01')"
        )


async def _counts(db: Database) -> dict[str, int]:
    return {t: int(await db.fetchval(f"SELECT COUNT(*) FROM {t}")) for t in TABLES}


async def test_chart_made_kinds_become_unknown_or_film_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    db = await _at_005(tmp_path)
    try:
        await _fill(db)
        before = await _counts(db)
        assert await migrate(db) == available()[-1].version == await current_version(db)
        assert await _counts(db) == before
        kinds = await db.fetchall(
            "SELECT s.slug, s.kind, src.key FROM shows s "
            "LEFT JOIN sources src ON src.id = s.kind_source_id ORDER BY s.id"
        )
        assert [tuple(r) for r in kinds] == [
            ("weak-hero", "drama", None),  # curated kinds stay
            ("crime-scene-zero", "variety", None),
            ("chart-physical-100", "unknown", None),  # nothing said it is a drama
            ("chart-raw", "unknown", None),
            ("chart-kpop-demon-hunters-film", "film", "netflix-top10"),  # a Films list
        ]
        assert await db.fetchall("PRAGMA foreign_key_check") == []
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        # References still point at the rebuilt tables: cascades and checks work.
        await db.raw.execute("DELETE FROM shows WHERE id = 1")
        assert await db.fetchval("SELECT COUNT(*) FROM credits") == 0
        assert await db.fetchval("SELECT COUNT(*) FROM releases") == 0
        with pytest.raises(Exception, match="FOREIGN KEY"):
            await db.raw.execute(
                "INSERT INTO credits (person_id, show_id, role) VALUES (1, 999, 'cast')"
            )
        names = await db.fetchall("SELECT name, origin FROM people ORDER BY id")
        assert [tuple(r) for r in names] == [
            ("Park Ji-hoon", "catalog"),
            ("Choi Hyun-wook", "catalog"),
        ]
        schema = await db.fetchval("SELECT sql FROM sqlite_master WHERE name = 'credits'")
        assert "REFERENCES shows(id)" in schema and "shows_new" not in schema
    finally:
        await db.close()


async def test_a_rebuild_that_breaks_a_reference_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001-one.sql").write_text(
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE b (a_id INTEGER REFERENCES a(id) ON DELETE CASCADE);\n"
    )
    (folder / "002-two.sql").write_text(
        "-- foreign_keys: off\nCREATE TABLE a_new (id INTEGER PRIMARY KEY);\n"
        "DROP TABLE a;\nALTER TABLE a_new RENAME TO a;\n"
    )
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        await migrate(db, folder)  # both at once: fine while the tables are empty
        assert await current_version(db) == 2
    finally:
        await db.close()
    db = await Database.open(tmp_path / "y.sqlite3")
    try:
        only_first = tmp_path / "first"
        only_first.mkdir()
        shutil.copy(folder / "001-one.sql", only_first / "001-one.sql")
        await migrate(db, only_first)
        await db.raw.execute("INSERT INTO a (id) VALUES (1)")
        await db.raw.execute("INSERT INTO b (a_id) VALUES (1)")
        # The rebuild forgets to copy a's rows: b's row would point at nothing.
        with pytest.raises(MigrationError, match=r"002-two\.sql.*foreign key"):
            await migrate(db, folder)
        assert await current_version(db) == 1
        assert await db.fetchval("SELECT COUNT(*) FROM a") == 1
        assert await db.fetchval("PRAGMA foreign_keys") == 1
    finally:
        await db.close()
