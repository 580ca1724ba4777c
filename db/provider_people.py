"""People from a provider's cast: linked to the people we know, created only when no one fits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from core.providers import CastCredit, ProviderName
from core.text import normalize
from db.text import has_hangul


async def _one(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


async def _all(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def person_for(
    conn: aiosqlite.Connection,
    provider: ProviderName,
    credit: CastCredit,
) -> int:
    """Our person for a provider's cast member, created only when no one fits.

    By the provider's person id first; then by exact folded name with no conflicting Hangul
    name, among people this provider does not already know under another id (that would be
    a namesake). Several equally good namesakes: a new person rather than a guess.
    """
    row = await _one(
        conn,
        "SELECT person_id FROM person_provider_ids WHERE provider = ? AND provider_id = ?",
        (provider, credit.person.id),
    )
    hangul = credit.original_name if has_hangul(credit.original_name) else None
    if row is not None:
        person_id = int(row[0])
        if hangul:
            await conn.execute(
                "UPDATE people SET name_ko = ? WHERE id = ? AND name_ko IS NULL",
                (hangul, person_id),
            )
        return person_id
    key = normalize(credit.name)
    candidates = await _all(
        conn,
        "SELECT id, name_ko FROM people WHERE normalized = ? AND NOT EXISTS (SELECT 1 FROM "
        "person_provider_ids x WHERE x.person_id = people.id AND x.provider = ?) ORDER BY id",
        (key, provider),
    )
    fitting = [c for c in candidates if c[1] is None or hangul is None or c[1] == hangul]
    exact = [c for c in fitting if hangul is not None and c[1] == hangul]
    chosen = exact if exact else fitting
    if len(chosen) == 1:
        person_id = int(chosen[0][0])
        if hangul:
            await conn.execute(
                "UPDATE people SET name_ko = ? WHERE id = ? AND name_ko IS NULL",
                (hangul, person_id),
            )
    else:
        row = await _one(
            conn,
            "INSERT INTO people (name, name_ko, normalized, origin) "
            "VALUES (?, ?, ?, 'provider') RETURNING id",
            (credit.name, hangul, key),
        )
        person_id = int(row[0])
    await conn.execute(
        "INSERT INTO person_provider_ids (provider, provider_id, person_id) VALUES (?, ?, ?)",
        (provider, credit.person.id, person_id),
    )
    return person_id


async def drop_orphans(conn: aiosqlite.Connection, person_ids: Iterable[int]) -> None:
    """A provider-made person with no role left is forgotten, with their provider ids."""
    await conn.executemany(
        "DELETE FROM people WHERE id = ? AND origin = 'provider' "
        "AND NOT EXISTS (SELECT 1 FROM credits WHERE person_id = people.id) "
        "AND NOT EXISTS (SELECT 1 FROM provider_cast WHERE person_id = people.id)",
        [(pid,) for pid in set(person_ids)],
    )
