"""Followed shows per channel, and which episode posts are due: the only SQL for follows."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from core.airing import MAX_FOLLOWS, AiringShow
from core.errors import UserError
from core.i18n import Text, deferred_plural
from core.providers import ProviderRef
from core.shards import Ownership
from db.airing import show_from_row
from db.announce import owned_filter, parse_stamp, stamp
from db.announce_rows import load_reason, store_reason
from db.connection import Database

_SELECT = (
    "SELECT f.*, s.provider AS s_provider, s.provider_id AS s_provider_id, s.name AS s_name, "
    "s.network AS s_network, s.streaming AS s_streaming, s.language AS s_language, "
    "s.country AS s_country, s.kind AS s_kind, s.status AS s_status, s.ended AS s_ended, "
    "s.url AS s_url, s.completed_at AS s_completed_at, l.locale AS server_language "
    "FROM airing_follows f "
    "JOIN airing_shows s ON s.provider = f.provider AND s.provider_id = f.show_id "
    "LEFT JOIN server_languages l ON l.guild_id = f.guild_id"
)
#: Leave the follow's post language as it is (`follow`'s default).
KEEP = "keep"
#: Episodes older than this are never posted, however long the bot was down.
LOOKBACK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Follow:
    id: int
    guild_id: int
    channel_id: int
    show: AiringShow
    role_id: int | None
    since: dt.datetime
    paused_reason: Text | None
    paused_at: dt.datetime | None
    ended_noted_at: dt.datetime | None
    completed_at: dt.datetime | None
    created_by: int
    created_at: dt.datetime
    #: The post language the admins chose for this follow (None: the server's).
    language: str | None = None
    #: The server's `/settings language` choice, read with the follow (None: not chosen).
    server_language: str | None = None

    @property
    def active(self) -> bool:
        return self.paused_reason is None


@dataclass(frozen=True)
class DueEpisode:
    follow: Follow
    episode_id: int
    airstamp: dt.datetime


def _follow(row: sqlite3.Row) -> Follow:
    since, created = parse_stamp(row["since"]), parse_stamp(row["created_at"])
    assert since is not None and created is not None
    return Follow(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        show=show_from_row(row, "s_"),
        role_id=row["role_id"],
        since=since,
        paused_reason=load_reason(row["paused_reason"]),
        paused_at=parse_stamp(row["paused_at"]),
        ended_noted_at=parse_stamp(row["ended_noted_at"]),
        completed_at=parse_stamp(row["s_completed_at"]),
        created_by=row["created_by"],
        created_at=created,
        language=row["language"],
        server_language=row["server_language"],
    )


class FollowRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def follow(
        self,
        *,
        guild_id: int,
        channel_id: int,
        show: ProviderRef,
        role_id: int | None,
        by: int,
        now: dt.datetime,
        language: str | None = KEEP,
    ) -> tuple[Follow, bool]:
        """Follow `show` in the channel, or update (and resume) the existing follow. Posts
        start with episodes airing from now on: following never posts a backlog.
        `language`: the posts' language tag, None for the server's, KEEP to leave an
        existing follow's as it is (a new one then takes the server's)."""
        keep = language == KEEP
        chosen = None if keep else language
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT id, paused_reason FROM airing_follows "
                "WHERE channel_id = ? AND provider = ? AND show_id = ?",
                (channel_id, show.provider, show.id),
            ) as cursor:
                existing = await cursor.fetchone()
            if existing is not None:
                resumed = existing["paused_reason"] is not None
                await conn.execute(
                    "UPDATE airing_follows SET role_id = ?, updated_at = ?, paused_reason = NULL, "
                    "paused_at = NULL, since = CASE WHEN ? THEN ? ELSE since END, "
                    "language = CASE WHEN ? THEN language ELSE ? END WHERE id = ?",
                    (role_id, stamp(now), resumed, stamp(now), keep, chosen, existing["id"]),
                )
                follow_id, created = int(existing["id"]), False
            else:
                async with conn.execute(
                    "SELECT COUNT(*) FROM airing_follows WHERE guild_id = ?", (guild_id,)
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] >= MAX_FOLLOWS:
                    raise UserError(
                        deferred_plural(
                            "This server already follows {count} show, the most allowed. Stop "
                            "following one with `/airing unfollow` first.",
                            "This server already follows {count} shows, the most allowed. Stop "
                            "following one with `/airing unfollow` first.",
                            MAX_FOLLOWS,
                            count=MAX_FOLLOWS,
                        )
                    )
                cursor = await conn.execute(
                    "INSERT INTO airing_follows (guild_id, channel_id, provider, show_id, role_id, "
                    "since, created_by, created_at, updated_at, language) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        guild_id,
                        channel_id,
                        show.provider,
                        show.id,
                        role_id,
                        stamp(now),
                        by,
                        stamp(now),
                        stamp(now),
                        chosen,
                    ),
                )
                assert cursor.lastrowid is not None
                follow_id, created = cursor.lastrowid, True
        found = await self.get(follow_id)
        assert found is not None
        return found, created

    async def add_many(
        self, follows: Sequence[tuple[int, int, ProviderRef]], by: int, now: dt.datetime
    ) -> int:
        """Bulk (guild, channel, show) follows in one transaction, for imports and the
        benchmark; existing ones are kept. Refuses a batch that would take a server past
        MAX_FOLLOWS."""
        per_guild: dict[int, int] = {}
        for guild_id, _, _ in follows:
            per_guild[guild_id] = per_guild.get(guild_id, 0) + 1
        if per_guild and max(per_guild.values()) > MAX_FOLLOWS:
            raise UserError(
                deferred_plural(
                    "A server may follow at most {count} show.",
                    "A server may follow at most {count} shows.",
                    MAX_FOLLOWS,
                    count=MAX_FOLLOWS,
                )
            )
        async with self.db.transaction() as conn:
            cursor = await conn.executemany(
                "INSERT OR IGNORE INTO airing_follows (guild_id, channel_id, provider, show_id, "
                "since, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (g, c, ref.provider, ref.id, stamp(now), by, stamp(now), stamp(now))
                    for g, c, ref in follows
                ],
            )
            return cursor.rowcount

    async def get(self, follow_id: int) -> Follow | None:
        row = await self.db.fetchone(f"{_SELECT} WHERE f.id = ?", (follow_id,))
        return None if row is None else _follow(row)

    async def in_guild(self, guild_id: int) -> list[Follow]:
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE f.guild_id = ? ORDER BY s.name, f.id", (guild_id,)
        )
        return [_follow(row) for row in rows]

    async def remove(self, guild_id: int, follow_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM airing_follows WHERE id = ? AND guild_id = ?", (follow_id, guild_id)
            )
            return cursor.rowcount > 0

    async def pause(self, follow_id: int, reason: Text | str, now: dt.datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE airing_follows SET paused_reason = ?, paused_at = ?, updated_at = ? "
                "WHERE id = ?",
                (store_reason(reason), stamp(now), stamp(now), follow_id),
            )

    async def followed_shows(self) -> list[ProviderRef]:
        """Every show some active follow wants, for the daily episode refresh."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT f.provider, f.show_id FROM airing_follows f JOIN airing_shows s "
            "ON s.provider = f.provider AND s.provider_id = f.show_id "
            "WHERE f.paused_reason IS NULL AND s.completed_at IS NULL ORDER BY 1, 2"
        )
        return [ProviderRef(row[0], row[1]) for row in rows]

    async def due(
        self, cutoff: dt.datetime, ownership: Ownership | None = None
    ) -> list[DueEpisode]:
        """Episodes aired at or before `cutoff` (within LOOKBACK), after the follow began,
        not cancelled and not posted yet, for every active follow (of guilds on
        `ownership`'s shards, when given); by follow, then time."""
        owned, params = owned_filter(ownership or Ownership(), "f.guild_id")
        rows = await self.db.fetchall(
            f"SELECT * FROM ({_SELECT}) f JOIN (SELECT provider AS e_provider, show_id AS "  # noqa: S608
            "e_show_id, id AS episode_id, airstamp AS e_airstamp FROM airing_episodes "
            "WHERE cancelled = 0 AND airstamp <= ? AND airstamp > ?) e "
            "ON e.e_provider = f.provider AND e.e_show_id = f.show_id "
            f"WHERE f.paused_reason IS NULL AND {owned} AND e.e_airstamp >= f.since "
            "AND NOT EXISTS ("
            "SELECT 1 FROM airing_deliveries d WHERE d.follow_id = f.id "
            "AND d.item = 'ep:' || e.episode_id AND d.state = 'sent') "
            "ORDER BY f.id, e.e_airstamp, e.episode_id",
            (stamp(cutoff), stamp(cutoff - LOOKBACK), *params),
        )
        due = []
        follows: dict[int, Follow] = {}
        for row in rows:
            follow = follows.get(row["id"])
            if follow is None:
                follow = follows[row["id"]] = _follow(row)
            air = parse_stamp(row["e_airstamp"])
            assert air is not None
            due.append(DueEpisode(follow, row["episode_id"], air))
        return due

    async def ended_unnoted(self, ownership: Ownership | None = None) -> list[Follow]:
        """Active follows of a completed show that have not said so yet."""
        owned, params = owned_filter(ownership or Ownership(), "f.guild_id")
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE f.paused_reason IS NULL AND s.completed_at IS NOT NULL "
            f"AND f.ended_noted_at IS NULL AND {owned} ORDER BY f.id",
            params,
        )
        return [_follow(row) for row in rows]

    async def note_ended(self, follow_id: int, now: dt.datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE airing_follows SET ended_noted_at = ? WHERE id = ?",
                (stamp(now), follow_id),
            )

    async def count(self) -> int:
        return int(await self.db.fetchval("SELECT COUNT(*) FROM airing_follows"))
