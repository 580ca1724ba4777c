"""Writing one provider's record about one show, inside the caller's transaction.

A provider's own statements go to the provider_* tables as given (so the record can be read
back unchanged); the integrated view (aliases, people and credits, the effective show facts
with their sources) is derived from them here. Curated facts are never replaced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import aiosqlite

from core.providers import ProviderName, ShowRecord, origin_country
from core.text import normalize
from db.effective_facts import refresh_effective
from db.generation import mark_changed
from db.provider_people import drop_orphans, person_for
from db.text import has_hangul

CAST_KEPT = 20
PROVIDER_LABEL: dict[ProviderName, str] = {"tvmaze": "TVmaze", "tmdb": "TMDB"}
_NOTE: dict[ProviderName, str] = {
    "tvmaze": "TVmaze data, licensed CC BY-SA 4.0.",
    "tmdb": "This product uses the TMDB API but is not endorsed or certified by TMDB. "
    "Where-to-watch data by JustWatch.",
}


def stamp(instant: dt.datetime) -> str:
    """Microseconds kept, so a record's fetch time reads back exactly."""
    if instant.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware")
    return instant.astimezone(dt.UTC).isoformat(timespec="microseconds")


def korean_title(record: ShowRecord) -> str | None:
    """The Hangul title the provider gives: its original name, else a Korean alternative."""
    if has_hangul(record.original_name):
        return record.original_name
    for alt in record.alt_titles:
        if has_hangul(alt.title) and alt.country in (None, "KR"):
            return alt.title
    return None


def digest(record: ShowRecord) -> str:
    """Of everything the provider said, apart from when it was asked."""
    content = dataclasses.replace(record, fetched_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()


async def _all(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def _one(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


async def upsert_source(conn: aiosqlite.Connection, record: ShowRecord) -> int:
    provider = record.ref.provider
    fetched = stamp(record.fetched_at)
    row = await _one(
        conn,
        "INSERT INTO sources (key, title, publisher, url, published, note, provider, fetched_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
        "title = excluded.title, publisher = excluded.publisher, url = excluded.url, "
        "published = excluded.published, note = excluded.note, provider = excluded.provider, "
        "fetched_at = excluded.fetched_at RETURNING id",
        (
            str(record.ref),
            f"{PROVIDER_LABEL[provider]}: {record.name}",
            PROVIDER_LABEL[provider],
            record.url,
            fetched[:10],
            _NOTE[provider],
            provider,
            fetched,
        ),
    )
    return int(row[0])


async def remove_provider(conn: aiosqlite.Connection, show_id: int, provider: str) -> bool:
    """Forget what `provider` said about the show (a relink or an owner's "none")."""
    row = await _one(
        conn,
        "SELECT id, source_id FROM provider_shows WHERE show_id = ? AND provider = ?",
        (show_id, provider),
    )
    if row is None:
        return False
    provider_show_id, source_id = row
    people = [
        r[0]
        for r in await _all(conn, "SELECT person_id FROM credits WHERE source_id = ?", (source_id,))
    ]
    await conn.execute("DELETE FROM credits WHERE source_id = ?", (source_id,))
    await conn.execute("DELETE FROM aliases WHERE source_id = ?", (source_id,))
    await conn.execute("DELETE FROM provider_shows WHERE id = ?", (provider_show_id,))
    await refresh_effective(conn, show_id)
    await conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    await drop_orphans(conn, people)
    await mark_changed(conn)  # running bots refresh (db/generation.py)
    return True


async def write_record(
    conn: aiosqlite.Connection, show_id: int, record: ShowRecord, matched_by: str
) -> bool:
    """Replace this provider's rows for the show with `record`; False when nothing changed."""
    provider = record.ref.provider
    new_digest = digest(record)
    fetched = stamp(record.fetched_at)
    current = await _one(
        conn,
        "SELECT id, provider_id, digest, fetched_at, matched_by FROM provider_shows "
        "WHERE show_id = ? AND provider = ?",
        (show_id, provider),
    )
    if current is not None and current[1] != record.ref.id:
        await remove_provider(conn, show_id, provider)
        current = None
    if current is not None and current[4] == "manual":
        matched_by = "manual"  # a refresh of the owner's pick is still the owner's pick
    if current is not None and current[2] == new_digest:
        if (current[3], current[4]) == (fetched, matched_by):
            return False
        # Same facts, newer fetch: only the dates move (the cache's age is what counts).
        await mark_changed(conn)
        await upsert_source(conn, record)
        await conn.execute(
            "UPDATE provider_shows SET fetched_at = ?, matched_by = ? WHERE id = ?",
            (fetched, matched_by, current[0]),
        )
        return True
    await mark_changed(conn)  # running bots refresh (db/generation.py)
    source_id = await upsert_source(conn, record)
    values = (
        show_id,
        provider,
        record.ref.id,
        source_id,
        record.url,
        fetched,
        matched_by,
        record.name,
        record.original_name,
        korean_title(record),
        record.kind,
        record.language,
        _origin(record),
        json.dumps(list(record.origin_countries), ensure_ascii=False),
        record.status,
        record.premiered,
        record.ended,
        record.overview,
        record.rating,
        record.rating_votes,
        record.poster_url,
        record.schedule_time,
        json.dumps(list(record.schedule_days), ensure_ascii=False),
        record.timezone,
        json.dumps([list(pair) for pair in record.external_ids], ensure_ascii=False),
        new_digest,
    )
    columns = (
        "show_id, provider, provider_id, source_id, url, fetched_at, matched_by, name, "
        "original_name, title_ko, kind, language, origin_country, origin_countries, status, "
        "premiered, ended, overview, rating, rating_votes, poster_url, schedule_time, "
        "schedule_days, timezone, external_ids, digest"
    )
    if current is not None:
        old_people = [
            r[0]
            for r in await _all(
                conn, "SELECT person_id FROM credits WHERE source_id = ?", (source_id,)
            )
        ]
        await conn.execute("DELETE FROM credits WHERE source_id = ?", (source_id,))
        await conn.execute("DELETE FROM aliases WHERE source_id = ?", (source_id,))
        # Children go with the row (ON DELETE CASCADE); the id is kept.
        await conn.execute("DELETE FROM provider_shows WHERE id = ?", (current[0],))
    row = await _one(
        conn,
        f"INSERT INTO provider_shows ({columns}"  # noqa: S608 - constant column list
        + (", id" if current is not None else "")
        + ") VALUES ("
        + ", ".join("?" * (len(values) + (current is not None)))
        + ") RETURNING id",
        values + ((current[0],) if current is not None else ()),
    )
    provider_show_id = int(row[0])
    await _write_children(conn, provider_show_id, show_id, source_id, record)
    await _write_aliases(conn, show_id, source_id, record)
    await _write_cast(conn, provider_show_id, show_id, source_id, record)
    if current is not None:
        await drop_orphans(conn, old_people)
    await refresh_effective(conn, show_id)
    return True


def _origin(record: ShowRecord) -> str | None:
    return origin_country(record.origin_countries, record.networks, record.language)


async def _write_children(
    conn: aiosqlite.Connection, psid: int, show_id: int, source_id: int, record: ShowRecord
) -> None:
    await conn.executemany(
        "INSERT INTO provider_genres (provider_show_id, position, name) VALUES (?, ?, ?)",
        [(psid, i, g) for i, g in enumerate(record.genres)],
    )
    await conn.executemany(
        "INSERT INTO provider_networks (provider_show_id, position, name, country, streaming) "
        "VALUES (?, ?, ?, ?, ?)",
        [(psid, i, n.name, n.country, int(n.streaming)) for i, n in enumerate(record.networks)],
    )
    await conn.executemany(
        "INSERT INTO provider_seasons (provider_show_id, position, number, name, episode_count,"
        " premiere, end_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (psid, i, s.number, s.name, s.episode_count, s.premiere, s.end)
            for i, s in enumerate(record.seasons)
        ],
    )
    await conn.executemany(
        "INSERT INTO provider_episodes (provider_show_id, show_id, source_id, season, number, "
        "name, airdate, airstamp, runtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (psid, show_id, source_id, e.season, e.number, e.name, e.airdate, e.airstamp, e.runtime)
            for e in record.episodes
        ],
    )
    await conn.executemany(
        "INSERT INTO watch_offers (provider_show_id, show_id, source_id, region, position, "
        "service, offer, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (psid, show_id, source_id, w.region, i, w.service, w.offer, w.link)
            for i, w in enumerate(record.watch)
        ],
    )
    await conn.executemany(
        "INSERT INTO provider_alt_titles (provider_show_id, position, title, country, language)"
        " VALUES (?, ?, ?, ?, ?)",
        [(psid, i, a.title, a.country, a.language) for i, a in enumerate(record.alt_titles)],
    )


async def _write_aliases(
    conn: aiosqlite.Connection, show_id: int, source_id: int, record: ShowRecord
) -> None:
    """Every name the provider knows the show by, for the title index. A name the show
    already has (curated, chart or another provider) keeps its first source."""
    names = [record.name, record.original_name or "", *(a.title for a in record.alt_titles)]
    row = await _one(conn, "SELECT title FROM shows WHERE id = ?", (show_id,))
    own = normalize(row[0]) if row is not None else ""
    await conn.executemany(
        "INSERT INTO aliases (show_id, alias, kind, normalized, source_id) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(show_id, normalized) DO NOTHING",
        [
            (show_id, name, "hangul" if has_hangul(name) else "other", key, source_id)
            for name in names
            if (key := normalize(name)) and key != own
        ],
    )


async def _write_cast(
    conn: aiosqlite.Connection, psid: int, show_id: int, source_id: int, record: ShowRecord
) -> None:
    provider = record.ref.provider
    cast = sorted(record.cast, key=lambda c: c.order)[:CAST_KEPT]
    rows = []
    for position, credit in enumerate(cast):
        person_id = await person_for(conn, provider, credit)
        rows.append((position, person_id, credit))
    await conn.executemany(
        "INSERT INTO provider_cast (provider_show_id, position, person_id, person_provider_id, "
        "name, original_name, character, billing, episode_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                psid,
                position,
                person_id,
                c.person.id,
                c.name,
                c.original_name,
                c.character,
                c.order,
                c.episode_count,
            )
            for position, person_id, c in rows
        ],
    )
    await conn.executemany(
        "INSERT INTO credits (person_id, show_id, season_id, character, role, description, "
        "billing, source_id) VALUES (?, ?, NULL, ?, 'cast', NULL, ?, ?)",
        [(person_id, show_id, c.character, position, source_id) for position, person_id, c in rows],
    )
