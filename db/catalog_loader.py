"""Validating and loading catalog files (the bundled seed and `import-catalog`).

A file is validated completely before anything is written, then written in one
transaction, so a bad file changes nothing. Loading the same file twice changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from core.catalog_format import parse_catalog
from core.text import normalize
from db.connection import Database
from db.effective_facts import refresh_effective
from db.generation import mark_changed

SEED_PATH = Path(__file__).with_name("seed") / "catalog.json"
# A row written by the enrichment (its source is a provider's): never the loader's to sync.
_BY_PROVIDER = "IFNULL(source_id IN (SELECT id FROM sources WHERE provider IS NOT NULL), 0)"


@dataclass(frozen=True)
class LoadResult:
    shows: int
    people: int
    sources: int
    skipped: bool = False


async def _source_ids(conn: aiosqlite.Connection, sources: dict[str, Any]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, src in sources.items():
        async with conn.execute(
            "INSERT INTO sources (key, title, publisher, url, published, note) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET title = excluded.title, "
            "publisher = excluded.publisher, url = excluded.url, "
            "published = excluded.published, note = excluded.note RETURNING id",
            (
                key,
                src["title"],
                src.get("publisher"),
                src.get("url"),
                src.get("published"),
                src.get("note"),
            ),
        ) as cursor:
            row = await cursor.fetchone()
            assert row is not None
            ids[key] = row[0]
    return ids


async def _write(conn: aiosqlite.Connection, data: dict[str, Any]) -> None:
    source_ids = await _source_ids(conn, data.get("sources", {}))

    def src(part: dict[str, Any] | None, key: str = "source") -> int | None:
        value = part.get(key) if part else None
        return source_ids.get(value) if isinstance(value, str) else None

    person_ids: dict[str, int] = {}
    for person in data.get("people") or []:
        # A person first met in a provider's cast becomes this curated person (no twin).
        await conn.execute(
            "UPDATE people SET origin = 'catalog' WHERE id = (SELECT id FROM people "
            "WHERE name = ? AND origin = 'provider' ORDER BY id LIMIT 1) AND NOT EXISTS "
            "(SELECT 1 FROM people WHERE name = ? AND origin = 'catalog')",
            (person["name"], person["name"]),
        )
        async with conn.execute(
            "INSERT INTO people (name, name_ko, normalized, bio, bio_source_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) WHERE origin = 'catalog' "
            "DO UPDATE SET name_ko = excluded.name_ko, "
            "normalized = excluded.normalized, bio = excluded.bio, "
            "bio_source_id = excluded.bio_source_id RETURNING id",
            (
                person["name"],
                person.get("name_ko"),
                normalize(person["name"]),
                person.get("bio"),
                src(person),
            ),
        ) as cursor:
            row = await cursor.fetchone()
            assert row is not None
            person_ids[person["name"]] = row[0]

    for show in data.get("shows") or []:
        based_on, summary = show.get("based_on"), show.get("summary")
        async with conn.execute(
            "INSERT INTO shows (slug, title, title_ko, kind, country, based_on, "
            "based_on_source_id, summary, summary_source_id, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'catalog') ON CONFLICT(slug) DO UPDATE SET "
            "title = excluded.title, title_ko = excluded.title_ko, title_ko_source_id = NULL, "
            "kind = excluded.kind, kind_source_id = NULL, "
            "country = excluded.country, country_source_id = NULL, based_on = excluded.based_on, "
            "based_on_source_id = excluded.based_on_source_id, summary = excluded.summary, "
            "summary_source_id = excluded.summary_source_id, origin = 'catalog' RETURNING id",
            (
                show["slug"],
                show["title"],
                show.get("title_ko"),
                # No default: a kind no source gives is unknown (a provider may fill it).
                show.get("kind", "unknown"),
                show.get("country"),
                based_on and based_on["text"],
                src(based_on),
                summary and summary["text"],
                src(summary),
            ),
        ) as cursor:
            row = await cursor.fetchone()
            assert row is not None
            show_id: int = row[0]
        # Facts the file leaves empty go back to what the providers said, if anything.
        await refresh_effective(conn, show_id)
        season_ids: dict[int, int] = {}
        for season in show.get("seasons") or []:
            async with conn.execute(
                "INSERT INTO seasons (show_id, number, title, title_ko, episodes, "
                "episodes_source_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(show_id, number) "
                "DO UPDATE SET title = excluded.title, title_ko = excluded.title_ko, "
                "episodes = excluded.episodes, episodes_source_id = excluded.episodes_source_id "
                "RETURNING id",
                (
                    show_id,
                    season["number"],
                    season.get("title"),
                    season.get("title_ko"),
                    season.get("episodes"),
                    src(season, "episodes_source"),
                ),
            ) as cursor:
                row = await cursor.fetchone()
                assert row is not None
                season_id: int = row[0]
                season_ids[season["number"]] = season_id
            await _sync_rows(
                conn,
                "releases",
                ("season_id", "platform", "release_date", "is_original", "source_id"),
                "season_id = ?",
                (season_id,),
                [
                    (season_id, r["platform"], r.get("date"), int(bool(r.get("original"))), src(r))
                    for r in season.get("releases") or []
                ],
            )
        # Chart-made aliases are the chart importer's and provider ones the enrichment's;
        # only curated ones are synced here, and a curated name takes over a provider's.
        curated_aliases = [
            (show_id, a["alias"], a["kind"], normalize(a["alias"]), src(a))
            for a in show.get("aliases") or []
            if normalize(a["alias"])
        ]
        await conn.executemany(
            f"DELETE FROM aliases WHERE show_id = ? AND normalized = ? AND {_BY_PROVIDER}",  # noqa: S608
            [(show_id, alias[3]) for alias in curated_aliases],
        )
        await _sync_rows(
            conn,
            "aliases",
            ("show_id", "alias", "kind", "normalized", "source_id"),
            f"show_id = ? AND kind != 'chart' AND NOT {_BY_PROVIDER}",
            (show_id,),
            curated_aliases,
        )
        await _sync_rows(
            conn,
            "credits",
            (
                "person_id",
                "show_id",
                "season_id",
                "character",
                "role",
                "description",
                "billing",
                "source_id",
            ),
            f"show_id = ? AND NOT {_BY_PROVIDER}",
            (show_id,),
            [
                (
                    person_ids[c["person"]],
                    show_id,
                    season_ids.get(c.get("season") or 0),
                    c.get("character"),
                    c["role"],
                    c.get("description"),
                    billing,
                    src(c),
                )
                for billing, c in enumerate(show.get("credits") or [])
            ],
        )
        await _sync_rows(
            conn,
            "ratings",
            ("show_id", "season_id", "name", "value", "scale", "as_of", "source_id"),
            "show_id = ?",
            (show_id,),
            [
                (
                    show_id,
                    season_ids.get(r.get("season") or 0),
                    r["name"],
                    float(r["value"]),
                    float(r["scale"]),
                    r.get("as_of"),
                    src(r),
                )
                for r in show.get("ratings") or []
            ],
        )
        await _sync_rows(
            conn,
            "facts",
            ("show_id", "season_id", "text", "source_id"),
            "show_id = ?",
            (show_id,),
            [
                (show_id, season_ids.get(f.get("season") or 0), f["text"], src(f))
                for f in show.get("facts") or []
            ],
        )


async def _sync_rows(
    conn: aiosqlite.Connection,
    table: str,
    columns: tuple[str, ...],
    where: str,
    params: tuple[Any, ...],
    rows: list[tuple[Any, ...]],
) -> None:
    """Make the rows matching `where` exactly `rows`, touching nothing when they already are.

    Leaving identical rows alone keeps their ids, so loading the same file twice changes
    nothing at all. Table, column and filter names come from this module, never from input.
    """
    names = ", ".join(columns)
    async with conn.execute(f"SELECT {names} FROM {table} WHERE {where}", params) as cursor:  # noqa: S608
        existing = [tuple(row) for row in await cursor.fetchall()]
    if sorted(existing, key=repr) == sorted(rows, key=repr):
        return
    await conn.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
    marks = ", ".join("?" * len(columns))
    await conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


async def load_catalog(db: Database, raw: bytes, name: str) -> LoadResult:
    """Validate then write in one transaction; raises CatalogFormatError before any write."""
    data = parse_catalog(raw, name)
    async with db.transaction() as conn:
        await mark_changed(conn)  # running bots refresh (db/generation.py)
        await _write(conn, data)
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('catalog_loaded_at', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),),
        )
    return LoadResult(
        shows=len(data.get("shows") or []),
        people=len(data.get("people") or []),
        sources=len(data.get("sources") or {}),
    )


async def load_seed(db: Database, path: Path = SEED_PATH) -> LoadResult:
    """Load the bundled catalog on first run and whenever the bundled file changes."""
    raw = await asyncio.to_thread(path.read_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    if await db.fetchval("SELECT value FROM meta WHERE key = 'seed_sha256'") == digest:
        return LoadResult(0, 0, 0, skipped=True)
    # Loading is idempotent, so a crash between the load and this mark only means the
    # next start loads the same file again.
    result = await load_catalog(db, raw, path.name)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('seed_sha256', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (digest,),
        )
    return result
