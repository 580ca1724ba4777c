"""Trivia wins, leaderboards, member stats and the running-games register."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from core.trivia.game import Win
from db.connection import Database
from db.trivia import stamp

BOARD_SIZE = 10


def week_start(moment: dt.datetime) -> dt.date:
    """The Monday (UTC) of the week holding `moment`; weeks run Monday to Sunday."""
    day = moment.astimezone(dt.UTC).date()
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: int
    points: int
    wins: int


@dataclass(frozen=True)
class MemberStats:
    user_id: int
    points: int
    wins: int
    rank: int | None
    week_points: int
    fastest_ms: int | None
    members_ranked: int


@dataclass(frozen=True)
class RunningGame:
    token: str
    guild_id: int
    channel_id: int
    starter_id: int
    message_id: int | None
    started_at: dt.datetime


class ScoreRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record_win(self, win: Win) -> bool:
        """Store a round's win and the running totals; False if the round already has one."""
        week = week_start(win.at).isoformat()
        try:
            async with self.db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO trivia_wins (guild_id, user_id, game, round, entry_id, points, "
                    "answer_ms, answered_at) VALUES (?, ?, ?, ?, "
                    "(SELECT id FROM trivia_entries WHERE id = ?), ?, ?, ?)",
                    (
                        win.guild_id,
                        win.user_id,
                        win.game,
                        win.round,
                        win.entry_id,
                        win.points,
                        win.answer_ms,
                        stamp(win.at),
                    ),
                )
                await conn.execute(
                    "INSERT INTO trivia_totals (guild_id, user_id, points, wins) "
                    "VALUES (?, ?, ?, 1) ON CONFLICT(guild_id, user_id) DO UPDATE SET "
                    "points = points + excluded.points, wins = wins + 1",
                    (win.guild_id, win.user_id, win.points),
                )
                await conn.execute(
                    "INSERT INTO trivia_weekly (guild_id, week, user_id, points, wins) "
                    "VALUES (?, ?, ?, ?, 1) ON CONFLICT(guild_id, week, user_id) DO UPDATE SET "
                    "points = points + excluded.points, wins = wins + 1",
                    (win.guild_id, week, win.user_id, win.points),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    async def leaderboard(
        self, guild_id: int, week: dt.date | None = None, limit: int = BOARD_SIZE
    ) -> list[BoardRow]:
        if week is None:
            rows = await self.db.fetchall(
                "SELECT user_id, points, wins FROM trivia_totals WHERE guild_id = ? "
                "ORDER BY points DESC, wins DESC, user_id LIMIT ?",
                (guild_id, limit),
            )
        else:
            rows = await self.db.fetchall(
                "SELECT user_id, points, wins FROM trivia_weekly WHERE guild_id = ? AND week = ? "
                "ORDER BY points DESC, wins DESC, user_id LIMIT ?",
                (guild_id, week.isoformat(), limit),
            )
        return [
            BoardRow(rank, row["user_id"], row["points"], row["wins"])
            for rank, row in enumerate(rows, 1)
        ]

    async def stats(self, guild_id: int, user_id: int, now: dt.datetime) -> MemberStats:
        total = await self.db.fetchone(
            "SELECT points, wins FROM trivia_totals WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        ranked = int(
            await self.db.fetchval(
                "SELECT count(*) FROM trivia_totals WHERE guild_id = ?", (guild_id,)
            )
        )
        week_points = await self.db.fetchval(
            "SELECT points FROM trivia_weekly WHERE guild_id = ? AND week = ? AND user_id = ?",
            (guild_id, week_start(now).isoformat(), user_id),
        )
        if total is None:
            return MemberStats(user_id, 0, 0, None, int(week_points or 0), None, ranked)
        # Ties share a rank: one more than those strictly ahead.
        ahead = await self.db.fetchval(
            "SELECT count(*) FROM trivia_totals WHERE guild_id = ? AND "
            "(points > ? OR (points = ? AND wins > ?))",
            (guild_id, total["points"], total["points"], total["wins"]),
        )
        fastest = await self.db.fetchval(
            "SELECT min(answer_ms) FROM trivia_wins WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return MemberStats(
            user_id=user_id,
            points=total["points"],
            wins=total["wins"],
            rank=int(ahead) + 1,
            week_points=int(week_points or 0),
            fastest_ms=fastest,
            members_ranked=ranked,
        )

    # -- running games ---------------------------------------------------------------------

    async def start_game(
        self,
        token: str,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        boot: str,
        now: dt.datetime,
    ) -> bool:
        """Register a game; False when a game of this process already runs in the channel.

        A row left by an earlier process (a game a restart ended) gives way to the new one.
        """
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT boot FROM trivia_games WHERE channel_id = ?", (channel_id,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None and row[0] == boot:
                return False
            await conn.execute("DELETE FROM trivia_games WHERE channel_id = ?", (channel_id,))
            await conn.execute(
                "INSERT INTO trivia_games (token, guild_id, channel_id, starter_id, boot, "
                "started_at) VALUES (?, ?, ?, ?, ?, ?)",
                (token, guild_id, channel_id, starter_id, boot, stamp(now)),
            )
        return True

    async def set_message(self, token: str, message_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE trivia_games SET message_id = ? WHERE token = ?", (message_id, token)
            )

    async def end_game(self, token: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM trivia_games WHERE token = ?", (token,))

    async def stale_games(self, boot: str) -> list[RunningGame]:
        """Games registered by an earlier process: a restart ended them."""
        rows = await self.db.fetchall(
            "SELECT token, guild_id, channel_id, starter_id, message_id, started_at "
            "FROM trivia_games WHERE boot != ? ORDER BY started_at",
            (boot,),
        )
        return [
            RunningGame(
                token=row["token"],
                guild_id=row["guild_id"],
                channel_id=row["channel_id"],
                starter_id=row["starter_id"],
                message_id=row["message_id"],
                started_at=dt.datetime.fromisoformat(row["started_at"]),
            )
            for row in rows
        ]
