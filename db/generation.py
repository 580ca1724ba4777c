"""The stored data's change mark: what tells a running bot that another process changed
the data it answers from (shows, people, charts, provider facts).

Every writer of that data calls `mark_changed` inside its transaction. A bot's watcher
(services/live.py) first checks SQLite's `PRAGMA data_version`, which moves on any other
connection's commit, and then this mark: a heartbeat, a delivery claim or a trivia score
written by another process changes the first and not the second, so it costs no index
rebuild and no memo.
"""

from __future__ import annotations

import sqlite3

import aiosqlite

from db.connection import Database

_MARK = (
    "INSERT INTO meta (key, value) VALUES ('data_generation', '1') ON CONFLICT (key) "
    "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
)
_STATE = (
    "SELECT (SELECT data_version FROM pragma_data_version()), "
    "(SELECT value FROM meta WHERE key = 'data_generation')"
)


async def mark_changed(conn: aiosqlite.Connection) -> None:
    """In a writer's transaction (`Database.transaction()`)."""
    await conn.execute(_MARK)


def mark_changed_sync(conn: sqlite3.Connection) -> None:
    """The same, for a writer on its own stdlib connection (the chart import)."""
    conn.execute(_MARK)


async def data_state(db: Database) -> tuple[int, str | None]:
    """(`PRAGMA data_version` of the writing connection, the change mark), in one query."""
    row = await db.fetchone(_STATE)
    assert row is not None
    return int(row[0]), None if row[1] is None else str(row[1])
