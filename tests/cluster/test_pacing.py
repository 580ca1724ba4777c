"""One request budget for every process: pacers on two connections to one budget file share
the timeline and the window, so together they keep one pacer's rate, a global 429 holds
both, and no moment has as many requests in flight or answered within a second as the
limit, whichever process sent them."""

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from db.rate_budget import RateBudgetFile, budget_path, use_wal
from scheduler.pacing import SHARED_BATCH, Pacer

RATE = 100.0


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[tuple[RateBudgetFile, RateBudgetFile]]:
    path = budget_path(tmp_path / "shared.sqlite3")
    first, second = RateBudgetFile(path), RateBudgetFile(path)
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


def busiest(stamps: list[float], window: float) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, t in enumerate(stamps):
        while t - stamps[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_the_budget_file_sits_beside_the_store() -> None:
    assert budget_path(Path("data/hallyu.sqlite3")) == Path("data/hallyu-rate.sqlite3")


async def test_two_processes_together_keep_one_rate(
    pair: tuple[RateBudgetFile, RateBudgetFile],
) -> None:
    pacers = [Pacer(RATE, limit=1000, shared=budget) for budget in pair]
    stamps: list[float] = []
    started = time.time()
    await asyncio.gather(*(take(p, 60, stamps) for p in pacers))
    elapsed = time.time() - started
    # 120 turns at 100/s: about 1.2 s together (alone, each would need 0.6 s).
    assert elapsed >= (120 - 2 * SHARED_BATCH) / RATE
    assert busiest(stamps, 0.5) <= 0.5 * RATE + 2 * SHARED_BATCH
    # Both made progress side by side, not one after the other.
    assert elapsed < 3.0
    for pacer in pacers:
        await pacer.close()


async def test_a_global_429_seen_by_one_process_holds_the_other(
    pair: tuple[RateBudgetFile, RateBudgetFile],
) -> None:
    first, second = (Pacer(RATE, shared=budget) for budget in pair)
    first.finished(await first.acquire())
    first.rate_limited(0.4)
    await first.close()  # the hold is written to the budget in the background
    before = time.time()
    await second.acquire()
    assert time.time() - before >= 0.3
    await second.close()
    assert first.rate_limits == 1


async def test_the_timeline_never_restarts_in_the_past(
    pair: tuple[RateBudgetFile, RateBudgetFile],
) -> None:
    first = await pair[0].reserve(4, 0.5)
    second = await pair[0].reserve(4, 0.5)
    assert second == pytest.approx(first + 2.0)
    # Another process's reservation continues the same timeline.
    assert await pair[1].reserve(1, 0.001) >= second + 2.0 - 1e-6


async def test_a_stall_seen_by_one_process_holds_the_other(
    pair: tuple[RateBudgetFile, RateBudgetFile],
) -> None:
    """The server answered late (it sat on requests, then took them in a bunch): the other
    process's next turn waits too, as its requests share the server's count."""
    first, second = (Pacer(RATE, shared=budget) for budget in pair)
    for _ in range(3):
        first.finished(await first.acquire())
    key = await first.acquire()
    await asyncio.sleep(0.4)
    first.finished(key)
    await first.close()
    before = time.time()
    await second.acquire()
    assert time.time() - before >= 0.25
    await second.close()
    assert first.stalls == 1


async def test_no_moment_holds_the_limit_across_processes(
    pair: tuple[RateBudgetFile, RateBudgetFile],
) -> None:
    """Answers slow enough that each process alone would keep a full window of its own:
    Discord counts a request at some moment between its start and its answer, so at no
    moment may the requests started and not answered a second before reach the limit."""
    limit, latency = 6, 0.3
    pacers = [Pacer(1000.0, limit=limit, shared=budget) for budget in pair]
    spans: list[tuple[float, float]] = []

    async def request(pacer: Pacer) -> None:
        key = await pacer.acquire()
        started = time.time()
        await asyncio.sleep(latency)
        spans.append((started, time.time()))
        pacer.finished(key)

    await asyncio.gather(*(request(p) for p in pacers for _ in range(12)))
    for pacer in pacers:
        await pacer.close()
    for moment, _ in spans:
        counted = sum(1 for start, end in spans if start <= moment < end + 1.0)
        assert counted < limit
    assert sum(p.window_waits for p in pacers) > 0
    assert {p.requests for p in pacers} == {12}


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def test_a_request_leaves_the_window_a_second_after_its_answer(tmp_path: Path) -> None:
    clock = Clock()
    budget = RateBudgetFile(tmp_path / "rate.sqlite3", clock=clock)
    try:
        first, _ = await budget.admit(2, 30.0)
        assert first is not None
        assert (await budget.admit(2, 30.0))[0] is not None
        assert await budget.admit(2, 30.0) == (None, 0.0)  # both in flight: no time known
        clock.now += 0.2
        await budget.finish(first, clock.now)
        clock.now += 0.5
        ticket, wait = await budget.admit(2, 30.0)
        assert ticket is None
        assert wait == pytest.approx(0.5)
        clock.now += 0.5
        assert (await budget.admit(2, 30.0))[0] is not None
    finally:
        await budget.close()


async def test_a_dead_process_in_flight_requests_stop_counting(tmp_path: Path) -> None:
    """Killed mid-request, a process never records the answers: after the time a request
    can stay in flight, its turns are free again."""
    clock = Clock()
    path = tmp_path / "rate.sqlite3"
    dead, alive = RateBudgetFile(path, clock=clock), RateBudgetFile(path, clock=clock)
    try:
        await dead.admit(1, 30.0)
        assert (await alive.admit(1, 30.0))[0] is None
        clock.now += 30.0
        assert (await alive.admit(1, 30.0))[0] is not None
    finally:
        await dead.close()
        await alive.close()


def test_processes_starting_together_open_one_new_budget(tmp_path: Path) -> None:
    """A cluster's processes start at once and all switch the new file to WAL: SQLite
    answers "locked" to some of them at once, without its busy timeout; none may fail."""
    failures: list[Exception] = []
    for attempt in range(30):
        path = tmp_path / f"rate-{attempt}.sqlite3"
        together = threading.Barrier(6)

        def open_it(path: Path = path, together: threading.Barrier = together) -> None:
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=5000")
            together.wait()
            try:
                use_wal(conn)
            except sqlite3.OperationalError as exc:
                failures.append(exc)
            finally:
                conn.close()

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
