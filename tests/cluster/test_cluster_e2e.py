"""Several real bot processes (`bot.py cluster`) over one store and the local fake Discord,
one gateway session per shard, 1,000 servers, Discord's global limit of 50 requests/s and
its nonce de-duplication switched off: one process is killed with SIGKILL in the middle of
the weekly fan-out and restarted by the launcher, some channels answer 429, 5xx or 403,
and still every healthy channel gets exactly one post, nobody draws a global 429 at the
default pacing, and the elected first fetch ran once."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from db.announce import AnnouncementRepository
from db.cluster import ClusterRepository
from db.connection import Database
from tests.fakediscord import (
    FakeDiscord,
    missing_access,
    rate_limited,
    server_error,
)

from .harness import (
    NetflixServer,
    announcements,
    cluster_env,
    due_now,
    netflix_files,
    start_cluster,
    subscribe_every_channel,
    world,
)

LEASE_SECONDS = "3"
DISCORD_GLOBAL_LIMIT = 50
SERVERS = 1000


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else ""


async def wait_until(
    predicate: Callable[[], Awaitable[bool]], seconds: float, what: str, log: Path
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await predicate():
        if loop.time() > deadline:
            tail = await loop.run_in_executor(None, log_tail, log)
            raise AssertionError(f"timed out waiting for {what}; cluster log tail:\n{tail}")
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("processes", [2, 4])
async def test_a_cluster_delivers_exactly_once_through_a_kill_and_faults(
    tmp_path: Path, processes: int
) -> None:
    now = dt.datetime.now(dt.UTC)
    schedule, week = due_now(now)
    guilds = world(SERVERS, processes)
    channels = [g.text_channels()[0].id for g in guilds]
    forbidden, throttled, broken = channels[3:8], channels[8:18], channels[18:25]
    healthy = [c for c in channels if c not in forbidden]
    database = tmp_path / "cluster.sqlite3"
    await subscribe_every_channel(database, guilds, schedule, now)
    netflix = await NetflixServer(netflix_files(week)).start()
    log = tmp_path / "cluster.log"
    # The OpenAPI check is off (other tests cover these bodies): it is the heaviest work in
    # the fake, and a stalled fake bunches up the requests its rate limiter counts.
    async with FakeDiscord(
        guilds, shard_count=processes, token="cluster-test-token", validate_openapi=False
    ) as fake:
        fake.nonce_dedup = False
        fake.set_global_rate_limit(DISCORD_GLOBAL_LIMIT)
        for channel in forbidden:
            fake.fail_channel(channel, missing_access())
        for channel in throttled:
            fake.fail_channel(channel, rate_limited(retry_after=0.3))
        for channel in broken:
            fake.fail_channel(channel, server_error(500))
        # The default pacing (ANNOUNCE_RATE_LIMIT unset): the fake shares this process
        # with the test and two busy cores with the bots, so it stalls now and then and
        # takes the requests that waited in a bunch, as a congested network would.
        env = cluster_env(fake, netflix, database, CLUSTER_LEASE_SECONDS=LEASE_SECONDS)
        launcher = await start_cluster(processes, env, log)
        store = await Database.open(database)
        try:

            async def all_connected() -> bool:
                return len(fake.shards_connected()) == processes

            await wait_until(all_connected, 30, "every shard to connect", log)
            posted_by_p0 = {g.text_channels()[0].id for g in guilds[0::processes]}

            marks = ", ".join("?" for _ in posted_by_p0)

            async def sent_by_p0() -> int:
                # Read from the store: scanning the fake's messages here would stall the
                # fake's own event loop for nothing.
                done = await store.fetchval(
                    "SELECT COUNT(*) FROM announce_deliveries d JOIN announce_subscriptions s "
                    "ON s.id = d.subscription_id WHERE d.state = 'sent' "
                    f"AND s.channel_id IN ({marks})",
                    tuple(posted_by_p0),
                )
                return int(done)

            async def p0_mid_fan_out() -> bool:
                return await sent_by_p0() >= len(posted_by_p0) // 4

            await wait_until(p0_mid_fan_out, 60, "p0 to be in the middle of its fan-out", log)
            victim = next(p for p in await ClusterRepository(store).live(now) if p.name == "p0")
            os.kill(victim.pid, signal.SIGKILL)
            kill_time = time.monotonic()
            assert await sent_by_p0() < len(posted_by_p0) - 10, "p0 was killed after its fan-out"

            async def everyone_served() -> bool:
                counts = await AnnouncementRepository(store).counts()
                return counts.get("sent", 0) == len(healthy) and not counts.get("claimed")

            await wait_until(everyone_served, 90, "every healthy channel to be confirmed", log)

            async def p0_back() -> bool:
                live = await ClusterRepository(store).live(dt.datetime.now(dt.UTC))
                return any(p.name == "p0" and p.pid != victim.pid for p in live)

            await wait_until(p0_back, 30, "the launcher to restart p0", log)
            runs = await ClusterRepository(store).runs("netflix-first-fetch")
            paused = [
                row[0]
                for row in await store.fetchall(
                    "SELECT channel_id FROM announce_subscriptions WHERE paused_reason IS NOT NULL"
                )
            ]
        finally:
            await store.close()
            launcher.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(launcher.wait(), 45)
            except TimeoutError:
                launcher.kill()
                await launcher.wait()
            await netflix.close()

        posts = announcements(fake, guilds)
        assert {c: posts[c] for c in healthy if posts[c] != 1} == {}, "exactly one post each"
        assert all(posts[c] == 0 for c in forbidden)
        assert sorted(paused) == sorted(forbidden)
        limited = [
            f"{r.method} {r.path} {r.at - kill_time:+.2f}s after the kill"
            for r in fake.requests
            if r.status == 429 and isinstance(r.response, dict) and r.response.get("global")
        ]
        first_429 = next(
            (
                r.at
                for r in fake.requests
                if r.status == 429 and isinstance(r.response, dict) and r.response.get("global")
            ),
            None,
        )
        if first_429 is not None:
            window = [r for r in fake.requests if first_429 - 1.0 <= r.at <= first_429]
            limited.append(
                f"{len(window)} requests in the second before; "
                f"kinds {Counter(f'{r.method} {r.route}' for r in window)}"
            )
        assert fake.global_rate_limit_hits == 0, limited
        assert fake.nonce_hits == 0
        # The first fetch ran in one process: each file downloaded once, one recorded run.
        assert netflix.downloads == {"all-weeks-global.tsv": 1, "all-weeks-countries.tsv": 1}
        assert len(runs) == 1 and runs[0].outcome == "done"
        assert launcher.returncode == 0
        logged = await asyncio.to_thread(log.read_text, errors="replace")
        # No error from Hallyu's own code (discord.py's heartbeat thread may print a
        # traceback when a process is stopped mid-heartbeat; that is not ours).
        ours = re.compile(r" (ERROR|CRITICAL) +(hallyu|scheduler|services|db|cogs|core)\b")
        assert not ours.search(logged), log_tail(log)
        assert fake.violations == []
