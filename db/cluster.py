"""The store's side of a cluster: live processes, leases and elected runs. Every write is
one short transaction; none waits on the network. The shared request budget has a file
of its own (db.rate_budget).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from core.shards import Ownership
from db.announce import parse_stamp, stamp
from db.connection import Database

#: Delivery ledgers whose claims carry `claimed_by` / `lease_until` (the heartbeat renews
#: them; a clean stop releases them): chart announcements and episode posts.
CLAIM_TABLES = ("announce_deliveries", "airing_deliveries")


@dataclass(frozen=True)
class ProcessInfo:
    process: str
    name: str
    pid: int
    ownership: Ownership
    started_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class JobRun:
    job: str
    slot: dt.datetime
    holder: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: str | None


def _shards(ownership: Ownership) -> str | None:
    return None if ownership.everything else ",".join(map(str, ownership.shards))


class ClusterRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- processes ------------------------------------------------------------------

    async def register(
        self, process: str, name: str, ownership: Ownership, now: dt.datetime, ttl: dt.timedelta
    ) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO cluster_processes (process, name, pid, shard_count, shard_ids, "
                "started_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (process) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, "
                "expires_at = excluded.expires_at",
                (
                    process,
                    name,
                    os.getpid(),
                    ownership.shard_count,
                    _shards(ownership),
                    stamp(now),
                    stamp(now),
                    stamp(now + ttl),
                ),
            )

    async def heartbeat(self, process: str, now: dt.datetime, ttl: dt.timedelta) -> int:
        """Extend this process's own row, its delivery claims and its leases; returns the
        claims renewed. Forgets processes that expired long ago."""
        until = stamp(now + ttl)
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE cluster_processes SET heartbeat_at = ?, expires_at = ? WHERE process = ?",
                (stamp(now), until, process),
            )
            renewed = 0
            for table in CLAIM_TABLES:
                cursor = await conn.execute(
                    f"UPDATE {table} SET lease_until = ? "  # noqa: S608 - a constant name
                    "WHERE claimed_by = ? AND state = 'claimed'",
                    (until, process),
                )
                renewed += cursor.rowcount
            await conn.execute(
                "UPDATE cluster_leases SET expires_at = ? WHERE holder = ?", (until, process)
            )
            await conn.execute(
                "DELETE FROM cluster_processes WHERE expires_at < ?", (stamp(now - 10 * ttl),)
            )
        return renewed

    async def leave(self, process: str) -> None:
        """A clean stop: give up leases and let claims left behind be recovered at once."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM cluster_processes WHERE process = ?", (process,))
            await conn.execute("DELETE FROM cluster_leases WHERE holder = ?", (process,))
            # No lease: released, so the shard's next owner checks them at once.
            for table in CLAIM_TABLES:
                await conn.execute(
                    f"UPDATE {table} SET lease_until = NULL "  # noqa: S608 - a constant name
                    "WHERE claimed_by = ? AND state = 'claimed'",
                    (process,),
                )

    async def live(self, now: dt.datetime) -> list[ProcessInfo]:
        rows = await self.db.fetchall(
            "SELECT * FROM cluster_processes WHERE expires_at > ? ORDER BY name, process",
            (stamp(now),),
        )
        result = []
        for row in rows:
            ids = row["shard_ids"]
            ownership = Ownership.of(
                row["shard_count"], None if ids is None else [int(x) for x in ids.split(",")]
            )
            started, expires = parse_stamp(row["started_at"]), parse_stamp(row["expires_at"])
            assert started is not None and expires is not None
            result.append(
                ProcessInfo(row["process"], row["name"], row["pid"], ownership, started, expires)
            )
        return result

    # -- leases (elections) -----------------------------------------------------------

    async def acquire(self, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
        """Take or keep the lease `name`: True when `holder` has it now. Another holder's
        lease is taken only once it has expired."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO cluster_leases (name, holder, acquired_at, expires_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "holder = excluded.holder, expires_at = excluded.expires_at, "
                "acquired_at = CASE WHEN cluster_leases.holder = excluded.holder "
                "THEN cluster_leases.acquired_at ELSE excluded.acquired_at END "
                "WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_at <= ?",
                (name, holder, stamp(now), stamp(now + ttl), stamp(now)),
            )
            async with conn.execute(
                "SELECT holder FROM cluster_leases WHERE name = ?", (name,)
            ) as cursor:
                row = await cursor.fetchone()
        return row is not None and row[0] == holder

    async def holder(self, name: str, now: dt.datetime) -> str | None:
        value = await self.db.fetchval(
            "SELECT holder FROM cluster_leases WHERE name = ? AND expires_at > ?",
            (name, stamp(now)),
        )
        return None if value is None else str(value)

    async def release(self, name: str, holder: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM cluster_leases WHERE name = ? AND holder = ?", (name, holder)
            )

    # -- elected runs -----------------------------------------------------------------

    async def start_run(self, job: str, slot: dt.datetime, holder: str, now: dt.datetime) -> bool:
        """Record that `holder` runs `job` for `slot`; False when that slot already ran (or
        is running) elsewhere."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO cluster_job_runs (job, slot, holder, started_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (job, slot) DO NOTHING",
                (job, stamp(slot), holder, stamp(now)),
            )
            return cursor.rowcount > 0

    async def finish_run(self, job: str, slot: dt.datetime, outcome: str, now: dt.datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE cluster_job_runs SET finished_at = ?, outcome = ? "
                "WHERE job = ? AND slot = ?",
                (stamp(now), outcome[:500], job, stamp(slot)),
            )

    async def runs(self, job: str) -> list[JobRun]:
        rows = await self.db.fetchall(
            "SELECT * FROM cluster_job_runs WHERE job = ? ORDER BY slot", (job,)
        )
        result = []
        for row in rows:
            slot, started = parse_stamp(row["slot"]), parse_stamp(row["started_at"])
            assert slot is not None and started is not None
            result.append(
                JobRun(
                    row["job"],
                    slot,
                    row["holder"],
                    started,
                    parse_stamp(row["finished_at"]),
                    row["outcome"],
                )
            )
        return result
