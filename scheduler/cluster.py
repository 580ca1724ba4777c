"""This process's place in a cluster: its id and shards, a heartbeat that keeps its claims
and leases alive, and the election of the one process that runs once-only jobs.

One process (no SHARD_IDS) is a cluster of one: it owns every shard, always wins the
election.
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
from collections.abc import Awaitable, Callable
from typing import TypeVar

from core.shards import Ownership, shard_of
from db.cluster import ClusterRepository, ProcessInfo
from db.connection import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
#: The lease that elects the process running once-only jobs.
JOBS_LEASE = "jobs"
DEFAULT_LEASE = dt.timedelta(seconds=60)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_process_id(name: str) -> str:
    """Unique per start, so a restarted process never mistakes the dead one's claims for
    its own live ones; readable in the store (`p1@host:4242.9f3a`)."""
    return f"{name}@{socket.gethostname()}:{os.getpid()}.{secrets.token_hex(2)}"


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
