"""The request budget every process of one bot token shares: a file of its own beside the
store (`hallyu.sqlite3` → `hallyu-rate.sqlite3`).

It is written twice per request (admitted, answered) and a few times a second for the
timeline. In the store those writes would queue behind other processes' delivery
transactions for SQLite's one write lock; here they only queue behind each other, a few
hundred microseconds each. Nothing in it outlives a second or two, so it is written without
fsync and needs no migrations: a lost file is an empty budget.

Times are Unix seconds (`time.time()`), one clock for every process on the host.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from db.connection import WAL_ATTEMPTS, wal_retry_delay

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS timeline (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    next_turn  REAL NOT NULL,                 -- the next free request turn
    hold_until REAL NOT NULL DEFAULT 0        -- a global 429 or a stall holds every process
);
-- One row per request counted against the global limit: from just before it left until
-- one second after its answer (ended NULL: still in flight), which is when Discord may
-- have counted it.
CREATE TABLE IF NOT EXISTS in_window (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a late `finish` finds its own
    started REAL NOT NULL,
    ended   REAL
);
"""


def budget_path(store: Path | str) -> Path:
    store = Path(store)
    return store.with_name(f"{store.stem}-rate{store.suffix or '.sqlite3'}")


def use_wal(conn: sqlite3.Connection) -> None:
    for attempt in range(WAL_ATTEMPTS):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            time.sleep(wal_retry_delay(exc, attempt))


class RateBudgetFile:
    """One connection in one worker thread; every call is one short write transaction."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallyu-rate")
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=5000")
            use_wal(conn)
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(SCHEMA)
            self._conn = conn
        return self._conn

    async def _transaction(
        self,
        fn: Callable[[sqlite3.Connection, float], T],
        closed: T,
        *,
        begin: str = "BEGIN IMMEDIATE",
    ) -> T:
        """`fn(connection, now)` in one transaction; `now` is read once the write lock is
        held, so a wait for it never hands out a time already past. Once closed (the bot
        is logging out), the answer is `closed`: nobody left to share with."""
        if self._closed:
            return closed

        def call() -> T:
            conn = self._connection()
            conn.execute(begin)
            try:
                result = fn(conn, self._clock())
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True

        def close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        await asyncio.get_running_loop().run_in_executor(self._thread, close)
        self._thread.shutdown(wait=True)

    # -- the timeline -----------------------------------------------------------------

    async def reserve(self, count: int, interval: float) -> float:
        """Reserve `count` consecutive turns `interval` seconds apart; the time of the
        first. Turns start no earlier than now (no catch-up burst after a quiet spell)
        nor during a hold."""

        def reserve(conn: sqlite3.Connection, now: float) -> float:
            row = conn.execute("SELECT next_turn, hold_until FROM timeline").fetchone()
            start = now if row is None else max(now, float(row[0]), float(row[1]))
            conn.execute(
                "INSERT INTO timeline (id, next_turn) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET next_turn = excluded.next_turn",
                (start + count * interval,),
            )
            return start

        return await self._transaction(reserve, self._clock())

    async def hold(self, until: float) -> None:
        """No process gets a turn before `until`."""

        def hold(conn: sqlite3.Connection, now: float) -> None:
            conn.execute(
                "INSERT INTO timeline (id, next_turn, hold_until) VALUES (1, 0, ?) "
                "ON CONFLICT (id) DO UPDATE SET hold_until = MAX(hold_until, excluded.hold_until)",
                (until,),
            )

        await self._transaction(hold, None)

    async def held_until(self) -> float:
        """Until when turns are held; 0 when they never were."""

        def read(conn: sqlite3.Connection, now: float) -> float:
            row = conn.execute("SELECT hold_until FROM timeline").fetchone()
            return 0.0 if row is None else float(row[0])

        return await self._transaction(read, 0.0, begin="BEGIN")

    # -- the window -------------------------------------------------------------------

    async def admit(self, cap: int, in_flight_ttl: float) -> tuple[int | None, float]:
        """Count one more request if fewer than `cap` are in the window: (its ticket, 0).
        Otherwise (None, how long until the oldest answered one leaves the window). A
        request still unanswered after `in_flight_ttl` (its process died) stops counting."""

        def admit(conn: sqlite3.Connection, now: float) -> tuple[int | None, float]:
            conn.execute(
                "DELETE FROM in_window WHERE ended <= ? OR started <= ?",
                (now - 1.0, now - in_flight_ttl),
            )
            counted, oldest_answer = conn.execute(
                "SELECT COUNT(*), MIN(ended) FROM in_window"
            ).fetchone()
            if counted < cap:
                cursor = conn.execute("INSERT INTO in_window (started) VALUES (?)", (now,))
                return cursor.lastrowid, 0.0
            if oldest_answer is None:
                return None, 0.0  # all in flight: the caller waits a turn and asks again
            return None, max(0.0, float(oldest_answer) + 1.0 - now)

        return await self._transaction(admit, (0, 0.0))

    async def finish(self, ticket: int, answered: float) -> None:
        """The request `ticket` was answered at `answered`: it leaves the window a second
        later."""

        def finish(conn: sqlite3.Connection, now: float) -> None:
            conn.execute("UPDATE in_window SET ended = ? WHERE id = ?", (answered, ticket))

        await self._transaction(finish, None)
