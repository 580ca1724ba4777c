"""Shows' and seasons' titles in a member's language, for cards that name shows.

Korean reads the catalog's Hangul titles (`title_ko`, curated or from a provider). Other
languages read the titles providers gave for them: TMDB's translations and alternative
titles are stored as the provider gave them, in `provider_alt_titles` (title, country,
language) under their `provider_shows` row (provider, source, fetch date); which one a
language reads is core.local_titles' rule. Call these inside the card's own read, so the
titles come from the same snapshot as the rest of the card.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.local_titles import ProviderTitle, alternative_country, pick, wanted_languages

KOREAN = "ko"
_CHUNK = 500  # ids per statement, well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class LocalTitles:
    """Show id → title and season id → title in one language; `providers` names where
    each show's title comes from (a provider's name; absent for the catalog's own)."""

    shows: dict[int, str] = field(default_factory=dict)
    seasons: dict[int, str] = field(default_factory=dict)
    providers: dict[int, str] = field(default_factory=dict)

    def show(self, show_id: int) -> str | None:
        return self.shows.get(show_id)


NONE = LocalTitles()


def local_titles(
    conn: sqlite3.Connection,
    tag: str,
    show_ids: Sequence[int],
    season_ids: Sequence[int] = (),
) -> LocalTitles:
    """The titles the member's language (a `core.locales` tag) has for these shows and
    seasons; nothing for English or a language no provider wrote a title in."""
    if tag == KOREAN:
        return korean_titles(conn, show_ids, season_ids)
    languages = sorted(wanted_languages(tag))
    country = alternative_country(tag)
    ids = sorted(set(show_ids))
    if not ids or (not languages and country is None):
        return NONE
    found: dict[int, list[ProviderTitle]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        shows = ",".join("?" * len(chunk))
        langs = ",".join("?" * len(languages)) or "NULL"
        # Only the placeholders' count is formatted in; every value is bound.
        rows = conn.execute(
            "SELECT ps.show_id, ps.provider, a.position, a.title, a.language, a.country "  # noqa: S608
            "FROM provider_shows ps JOIN provider_alt_titles a ON a.provider_show_id = ps.id "
            f"WHERE ps.show_id IN ({shows}) AND (a.language IN ({langs}) "
            "OR (a.language IS NULL AND a.country = ?))",
            [*chunk, *languages, country],
        ).fetchall()
        for show_id, provider, position, title, language, where in rows:
            found.setdefault(int(show_id), []).append(
                ProviderTitle(str(title), language, where, str(provider), int(position))
            )
    titles: dict[int, str] = {}
    providers: dict[int, str] = {}
    for show_id, candidates in found.items():
        best = pick(tag, candidates)
        if best is not None:
            titles[show_id] = best.title
            providers[show_id] = best.provider
    return LocalTitles(titles, {}, providers)


def korean_titles(
    conn: sqlite3.Connection, show_ids: Sequence[int], season_ids: Sequence[int]
) -> LocalTitles:
    """The Hangul titles the catalog has for these shows and seasons (one read snapshot)."""
    shows = _titles(conn, "shows", sorted(set(show_ids)))
    seasons = _titles(conn, "seasons", sorted(set(season_ids)))
    return LocalTitles(shows, seasons)


def _titles(conn: sqlite3.Connection, table: str, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        # `table` is one of two literals above; the ids are bound.
        rows = conn.execute(
            f"SELECT id, title_ko FROM {table} WHERE title_ko IS NOT NULL AND id IN ({marks})",  # noqa: S608
            chunk,
        ).fetchall()
        found.update({int(row[0]): str(row[1]) for row in rows if str(row[1]).strip()})
    return found
