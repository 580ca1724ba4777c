"""Pieces every catalog read shares: the Source row type and small query helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str | None
    url: str | None
    published: str | None


def fetch_rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


def fetch_one(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
    return row


def load_sources(conn: sqlite3.Connection, ids: list[int]) -> tuple[Source, ...]:
    unique = list(dict.fromkeys(ids))
    if not unique:
        return ()
    marks = ",".join("?" * len(unique))
    rows = fetch_rows(
        conn,
        f"SELECT * FROM sources WHERE id IN ({marks}) ORDER BY id",  # noqa: S608 - only ?s
        unique,
    )
    return tuple(
        Source(r["key"], r["title"], r["publisher"], r["url"], r["published"]) for r in rows
    )
