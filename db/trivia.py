"""Trivia entries and per-server trivia settings: the only SQL that touches them."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from core.errors import NotFoundError
from core.trivia.fields import MAX_ENTRIES_PER_SERVER, EntryDraft, EntryError
from core.trivia.messages import (
    asked_already,
    changed_since_asked,
    no_entry,
    server_full,
    too_many_to_import,
)
from db.connection import Database

BUNDLED = 0  # the guild_id of the bundled global set
_COLUMNS = (
    "e.id, e.guild_id, e.number, e.question, e.answer, e.aliases, e.difficulty, e.show_id, "
    "s.title AS show_title, e.created_by, e.created_at, e.updated_by, e.updated_at"
)
_FROM = "trivia_entries e LEFT JOIN shows s ON s.id = e.show_id"


@dataclass(frozen=True)
class TriviaEntry:
    id: int
    guild_id: int
    number: int  # what moderators see and type; `id` is internal
    question: str
    answer: str
    aliases: tuple[str, ...]
    difficulty: str
    show_id: int | None
    show_title: str | None
    created_by: int
    created_at: dt.datetime
    updated_by: int
    updated_at: dt.datetime

    @property
    def bundled(self) -> bool:
        return self.guild_id == BUNDLED


@dataclass(frozen=True)
class TriviaSettings:
    guild_id: int
    role_id: int | None
    bundled_enabled: bool


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


def _by_guild(slots: list[int], spans: list[tuple[int, int]]) -> dict[int, list[int]]:
    """Slot numbers over the servers' concatenated 1..max ranges → numbers per server."""
    out: dict[int, list[int]] = {}
    for slot in slots:
        rest = slot
        for guild, top in spans:
            if rest < top:
                out.setdefault(guild, []).append(rest + 1)
                break
            rest -= top
    return out


def stamp(moment: dt.datetime) -> str:
    """Aware datetimes only, stored as UTC ISO text that sorts by time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _entry(row: sqlite3.Row) -> TriviaEntry:
    return TriviaEntry(
        id=row["id"],
        guild_id=row["guild_id"],
        number=row["number"],
        question=row["question"],
        answer=row["answer"],
        aliases=tuple(json.loads(row["aliases"])),
        difficulty=row["difficulty"],
        show_id=row["show_id"],
        show_title=row["show_title"],
        created_by=row["created_by"],
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_by=row["updated_by"],
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
    )


async def _fetchval(conn: aiosqlite.Connection, sql: str, params: Sequence[object]) -> Any:
    async with conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
        return None if row is None else row[0]


class TriviaRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------

    async def get(self, guild_id: int, number: int) -> TriviaEntry:
        """One of this server's entries by its number; nothing of another server's is found."""
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? AND e.number = ?",  # noqa: S608
            (guild_id, number),
        )
        if row is None:
            raise NotFoundError(no_entry(number))
        return _entry(row)

    async def count(self, guild_id: int, show_id: int | None = None) -> int:
        sql = "SELECT count(*) FROM trivia_entries WHERE guild_id = ?"
        params: list[object] = [guild_id]
        if show_id is not None:
            sql += " AND show_id = ?"
            params.append(show_id)
        return int(await self.db.fetchval(sql, params))

    async def page(
        self, guild_id: int, show_id: int | None, page: int, per_page: int
    ) -> list[TriviaEntry]:
        where = "e.guild_id = ?" + ("" if show_id is None else " AND e.show_id = ?")
        params: list[object] = [guild_id] if show_id is None else [guild_id, show_id]
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE {where} "  # noqa: S608
            "ORDER BY e.number LIMIT ? OFFSET ?",
            [*params, per_page, (page - 1) * per_page],
        )
        return [_entry(row) for row in rows]

    async def all(self, guild_id: int) -> list[TriviaEntry]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? ORDER BY e.number",  # noqa: S608
            (guild_id,),
        )
        return [_entry(row) for row in rows]

    async def pick(
        self,
        guild_id: int,
        count: int,
        *,
        show_id: int | None = None,
        bundled: bool = True,
        rng: random.Random | None = None,
    ) -> list[TriviaEntry]:
        """Up to `count` different entries, uniformly at random, from the server's set (and
        the bundled one)."""
        rng = rng or random.Random()  # noqa: S311 - picking quiz questions, not secrets
        guilds = [guild_id, BUNDLED] if bundled and guild_id != BUNDLED else [guild_id]
        if show_id is None:
            picked = await self._pick_by_number(guilds, count, rng)
            if picked is not None:
                return picked
        return await self._pick_by_id(guilds, count, show_id, rng)

    async def _pick_by_number(
        self, guilds: list[int], count: int, rng: random.Random
    ) -> list[TriviaEntry] | None:
        """Draw numbers 1..max per server and keep those that exist: a few index lookups
        instead of reading every id. Uniform over existing entries (rejection sampling);
        None when removals left too many gaps for that to pay off."""
        spans: list[tuple[int, int]] = []  # (guild, highest number)
        existing = 0
        for guild in guilds:
            row = await self.db.fetchone(
                "SELECT count(*), coalesce(max(number), 0) FROM trivia_entries WHERE guild_id = ?",
                (guild,),
            )
            assert row is not None
            existing += row[0]
            spans.append((guild, row[1]))
        slots = sum(top for _, top in spans)
        if existing == 0:
            return []
        if existing * 2 < slots:
            return None
        want = min(count, existing)
        tried: set[int] = set()
        found: dict[int, TriviaEntry] = {}
        for _ in range(4):
            fresh = [
                s for s in rng.sample(range(slots), min(slots, want * 2 + 4)) if s not in tried
            ]
            tried.update(fresh)
            for guild, numbers in _by_guild(fresh, spans).items():
                marks = ", ".join("?" for _ in numbers)
                rows = await self.db.fetchall(
                    f"SELECT {_COLUMNS} FROM {_FROM} "  # noqa: S608
                    f"WHERE e.guild_id = ? AND e.number IN ({marks})",
                    [guild, *numbers],
                )
                for row in rows:
                    found.setdefault(row["id"], _entry(row))
            if len(found) >= want:
                chosen = list(found.values())
                rng.shuffle(chosen)
                return chosen[:want]
        return None

    async def _pick_by_id(
        self, guilds: list[int], count: int, show_id: int | None, rng: random.Random
    ) -> list[TriviaEntry]:
        marks = ", ".join("?" for _ in guilds)
        where = f"guild_id IN ({marks})" + ("" if show_id is None else " AND show_id = ?")
        params: list[object] = [*guilds] if show_id is None else [*guilds, show_id]
        # Only ids travel here (a covering index scan); full rows are read for the few picked.
        async with self.db.raw.execute(
            f"SELECT id FROM trivia_entries WHERE {where}",  # noqa: S608
            params,
        ) as cursor:
            ids = [row[0] for row in await cursor.fetchall()]
        chosen = rng.sample(ids, min(count, len(ids)))
        if not chosen:
            return []
        marks = ", ".join("?" for _ in chosen)
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.id IN ({marks})",  # noqa: S608
            chosen,
        )
        by_id = {row["id"]: _entry(row) for row in rows}
        return [by_id[entry_id] for entry_id in chosen if entry_id in by_id]

    # -- writing ---------------------------------------------------------------------------

    async def _check_new(
        self, conn: aiosqlite.Connection, guild_id: int, draft: EntryDraft, skip: int = 0
    ) -> None:
        existing = await _fetchval(
            conn,
            "SELECT number FROM trivia_entries WHERE guild_id = ? AND normalized = ? "
            "AND number != ?",
            (guild_id, draft.normalized, skip),
        )
        if existing is not None:
            raise EntryError(asked_already(existing))

    async def add(
        self, guild_id: int, draft: EntryDraft, user_id: int, now: dt.datetime
    ) -> TriviaEntry:
        async with self.db.transaction() as conn:
            total = await _fetchval(
                conn, "SELECT count(*) FROM trivia_entries WHERE guild_id = ?", (guild_id,)
            )
            if int(total) >= MAX_ENTRIES_PER_SERVER:
                raise EntryError(server_full())
            await self._check_new(conn, guild_id, draft)
            number = await self._insert(conn, guild_id, draft, user_id, now)
        return await self.get(guild_id, number)

    @staticmethod
    async def _insert(
        conn: aiosqlite.Connection,
        guild_id: int,
        draft: EntryDraft,
        user_id: int,
        now: dt.datetime,
        seed_key: str | None = None,
        source_id: int | None = None,
    ) -> int:
        """Insert with the server's next number, which it returns."""
        when = stamp(now)
        async with conn.execute(
            "INSERT INTO trivia_entries (guild_id, number, question, answer, aliases, "
            "normalized, show_id, difficulty, seed_key, source_id, created_by, created_at, "
            "updated_by, updated_at) VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM "
            "trivia_entries WHERE guild_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
            "?12, ?13) RETURNING number",
            (
                guild_id,
                draft.question,
                draft.answer,
                json.dumps(list(draft.aliases), ensure_ascii=False),
                draft.normalized,
                draft.show_id,
                draft.difficulty,
                seed_key,
                source_id,
                user_id,
                when,
                user_id,
                when,
            ),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def update(
        self, guild_id: int, number: int, draft: EntryDraft, user_id: int, now: dt.datetime
    ) -> TriviaEntry:
        async with self.db.transaction() as conn:
            found = await _fetchval(
                conn,
                "SELECT id FROM trivia_entries WHERE guild_id = ? AND number = ?",
                (guild_id, number),
            )
            if found is None:
                raise NotFoundError(no_entry(number))
            await self._check_new(conn, guild_id, draft, skip=number)
            await conn.execute(
                "UPDATE trivia_entries SET question = ?, answer = ?, aliases = ?, normalized = ?, "
                "show_id = ?, difficulty = ?, updated_by = ?, updated_at = ? "
                "WHERE guild_id = ? AND number = ?",
                (
                    draft.question,
                    draft.answer,
                    json.dumps(list(draft.aliases), ensure_ascii=False),
                    draft.normalized,
                    draft.show_id,
                    draft.difficulty,
                    user_id,
                    stamp(now),
                    guild_id,
                    number,
                ),
            )
        return await self.get(guild_id, number)

    async def remove(
        self, guild_id: int, number: int, expected: TriviaEntry | None = None
    ) -> TriviaEntry:
        """Delete entry #number; given `expected`, only if it is still exactly that entry
        (a confirmation comes late: the number, even the row id, may belong to a new one)."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.guild_id = ? AND e.number = ?",  # noqa: S608
                (guild_id, number),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None and expected is None:
                raise NotFoundError(no_entry(number))
            entry = None if row is None else _entry(row)
            if expected is not None and entry != expected:
                raise NotFoundError(changed_since_asked(number))
            assert entry is not None
            await conn.execute("DELETE FROM trivia_entries WHERE id = ?", (entry.id,))
        return entry

    async def import_many(
        self, guild_id: int, drafts: Sequence[EntryDraft], user_id: int, now: dt.datetime
    ) -> ImportResult:
        """All or nothing: entries whose question the server already has are skipped."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT normalized FROM trivia_entries WHERE guild_id = ?", (guild_id,)
            ) as cursor:
                present = {row[0] for row in await cursor.fetchall()}
            fresh = [d for d in drafts if d.normalized not in present]
            if len(present) + len(fresh) > MAX_ENTRIES_PER_SERVER:
                raise EntryError(too_many_to_import(len(fresh), len(present)))
            for draft in fresh:
                await self._insert(conn, guild_id, draft, user_id, now)
        return ImportResult(added=len(fresh), skipped=len(drafts) - len(fresh))

    # -- settings --------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> TriviaSettings:
        row = await self.db.fetchone(
            "SELECT role_id, bundled_enabled FROM trivia_settings WHERE guild_id = ?", (guild_id,)
        )
        if row is None:
            return TriviaSettings(guild_id, None, True)
        return TriviaSettings(guild_id, row["role_id"], bool(row["bundled_enabled"]))

    async def set_role(self, guild_id: int, role_id: int | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO trivia_settings (guild_id, role_id) VALUES (?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET role_id = excluded.role_id",
                (guild_id, role_id),
            )

    async def set_bundled(self, guild_id: int, enabled: bool) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO trivia_settings (guild_id, bundled_enabled) VALUES (?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET bundled_enabled = excluded.bundled_enabled",
                (guild_id, int(enabled)),
            )
