"""Whole-database snapshots, to assert that a failed operation changed nothing."""

from __future__ import annotations

from typing import Any

from db.connection import Database


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = [
        row[0]
        for row in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        table: [tuple(row) for row in await db.fetchall(f'SELECT * FROM "{table}" ORDER BY 1')]
        for table in tables
    }
