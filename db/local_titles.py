"""Shows' and seasons' titles in a member's language, for cards that list many shows.

The catalog knows Korean titles (`title_ko`); other languages have none yet."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LocalTitles:
    shows: dict[int, str] = field(default_factory=dict)
    seasons: dict[int, str] = field(default_factory=dict)


def korean_titles(
    conn: sqlite3.Connection, show_ids: Sequence[int], season_ids: Sequence[int]
) -> LocalTitles:
    """The Hangul titles the catalog has for these shows and seasons (one read snapshot)."""
    shows = _titles(conn, "shows", sorted(set(show_ids)))
    seasons = _titles(conn, "seasons", sorted(set(season_ids)))
    return LocalTitles(shows, seasons)


def _titles(conn: sqlite3.Connection, table: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    # `table` is one of two literals above; the ids are bound.
    rows = conn.execute(
        f"SELECT id, title_ko FROM {table} WHERE title_ko IS NOT NULL AND id IN ({marks})",  # noqa: S608
        ids,
    ).fetchall()
    return {int(row[0]): str(row[1]) for row in rows if str(row[1]).strip()}
