"""The effective show facts: curated values stay, empty or provider-filled ones follow the
providers, each with the source that states it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

from core.providers import ProviderName


async def _one(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


async def _all(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


# The show facts a provider may fill, and which provider is trusted first for each: TVmaze's
# `type` tells reality from variety from talk; TMDB states the origin country, the original
# language and the original (Hangul) title, where TVmaze only implies them.
FIELD_PREFERENCE: dict[str, tuple[ProviderName, ...]] = {
    "kind": ("tvmaze", "tmdb"),
    "country": ("tmdb", "tvmaze"),
    "title_ko": ("tmdb", "tvmaze"),
    "language": ("tmdb", "tvmaze"),
    "premiered": ("tvmaze", "tmdb"),
    "summary": ("tvmaze", "tmdb"),
}
# shows column → provider_shows column.
_PROVIDER_COLUMN = {
    "kind": "kind",
    "country": "origin_country",
    "title_ko": "title_ko",
    "language": "language",
    "premiered": "premiered",
    "summary": "overview",
}
_EMPTY: dict[str, Any] = {"kind": "unknown"}


async def refresh_effective(conn: aiosqlite.Connection, show_id: int) -> None:
    """Recompute the show's provider-fillable facts: a curated value (or Netflix's Films
    category) stays; an empty or provider-filled one takes the preferred provider's value."""
    show = await _one(
        conn,
        "SELECT s.*, "  # noqa: S608 - column names from this module
        + ", ".join(
            f"(SELECT provider FROM sources WHERE id = s.{f}_source_id) AS {f}_by"  # noqa: S608
            for f in FIELD_PREFERENCE
        )
        + " FROM shows s WHERE s.id = ?",
        (show_id,),
    )
    if show is None:
        return
    said = {
        r["provider"]: r
        for r in await _all(
            conn,
            "SELECT provider, source_id, kind, origin_country, title_ko, language, premiered, "
            "overview FROM provider_shows WHERE show_id = ?",
            (show_id,),
        )
    }
    changes: dict[str, Any] = {}
    for field, preference in FIELD_PREFERENCE.items():
        value, by = show[field], show[f"{field}_by"]
        empty = _EMPTY.get(field)
        if value is not None and value != empty and by is None:
            continue  # curated, or Netflix's own category
        new_value, new_source = empty, None
        for provider in preference:
            row = said.get(provider)
            given = None if row is None else row[_PROVIDER_COLUMN[field]]
            if isinstance(given, str) and not given.strip():
                continue  # a blank value says nothing
            if row is not None and given is not None and given != empty:
                new_value, new_source = given, row["source_id"]
                break
        if (new_value, new_source) != (value, show[f"{field}_source_id"]):
            changes[field] = new_value
            changes[f"{field}_source_id"] = new_source
    if changes:
        assignments = ", ".join(f"{column} = ?" for column in changes)
        await conn.execute(
            f"UPDATE shows SET {assignments} WHERE id = ?",  # noqa: S608 - names from this module
            (*changes.values(), show_id),
        )
