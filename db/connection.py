"""One aiosqlite connection per process, with explicit transactions."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
#: Recent lock waits kept for the benchmark and the logs.
LOCK_WAIT_SAMPLES = 100_000
#: Attempts at BEGIN IMMEDIATE when SQLite refuses at once instead of waiting.
BEGIN_RETRIES = 5
#: Attempts at switching a new file to WAL (about 2 s in all): SQLite answers "locked" at
#: once, without its busy timeout, while another process opens the new file too (a
#: cluster's processes start together).
WAL_ATTEMPTS = 20


def wal_retry_delay(exc: sqlite3.OperationalError, attempt: int) -> float:
    """How long to wait before switching to WAL again; re-raises what a retry cannot help."""
    if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
        raise exc
    return 0.01 * (attempt + 1)


class Database:
    """Owns the connection. Repositories borrow it; only `transaction()` writes."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._conn = connection
        self.path = path
        # SQLite has one writer; serialising our own writers avoids "database is locked"
        # and keeps a transaction from interleaving with another coroutine's statements.
        self._write_lock = asyncio.Lock()
        # Multi-query reads run as one plain function on a read-only connection in one
        # worker thread: one thread hop instead of one per statement, and with WAL a
        # reader never waits for the writer.
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hallyu-read")
        self._reader_local = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        #: Seconds each recent BEGIN IMMEDIATE waited for SQLite's write lock, which other
        #: processes hold (this process's own writers queue on `_write_lock` instead).
        self.lock_waits: deque[float] = deque(maxlen=LOCK_WAIT_SAMPLES)

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction covers
        # exactly what `transaction()` wraps and nothing is committed behind our back.
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = sqlite3.Row
        for attempt in range(WAL_ATTEMPTS):
            try:
                await conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                await asyncio.sleep(wal_retry_delay(exc, attempt))
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA busy_timeout=5000")
        return cls(conn, path)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._reader, self._close_reader)
        self._reader.shutdown(wait=True)
        await self._conn.close()

    def _close_reader(self) -> None:
        for conn in self._reader_connections:
            conn.close()
        self._reader_connections.clear()

    def _reader_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._reader_local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            conn.row_factory = sqlite3.Row
            self._reader_local.conn = conn
            self._reader_connections.append(conn)
        return conn

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(connection)` in the reader thread; sees committed data only."""

        def call() -> T:
            conn = self._reader_connection()
            # One read transaction: every query of `fn` sees the same snapshot.
            conn.execute("BEGIN")
            try:
                return fn(conn)
            finally:
                conn.execute("COMMIT")

        return await asyncio.get_running_loop().run_in_executor(self._reader, call)

    def lock_wait_report(self) -> str:
        """`1234 write transactions, lock wait p50 0.08 ms, p99 2.10 ms, max 9.50 ms`."""
        waits = sorted(self.lock_waits)
        if not waits:
            return "no write transactions"

        def ms(q: float) -> float:
            return waits[min(len(waits) - 1, int(q * len(waits)))] * 1000

        return (
            f"{len(waits)} write transactions, lock wait p50 {ms(0.5):.2f} ms, "
            f"p99 {ms(0.99):.2f} ms, max {waits[-1] * 1000:.2f} ms"
        )

    @property
    def raw(self) -> aiosqlite.Connection:
        return self._conn

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Keep this process's other writers waiting, for a bulk writer on its own
        connection (it waits here instead of failing on SQLite's busy timeout)."""
        async with self._write_lock:
            yield

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (which is re-raised)."""
        async with self._write_lock:
            started = time.perf_counter()
            await self._begin()
            self.lock_waits.append(time.perf_counter() - started)
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, which may wait (busy_timeout) for another process's writer.

        SQLite answers "database is locked" at once, without waiting, while another
        connection recovers the WAL after a process died mid-write: that is retried a few
        times. Cancelled while waiting (a shutdown), the statement still runs in aiosqlite's
        thread: it is then rolled back, so no write lock is left held."""
        for attempt in range(BEGIN_RETRIES):
            started = time.perf_counter()
            begin = asyncio.ensure_future(self._conn.execute("BEGIN IMMEDIATE"))
            try:
                await asyncio.shield(begin)
                return
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await begin
                    await self._conn.execute("ROLLBACK")
                raise
            except sqlite3.OperationalError as exc:
                waited = time.perf_counter() - started
                if "locked" not in str(exc) or waited > 1.0 or attempt == BEGIN_RETRIES - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]
