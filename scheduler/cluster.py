"""This process's place in a cluster: its id and shards, a heartbeat that keeps its claims
and leases alive, the election of the one process that runs once-only jobs, and the
store-kept request timeline every process paces against.

One process (no SHARD_IDS) is a cluster of one: it owns every shard, always wins the
election, and the timeline costs one short write per few requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import secrets
import socket
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from core.shards import Ownership, shard_of
from db.cluster import ClusterRepository, ProcessInfo
from db.connection import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
#: The lease that elects the process running once-only jobs.
JOBS_LEASE = "jobs"
#: The shared request timeline for the bot token.
DISCORD_TIMELINE = "discord"
DEFAULT_LEASE = dt.timedelta(seconds=60)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_process_id(name: str) -> str:
    """Unique per start, so a restarted process never mistakes the dead one's claims for
    its own live ones; readable in the store (`p1@host:4242.9f3a`)."""
    return f"{name}@{socket.gethostname()}:{os.getpid()}.{secrets.token_hex(2)}"


class StoreTimeline:
    """The pacing timeline kept in the store (scheduler.pacing.SharedTimeline).

    With the store's `path`, the timeline keeps its own connection once the bot's store is
    open (`db()` is not None): its turns and holds never queue behind this process's own
    claims and confirmations, only behind SQLite's one write lock. Logging in makes
    requests before the bot has opened its store; they are counted through a short-lived
    connection, so a process restarting in the middle of another's fan-out does not push
    the token over the limit. Without a store file yet (a first start) there is nothing
    to share with, and turns are free."""

    def __init__(
        self,
        db: Callable[[], Database | None],
        path: Path | None = None,
        name: str = DISCORD_TIMELINE,
    ) -> None:
        self._db = db
        self._path = path
        self._own: Database | None = None
        self._opening = asyncio.Lock()
        self._closed = False
        self.name = name

    async def _store(self) -> Database | None:
        db = self._db()
        if db is None or self._path is None or self._closed:
            return db
        async with self._opening:
            if self._own is None:
                self._own = await Database.open(self._path)
        return self._own

    async def close(self) -> None:
        self._closed = True
        if self._own is not None:
            own, self._own = self._own, None
            log.info("timeline store: %s", own.lock_wait_report())
            await own.close()

    async def reserve(self, count: int, interval: float) -> float:
        db = await self._store()
        if db is not None:
            return await ClusterRepository(db).reserve_turns(self.name, count, interval, time.time)
        if self._path is None or not self._path.is_file():
            return time.time()
        early = await Database.open(self._path)
        try:
            return await ClusterRepository(early).reserve_turns(
                self.name, count, interval, time.time
            )
        except sqlite3.Error:
            return time.time()  # a store from before the cluster tables: nobody to share with
        finally:
            await early.close()

    async def hold(self, until: float) -> None:
        db = await self._store()
        if db is not None:
            await ClusterRepository(db).hold(self.name, until)

    async def held_until(self) -> float:
        db = await self._store()
        if db is None:
            return 0.0  # logging in: nothing shared yet
        try:
            return await ClusterRepository(db).held_until(self.name)
        except sqlite3.Error:
            return 0.0  # a store from before the cluster tables


class Cluster:
    def __init__(
        self,
        db: Callable[[], Database],
        *,
        name: str = "p0",
        ownership: Ownership | None = None,
        lease: dt.timedelta = DEFAULT_LEASE,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._db = db
        self.name = name
        self.ownership = ownership or Ownership()
        self.lease = lease
        self.process = new_process_id(name)
        self._clock = clock
        self._beat: asyncio.Task[None] | None = None
        self._joined = False
        #: Elected runs this process made (job name, slot), for logs and tests.
        self.ran: list[tuple[str, dt.datetime]] = []

    @property
    def repo(self) -> ClusterRepository:
        return ClusterRepository(self._db())

    def describe(self, guild_id: int | None = None) -> str:
        """`process p1, shards 2–3 of 4` (and the server's own shard) for /about."""
        text = f"process {self.name}, {self.ownership.describe()}"
        if guild_id is not None and self.ownership.shard_count > 1:
            text += f"; this server is on shard {shard_of(guild_id, self.ownership.shard_count)}"
        return text

    async def start(self) -> None:
        await self.repo.register(self.process, self.name, self.ownership, self._clock(), self.lease)
        self._joined = True
        await self.leads()
        if self._beat is None or self._beat.done():
            self._beat = asyncio.create_task(self._heartbeat(), name="hallyu-cluster-heartbeat")
        log.info("cluster member %s (%s)", self.process, self.ownership.describe())

    async def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat
            self._beat = None
        if not self._joined:
            return
        self._joined = False
        try:
            await self.repo.leave(self.process)
        except sqlite3.OperationalError as exc:
            log.warning("could not leave the cluster cleanly (%s); the leases will expire", exc)
        except Exception:
            log.exception("could not leave the cluster cleanly; the leases will expire")

    async def beat(self) -> int:
        """One heartbeat: renew this process, its claims and its leases."""
        return await self.repo.heartbeat(self.process, self._clock(), self.lease)

    async def _heartbeat(self) -> None:
        # Three beats per lease: one missed beat (a long GC pause, a busy store) is fine.
        interval = max(0.2, self.lease.total_seconds() / 3)
        while True:
            await asyncio.sleep(interval)
            try:
                await self.beat()
                await self.leads()
            except sqlite3.OperationalError as exc:
                # The next beat (a third of a lease later) tries again.
                log.warning("cluster heartbeat failed: %s", exc)
            except Exception:
                log.exception("cluster heartbeat failed")

    async def leads(self) -> bool:
        """Whether this process is the one running once-only jobs now (taking the lease
        when nobody holds it or its holder died)."""
        return await self.repo.acquire(JOBS_LEASE, self.process, self._clock(), self.lease)

    async def run_once(
        self, job: str, body: Callable[[], Awaitable[T]], *, slot: dt.datetime | None = None
    ) -> tuple[bool, T | None]:
        """Run `body` if this process leads and nobody ran `job` for `slot` (the minute it
        was scheduled for, by default). Returns whether it ran, and its result."""
        now = self._clock()
        slot = slot or now.replace(second=0, microsecond=0)
        if not await self.leads():
            log.info("%s: another process leads the once-only jobs", job)
            return False, None
        repo = self.repo
        if not await repo.start_run(job, slot, self.process, now):
            log.info("%s for %s already ran in another process", job, slot.isoformat())
            return False, None
        self.ran.append((job, slot))
        outcome = "failed"
        try:
            result = await body()
            outcome = "done"
            return True, result
        finally:
            await repo.finish_run(job, slot, outcome, self._clock())

    async def live(self) -> list[ProcessInfo]:
        return await self.repo.live(self._clock())
