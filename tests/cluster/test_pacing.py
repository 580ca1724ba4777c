"""One request budget for every process: pacers on two connections to one store share
the timeline, so together they keep one pacer's rate, and a global 429 holds both."""

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app import prepare_database
from db.connection import Database
from scheduler.cluster import StoreTimeline
from scheduler.pacing import SHARED_BATCH, Pacer

RATE = 100.0


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    first = await prepare_database(tmp_path / "shared.sqlite3")
    second = await Database.open(tmp_path / "shared.sqlite3")
    try:
        yield first, second
    finally:
        await second.close()
        await first.close()


async def take(pacer: Pacer, turns: int, stamps: list[float]) -> None:
    for _ in range(turns):
        key = await pacer.acquire()
        stamps.append(time.time())
        pacer.finished(key)


def timeline(db: Database) -> StoreTimeline:
    return StoreTimeline(lambda: db)


def busiest(stamps: list[float], window: float) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, t in enumerate(stamps):
        while t - stamps[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_two_processes_together_keep_one_rate(pair: tuple[Database, Database]) -> None:
    pacers = [Pacer(RATE, limit=1000, shared=timeline(db)) for db in pair]
    stamps: list[float] = []
    started = time.time()
    await asyncio.gather(*(take(p, 60, stamps) for p in pacers))
    elapsed = time.time() - started
    # 120 turns at 100/s: about 1.2 s together (alone, each would need 0.6 s).
    assert elapsed >= (120 - 2 * SHARED_BATCH) / RATE
    assert busiest(stamps, 0.5) <= 0.5 * RATE + 2 * SHARED_BATCH
    # Both made progress side by side, not one after the other.
    assert elapsed < 3.0


async def test_a_global_429_seen_by_one_process_holds_the_other(
    pair: tuple[Database, Database],
) -> None:
    first, second = (Pacer(RATE, shared=timeline(db)) for db in pair)
    first.finished(await first.acquire())
    first.rate_limited(0.4)
    await asyncio.sleep(0.05)  # the hold is written to the store in the background
    before = time.time()
    await second.acquire()
    assert time.time() - before >= 0.3
    assert first.rate_limits == 1


async def test_the_timeline_never_restarts_in_the_past(pair: tuple[Database, Database]) -> None:
    first = await timeline(pair[0]).reserve(4, 0.5)
    second = await timeline(pair[0]).reserve(4, 0.5)
    assert second == pytest.approx(first + 2.0)
    # Another process's reservation continues the same timeline.
    assert await timeline(pair[1]).reserve(1, 0.001) >= second + 2.0 - 1e-6


async def test_before_the_store_opens_turns_are_free() -> None:
    """Logging in (or `bot.py sync`) makes requests before any store is open."""
    timeline = StoreTimeline(lambda: None)
    before = time.time()
    assert before <= await timeline.reserve(4, 1.0) <= time.time()
    await timeline.hold(time.time() + 60)  # nothing to hold: no error either


async def test_a_stall_seen_by_one_process_holds_the_other(
    pair: tuple[Database, Database],
) -> None:
    """The server answered late (it sat on requests, then took them in a bunch): the other
    process's next turn waits too, as its requests share the server's count."""
    first, second = (Pacer(RATE, shared=timeline(db)) for db in pair)
    for _ in range(3):
        first.finished(await first.acquire())
    key = await first.acquire()
    await asyncio.sleep(0.4)
    first.finished(key)
    await asyncio.sleep(0.05)  # the hold is written to the store in the background
    before = time.time()
    await second.acquire()
    assert time.time() - before >= 0.25
    assert first.stalls == 1
