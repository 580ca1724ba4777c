"""Numbered `.sql` migrations applied in one transaction.

Numbers are handed out to parallel work ahead of time, so a file may land after a higher
number was applied: the numbers applied are recorded (`schema_migrations`) and every file
not applied yet runs, in number order. `user_version` holds the highest number applied;
a store from before the record counts every number up to it as applied.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.connection import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{3})-[a-z0-9-]+\.sql$")
# A migration that rebuilds a referenced table starts with this line: with foreign keys on,
# its DROP TABLE would cascade-delete every referencing row.
FOREIGN_KEYS_OFF = "-- foreign_keys: off"


class MigrationError(RuntimeError):
    """The database cannot be brought to this code's schema."""


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    def statements(self) -> list[str]:
        """Split on complete statements so each runs inside our own transaction
        (executescript would COMMIT first and break the all-or-nothing upgrade)."""
        statements: list[str] = []
        pending = ""
        for line in self.path.read_text(encoding="utf-8").splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                if pending.strip():
                    statements.append(pending.strip())
                pending = ""
        if pending.strip() and not pending.strip().startswith("--"):
            raise MigrationError(f"{self.path.name}: incomplete SQL statement at the end")
        return statements

    @property
    def needs_foreign_keys_off(self) -> bool:
        with self.path.open(encoding="utf-8") as file:
            return file.readline().strip().lower() == FOREIGN_KEYS_OFF


def available(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"migration file {path.name} is not named NNN-name.sql")
        migrations.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions) or 0 in versions:
        raise MigrationError(f"migrations must have distinct numbers from 001, found {versions}")
    return migrations


RECORD = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL) STRICT"
)


async def applied_versions(db: Database) -> set[int]:
    """The migration numbers this store has applied."""
    version = await current_version(db)
    legacy = set(range(1, version + 1))
    exists = await db.fetchval(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    if not exists:
        return legacy
    rows = await db.fetchall("SELECT version FROM schema_migrations")
    recorded = {int(row[0]) for row in rows}
    return recorded if recorded else legacy


async def current_version(db: Database) -> int:
    return int(await db.fetchval("PRAGMA user_version"))


async def migrate(db: Database, directory: Path = MIGRATIONS_DIR) -> int:
    """Bring the schema up to date; returns the version now in force."""
    migrations = available(directory)
    latest = migrations[-1].version if migrations else 0
    version = await current_version(db)
    if version > latest:
        raise MigrationError(
            f"the database at {db.path} is at schema version {version}, newer than this "
            f"version of Hallyu understands ({latest}); upgrade Hallyu or use another "
            "DATABASE_PATH"
        )
    applied = await applied_versions(db)
    pending = [m for m in migrations if m.version not in applied]
    if not pending:
        return version
    rebuilds = [m.path.name for m in pending if m.needs_foreign_keys_off]
    if rebuilds:
        # The pragma is a no-op inside a transaction, so it is switched around it; the
        # check below stands in for the enforcement that is off meanwhile.
        await db.raw.execute("PRAGMA foreign_keys=OFF")
    try:
        async with db.transaction() as conn:
            await conn.execute(RECORD)
            await conn.executemany(
                "INSERT OR IGNORE INTO schema_migrations (version, name) VALUES (?, ?)",
                [(m.version, m.path.name) for m in migrations if m.version in applied],
            )
            for migration in pending:
                for statement in migration.statements():
                    try:
                        await conn.execute(statement)
                    except sqlite3.Error as exc:
                        raise MigrationError(f"{migration.path.name}: {exc}") from exc
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    (migration.version, migration.path.name),
                )
            if rebuilds:
                async with conn.execute("PRAGMA foreign_key_check") as cursor:
                    broken = list(await cursor.fetchall())
                if broken:
                    table, rowid, parent, _ = broken[0]
                    raise MigrationError(
                        f"{', '.join(rebuilds)}: {len(broken)} row(s) would break a foreign "
                        f"key, e.g. {table} row {rowid} pointing at a missing {parent} row"
                    )
            # PRAGMA values cannot be bound; the int() makes the interpolation safe.
            highest = max(version, pending[-1].version)
            await conn.execute(f"PRAGMA user_version = {int(highest)}")
    finally:
        if rebuilds:
            await db.raw.execute("PRAGMA foreign_keys=ON")
    return highest
