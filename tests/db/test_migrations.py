from pathlib import Path

import pytest

from db.connection import Database
from db.migrations import MigrationError, available, current_version, migrate


async def test_fresh_database_reaches_latest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        version = await migrate(db)
        assert version == available()[-1].version
        assert await current_version(db) == version
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        # Running again is a no-op.
        assert await migrate(db) == version
    finally:
        await db.close()


async def test_newer_database_is_refused_with_clear_message(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        await db.raw.execute("PRAGMA user_version = 999")
        with pytest.raises(MigrationError, match="newer than this version"):
            await migrate(db)
    finally:
        await db.close()


async def test_failing_migration_leaves_database_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001-one.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "002-two.sql").write_text(
        "CREATE TABLE b (y INTEGER);\nINSERT INTO missing VALUES (1);\n"
    )
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        with pytest.raises(MigrationError, match=r"002-two\.sql"):
            await migrate(db, folder)
        assert await current_version(db) == 0
        tables = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert tables == []
    finally:
        await db.close()


def test_migration_numbers_are_distinct_and_well_formed(tmp_path: Path) -> None:
    (tmp_path / "001-a.sql").write_text("SELECT 1;")
    (tmp_path / "003-c.sql").write_text("SELECT 1;")
    # A gap is allowed: numbers are handed out to work that lands in any order.
    assert [m.version for m in available(tmp_path)] == [1, 3]
    (tmp_path / "003-other.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="distinct numbers"):
        available(tmp_path)
    (tmp_path / "003-other.sql").unlink()
    (tmp_path / "2-bad.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="NNN-name"):
        available(tmp_path)


async def test_a_migration_landing_below_one_applied_still_runs_once(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001-one.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "003-three.sql").write_text("CREATE TABLE c (x INTEGER);\n")
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        assert await migrate(db, folder) == 3
        (folder / "002-two.sql").write_text("CREATE TABLE b (x INTEGER);\n")
        assert await migrate(db, folder) == 3
        tables = await db.fetchall("SELECT name FROM sqlite_master WHERE name IN ('a','b','c')")
        assert sorted(row[0] for row in tables) == ["a", "b", "c"]
        # Applied once: a third run has nothing to do (CREATE TABLE b would fail again).
        assert await migrate(db, folder) == 3
        rows = await db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
        assert [row[0] for row in rows] == [1, 2, 3]
    finally:
        await db.close()


async def test_a_store_from_before_the_record_counts_up_to_its_version(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001-one.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "002-two.sql").write_text("CREATE TABLE b (x INTEGER);\n")
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        # As the old runner left it: 001 applied, user_version 1, no record table.
        await db.raw.execute("CREATE TABLE a (x INTEGER)")
        await db.raw.execute("PRAGMA user_version = 1")
        assert await migrate(db, folder) == 2
        assert await db.fetchval("SELECT COUNT(*) FROM schema_migrations") == 2
    finally:
        await db.close()
