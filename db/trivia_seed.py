"""The bundled trivia set (db/seed/trivia.json): every answer is a catalog fact with its source.

Loaded after the catalog seed, on first run and whenever the file changes; loading is
idempotent (entries are matched by their `key`), and entries dropped from the file go away.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.trivia.fields import EntryError, draft
from db.connection import Database
from db.trivia import BUNDLED, stamp

TRIVIA_SEED_PATH = Path(__file__).with_name("seed") / "trivia.json"
FORMAT_VERSION = 1
SYSTEM_USER = 0  # "added by" for bundled entries
_KEYS = {"key", "show", "question", "answer", "aliases", "difficulty", "source"}


class TriviaSeedError(ValueError):
    """The bundled trivia file is broken; the message names the entry and the reason."""


@dataclass(frozen=True)
class SeedEntry:
    key: str
    show: str
    source: str
    question: str
    answer: str
    aliases: tuple[str, ...]
    difficulty: str


def parse_seed(raw: bytes) -> list[SeedEntry]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TriviaSeedError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise TriviaSeedError(f"must be an object with format {FORMAT_VERSION}")
    entries: list[SeedEntry] = []
    keys: set[str] = set()
    for index, item in enumerate(data.get("entries") or []):
        where = f"entries[{index}]"
        if not isinstance(item, dict) or set(item) - _KEYS:
            raise TriviaSeedError(f"{where}: must be an object with keys {sorted(_KEYS)}")
        for name in ("key", "show", "source", "question", "answer"):
            if not isinstance(item.get(name), str):
                raise TriviaSeedError(f"{where}.{name}: is required text")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise TriviaSeedError(f"{where}.aliases: must be a list of text")
        try:
            clean = draft(item["question"], item["answer"], aliases, item.get("difficulty"))
        except EntryError as exc:
            raise TriviaSeedError(f"{where}: {exc.message}") from None
        if item["key"] in keys:
            raise TriviaSeedError(f"{where}.key: {item['key']!r} is used twice")
        keys.add(item["key"])
        entries.append(
            SeedEntry(
                key=item["key"],
                show=item["show"],
                source=item["source"],
                question=clean.question,
                answer=clean.answer,
                aliases=clean.aliases,
                difficulty=clean.difficulty,
            )
        )
    return entries


async def _ids(db: Database, table: str, column: str) -> dict[str, int]:
    rows = await db.fetchall(f"SELECT {column}, id FROM {table}")  # noqa: S608
    return {row[0]: row[1] for row in rows}


async def load_trivia_seed(db: Database, path: Path = TRIVIA_SEED_PATH) -> int | None:
    """Load the bundled set; returns how many entries it holds, or None when unchanged."""
    raw = await asyncio.to_thread(path.read_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    if await db.fetchval("SELECT value FROM meta WHERE key = 'trivia_seed_sha256'") == digest:
        return None
    entries = parse_seed(raw)
    shows = await _ids(db, "shows", "slug")
    sources = await _ids(db, "sources", "key")
    for entry in entries:
        if entry.show not in shows:
            raise TriviaSeedError(f"{entry.key}: show {entry.show!r} is not in the catalog")
        if entry.source not in sources:
            raise TriviaSeedError(f"{entry.key}: source {entry.source!r} is not in the catalog")
    now = stamp(dt.datetime.now(dt.UTC))
    async with db.transaction() as conn:
        marks = ", ".join("?" for _ in entries)
        await conn.execute(
            f"DELETE FROM trivia_entries WHERE guild_id = ? AND seed_key NOT IN ({marks})",  # noqa: S608
            [BUNDLED, *(entry.key for entry in entries)],
        )
        for entry in entries:
            values: dict[str, Any] = {
                "question": entry.question,
                "answer": entry.answer,
                "aliases": json.dumps(list(entry.aliases), ensure_ascii=False),
                "normalized": draft(entry.question, entry.answer).normalized,
                "show_id": shows[entry.show],
                "difficulty": entry.difficulty,
                "source_id": sources[entry.source],
            }
            await conn.execute(
                "INSERT INTO trivia_entries (guild_id, number, seed_key, question, answer, "
                "aliases, normalized, show_id, difficulty, source_id, created_by, created_at, "
                "updated_by, updated_at) VALUES (:guild, (SELECT coalesce(max(number), 0) + 1 "
                "FROM trivia_entries WHERE guild_id = :guild), :key, :question, :answer, :aliases, "
                ":normalized, :show_id, :difficulty, :source_id, :user, :now, :user, :now) "
                "ON CONFLICT(seed_key) DO UPDATE SET question = excluded.question, "
                "answer = excluded.answer, aliases = excluded.aliases, "
                "normalized = excluded.normalized, show_id = excluded.show_id, "
                "difficulty = excluded.difficulty, source_id = excluded.source_id, "
                "updated_at = excluded.updated_at "
                "WHERE trivia_entries.question IS NOT excluded.question "
                "OR trivia_entries.answer IS NOT excluded.answer "
                "OR trivia_entries.aliases IS NOT excluded.aliases "
                "OR trivia_entries.show_id IS NOT excluded.show_id "
                "OR trivia_entries.difficulty IS NOT excluded.difficulty "
                "OR trivia_entries.source_id IS NOT excluded.source_id",
                {**values, "guild": BUNDLED, "key": entry.key, "user": SYSTEM_USER, "now": now},
            )
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES ('trivia_seed_sha256', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (digest,),
        )
    return len(entries)
