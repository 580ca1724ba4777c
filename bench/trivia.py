"""Benchmark: trivia question picks, answer checks and leaderboards at scale.

Builds 5,000 entries in each of 100 servers (500,000 entries) plus the bundled set, and
100,000 score rows, in a temporary database; then times what `/trivia play`,
an answer and `/trivia leaderboard` do. Run: `python bench/trivia.py` (about a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import prepare_database
from core.text import normalize
from core.trivia.answers import AnswerKey
from core.trivia.fields import MAX_ENTRIES_PER_SERVER
from core.trivia.game import Win
from db.connection import Database
from db.trivia import TriviaRepository, stamp
from db.trivia_scores import ScoreRepository, week_start

WORDS = [
    "hero",
    "school",
    "friend",
    "union",
    "gang",
    "webtoon",
    "season",
    "platform",
    "actor",
    "character",
    "episode",
    "netflix",
    "wavve",
    "drama",
    "variety",
    "chart",
    "week",
    "record",
    "premiere",
    "apartment",
    "monster",
    "heiress",
    "officer",
    "accident",
    "spin-off",
    "hospital",
    "resident",
    "reboot",
    "channel",
    "broadcaster",
    "title",
]
ANSWERS = [
    "Park Ji-hoon",
    "Eunjang High School",
    "Hospital Playlist",
    "언젠가는 슬기로울 전공의생활",
    "약한영웅",
    "Wavve",
    "Crash Landing on You",
    "Paragliding accident",
    "68 million",
]
NOW = dt.datetime(2025, 4, 30, 12, tzinfo=dt.UTC)
SPREAD = 1000  # servers 1000..1099 share 100,000 score rows
CROWDED = 5000  # one server holds another 100,000 on its own: the worst case


def question(rng: random.Random, n: int) -> str:
    return f"{' '.join(rng.choices(WORDS, k=8)).capitalize()} number {n}?"


async def fill_entries(db: Database, servers: int, per_server: int, rng: random.Random) -> None:
    show_ids = [row[0] for row in await db.fetchall("SELECT id FROM shows")]
    when = stamp(NOW)
    async with db.transaction() as conn:
        for guild in range(1, servers + 1):
            rows = []
            for n in range(1, per_server + 1):
                text = question(rng, n)
                answer = rng.choice(ANSWERS)
                rows.append(
                    (
                        guild,
                        n,
                        text,
                        answer,
                        json.dumps([answer.lower()], ensure_ascii=False),
                        normalize(text),
                        rng.choice(show_ids) if n % 2 else None,
                        rng.choice(("easy", "medium", "hard")),
                        guild,
                        when,
                        guild,
                        when,
                    )
                )
            await conn.executemany(
                "INSERT INTO trivia_entries (guild_id, number, question, answer, aliases, "
                "normalized, show_id, difficulty, created_by, created_at, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )


async def fill_scores(
    db: Database, rows: int, first: int, servers: int, members: int, rng: random.Random
) -> None:
    """`rows` wins spread over `servers` (ids from `first`) and the totals kept in step."""
    wins = []
    for n in range(rows):
        at = NOW - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 90))
        guild = first + rng.randrange(servers)
        wins.append(
            (
                guild,
                rng.randrange(members),
                f"g{first}-{n}",
                1,
                None,
                rng.randint(1, 3),
                900,
                stamp(at),
            )
        )
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO trivia_wins (guild_id, user_id, game, round, entry_id, points, "
            "answer_ms, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            wins,
        )
        await conn.execute(
            "INSERT INTO trivia_totals (guild_id, user_id, points, wins) "
            "SELECT guild_id, user_id, sum(points), count(*) FROM trivia_wins "
            "WHERE guild_id BETWEEN ? AND ? GROUP BY guild_id, user_id",
            (first, first + servers - 1),
        )
        weekly: dict[tuple[int, str, int], list[int]] = {}
        for guild, user, _, _, _, points, _, stamped in wins:
            key = (guild, week_start(dt.datetime.fromisoformat(stamped)).isoformat(), user)
            total = weekly.setdefault(key, [0, 0])
            total[0] += points
            total[1] += 1
        await conn.executemany(
            "INSERT INTO trivia_weekly (guild_id, week, user_id, points, wins) "
            "VALUES (?, ?, ?, ?, ?)",
            [(*key, p, w) for key, (p, w) in weekly.items()],
        )


async def timed(runs: int, step: Callable[[int], Awaitable[object]]) -> list[float]:
    samples = []
    for n in range(runs):
        start = time.perf_counter()
        await step(n)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float], target: float | None = None) -> None:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    verdict = "" if target is None else ("  OK" if p99 <= target else f"  OVER {target} ms")
    print(f"{label:<58} p50 {p50:7.3f} ms   p99 {p99:7.3f} ms{verdict}")


async def main(servers: int, per_server: int, score_rows: int, runs: int) -> None:
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as folder:
        db = await prepare_database(Path(folder) / "bench.sqlite3")
        try:
            started = time.perf_counter()
            await fill_entries(db, servers, per_server, rng)
            await fill_scores(db, score_rows, SPREAD, 100, 2_000, rng)
            await fill_scores(db, score_rows, CROWDED, 1, 2_000, rng)
            await db.raw.execute("ANALYZE")
            total = await db.fetchval("SELECT count(*) FROM trivia_entries")
            print(
                f"{total:,} entries ({servers} servers x {per_server:,} + bundled), "
                f"{score_rows:,} score rows over 100 servers and {score_rows:,} in one; "
                f"built in {time.perf_counter() - started:.1f} s"
            )
            entries, scores = TriviaRepository(db), ScoreRepository(db)
            show_ids = [row[0] for row in await db.fetchall("SELECT id FROM shows")]

            async def pick(n: int) -> object:
                return await entries.pick(1 + n % servers, 10, rng=rng)

            async def pick_show(n: int) -> object:
                return await entries.pick(1 + n % servers, 10, show_id=show_ids[n % len(show_ids)])

            report("/trivia play: pick 10 questions of 5,000 + bundled", await timed(runs, pick), 5)
            report("/trivia play show:...: pick 10 about one show", await timed(runs, pick_show), 5)

            keys = [AnswerKey(a, [a.lower(), "Alias number two"]) for a in ANSWERS]
            guesses = ["park jihon", "Wrong answer entirely", "약한영옹", "hospitl playlst"]
            guesses += ["x" * 200, "68 milion", "eunjang high", "crash landing on yu"]

            async def check(n: int) -> object:
                return keys[n % len(keys)].accepts(guesses[n % len(guesses)])

            report(
                "answer check (fold + Levenshtein over all forms)", await timed(runs * 5, check), 5
            )

            async def win(n: int) -> object:
                return await scores.record_win(
                    Win(f"bench-{n}", SPREAD, n % 50, f"m{n}", 1, None, 2, 1200, NOW)
                )

            report("winning answer: record the win and totals (one write)", await timed(runs, win))
            week = week_start(NOW)

            async def board_all(n: int) -> object:
                return await scores.leaderboard(SPREAD + n % 100)

            async def board_week(n: int) -> object:
                return await scores.leaderboard(SPREAD + n % 100, week)

            report(
                "/trivia leaderboard all (100k rows over 100 servers)",
                await timed(runs, board_all),
                10,
            )
            report(
                "/trivia leaderboard week (100k rows over 100 servers)",
                await timed(runs, board_week),
                10,
            )
            report(
                "/trivia leaderboard all (100k rows in one server)",
                await timed(runs, lambda n: scores.leaderboard(CROWDED)),
                10,
            )
            report(
                "/trivia leaderboard week (100k rows in one server)",
                await timed(runs, lambda n: scores.leaderboard(CROWDED, week)),
                10,
            )
            report(
                "/trivia stats (100k rows in one server)",
                await timed(runs, lambda n: scores.stats(CROWDED, n % 2000, NOW)),
            )
        finally:
            await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=100)
    parser.add_argument("--entries", type=int, default=MAX_ENTRIES_PER_SERVER)
    parser.add_argument("--scores", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()
    asyncio.run(main(args.servers, args.entries, args.scores, args.runs))
