"""Benchmark: one weekly fan-out to 10,000 subscriptions by a cluster of 1, 2 and 4 bot
processes (`bot.py cluster`) over one SQLite store, against the local fake Discord with
Discord's global limit of 50 requests/s for the one bot token.

For each cluster size: a fresh fake (in its own process, as Discord would be), a fresh store
with one subscription per channel (5 channels per server, servers spread over the shards),
the current week served as a synthetic Netflix file from 127.0.0.1 (the elected process
imports it), then the real launcher and bot processes. Reports the fan-out time (first to
last announcement the fake received) against the floor the limit sets (10,000 / 50 = 200 s),
duplicates, misses and 429s counted by the fake, each process's peak memory (VmHWM) and
its write-lock waits on the store (BEGIN IMMEDIATE), p50/p99/max.
Run: `python bench/cluster.py` (`--subscriptions 1000 --processes 2` for a quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.announce import MAX_SUBSCRIPTIONS
from db.announce import AnnouncementRepository
from db.cluster import ClusterRepository
from db.connection import Database
from tests.cluster.harness import (
    NetflixServer,
    due_now,
    netflix_files,
    start_cluster,
    subscribe_every_channel,
)

TOKEN = "bench-token"  # noqa: S105 - the local fake accepts it, nothing else does
SHARD_SPREAD = 4  # guild ids spread evenly over 4 shards (and so over 2 and 1)
PACING_LINE = re.compile(r"pacing: (\d+) requests, at most (\d+) in one second, (.*)")
LOCK_LINE = re.compile(
    r"(\d+) write transactions, lock wait p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms"
)


# -- the fake Discord, in a child process -------------------------------------------


def serve_fake(conn: Connection, guilds: int, per_guild: int, rate: int, shards: int) -> None:
    asyncio.run(_serve(conn, guilds, per_guild, rate, shards))


async def _serve(conn: Connection, guilds: int, per_guild: int, rate: int, shards: int) -> None:
    from tests.fakediscord import FakeDiscord, guild_id_on_shard, make_guild

    world = [
        make_guild(
            f"server {g}",
            guild_id=guild_id_on_shard(g % SHARD_SPREAD, SHARD_SPREAD),
            channel_names=[f"c{c}" for c in range(per_guild)],
        )
        for g in range(guilds)
    ]
    async with FakeDiscord(world, shard_count=shards, token=TOKEN, validate_openapi=False) as fake:
        fake.set_global_rate_limit(rate)
        fake.nonce_dedup = False
        conn.send((fake.api_base, fake.gateway_url, world))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        per_channel: Counter[int] = Counter()
        times: list[float] = []
        for request in fake.requests:
            posted = request.method == "POST" and request.status == 200
            if posted and request.path.startswith("/channels/"):
                times.append(request.at)
                per_channel[int(request.path.split("/")[2])] += 1
        conn.send(
            {
                "per_channel": dict(per_channel),
                "first": min(times, default=0.0),
                "last": max(times, default=0.0),
                "rate_limit_hits": fake.rate_limit_hits,
                "global_rate_limit_hits": fake.global_rate_limit_hits,
                "requests": len(fake.requests),
            }
        )


# -- one cluster run ---------------------------------------------------------------------


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def run_cluster(processes: int, subscriptions: int, rate: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    guild_count = -(-subscriptions // MAX_SUBSCRIPTIONS)
    parent, child = context.Pipe()
    fake = context.Process(
        target=serve_fake,
        args=(child, guild_count, MAX_SUBSCRIPTIONS, rate, processes),
        daemon=True,
    )
    fake.start()
    loop = asyncio.get_running_loop()
    api_base, gateway_url, world = await loop.run_in_executor(None, parent.recv)
    now = dt.datetime.now(dt.UTC)
    schedule, week = due_now(now)
    netflix = await NetflixServer(netflix_files(week)).start()
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        await subscribe_every_channel(database, world, schedule, now, limit=subscriptions)
        log = Path(tmp) / "cluster.log"
        env = {
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_URL": api_base,
            "DISCORD_GATEWAY_URL": gateway_url,
            "DATABASE_PATH": str(database),
            "NETFLIX_GLOBAL_URL": netflix.url("all-weeks-global.tsv"),
            "NETFLIX_COUNTRIES_URL": netflix.url("all-weeks-countries.tsv"),
            "NETFLIX_MOST_POPULAR_URL": "none",
            "TVMAZE_API_URL": netflix.url("tvmaze").rsplit("/", 1)[0],
            "SCHEDULER_ENABLED": "true",
            "LOG_LEVEL": "INFO",
            "SHARD_COUNT": str(processes),
            "PATH": "/usr/bin:/bin",
        }
        launcher = await start_cluster(processes, env, log)
        store = await Database.open(database)
        deadline = loop.time() + subscriptions / rate * 2 + 120
        try:
            while loop.time() < deadline:
                await asyncio.sleep(1.0)
                for member in await ClusterRepository(store).live(dt.datetime.now(dt.UTC)):
                    rss = peak_rss_mb(member.pid)
                    if rss is not None:
                        memory[member.name] = max(memory.get(member.name, 0.0), rss)
                counts = await AnnouncementRepository(store).counts()
                if counts.get("sent", 0) >= subscriptions and not counts.get("claimed"):
                    break
            ledger = await AnnouncementRepository(store).counts()
        finally:
            await store.close()
            launcher.send_signal(signal.SIGTERM)
            await launcher.wait()
            await netflix.close()
        text = log.read_text(errors="replace")
    parent.send("report")
    seen: dict[str, Any] = await loop.run_in_executor(None, parent.recv)
    fake.join(timeout=30)
    locks = [tuple(float(x) for x in m.groups()) for m in LOCK_LINE.finditer(text)]
    counts = seen["per_channel"]
    return {
        "processes": processes,
        "n": subscriptions,
        "elapsed": seen["last"] - seen["first"],
        "duplicates": sum(c - 1 for c in counts.values() if c > 1),
        "missing": subscriptions - len(counts),
        "hits": seen["rate_limit_hits"],
        "global_hits": seen["global_rate_limit_hits"],
        "memory": memory,
        "locks": locks,
        "pacing": PACING_LINE.findall(text),
        "ledger": ledger,
        "downloads": dict(netflix.downloads),
    }


def report(result: dict[str, Any], rate: int) -> bool:
    n, elapsed = result["n"], result["elapsed"]
    floor = (n - 1) / rate
    ratio = floor / elapsed if elapsed > 0 else 0.0
    memory = ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(result["memory"].items()))
    locks = result["locks"]
    p99 = max((lock[2] for lock in locks), default=0.0)
    worst = max((lock[3] for lock in locks), default=0.0)
    writes = int(sum(lock[0] for lock in locks))
    print(f"--- {result['processes']} process(es), {n:,} subscriptions")
    print(f"fan-out time:        {elapsed:.1f} s (floor at {rate} req/s: {floor:.1f} s)")
    print(f"throughput ratio:    {ratio:.3f} (target >= 0.9)")
    print(f"posts:               duplicates {result['duplicates']}, missing {result['missing']}")
    print(f"429s served:         {result['hits']} ({result['global_hits']} global)")
    print(f"peak memory:         {memory}")
    print(
        f"store write locks:   {writes:,} transactions; lock wait p99 {p99:.2f} ms "
        f"(worst process), max {worst:.2f} ms"
    )
    for requests, busiest, rest in result["pacing"]:
        print(f"pacer:               {requests} requests, at most {busiest} in one second, {rest}")
    print(f"ledger:              {result['ledger']}; Netflix downloads {result['downloads']}")
    return (
        ratio >= 0.9
        and result["duplicates"] == 0
        and result["missing"] == 0
        and result["global_hits"] == 0
    )


async def main_async(args: argparse.Namespace) -> int:
    ok = True
    for processes in args.processes:
        started = time.perf_counter()
        result = await run_cluster(processes, args.subscriptions, args.rate)
        ok = report(result, args.rate) and ok
        print(f"(run took {time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=50, help="the fake's global limit (req/s)")
    parser.add_argument(
        "--processes",
        type=lambda text: [int(p) for p in text.split(",")],
        default=[1, 2, 4],
        help="cluster sizes to run, comma-separated (default 1,2,4)",
    )
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
