"""Benchmark: what one shard process holds, for docs/scaling.md.

One real bot process (`bot.py run`, one shard, only the `guilds` intent, scheduler off)
against the local fake Discord holding 1, 1,000 and 2,500 servers (Discord's most per
shard). Reports the process's resident memory once READY and every server has arrived,
the difference per 1,000 servers, and how many slash commands it answers per second of
its own CPU time (commands/s per core), with commands injected by the fake (`/show` over a
few catalog titles, so both memo hits and misses, and `/chart top`).
Run: `python bench/shard_footprint.py` (`--commands 300` for a quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"  # noqa: S105 - the local fake accepts it, nothing else does
QUERIES = ("weak hero", "crash landing on you", "the glory", "squid game", "goblin")
CONCURRENCY = 8


def serve_fake(conn: Connection, servers: int) -> None:
    asyncio.run(_serve(conn, servers))


async def _serve(conn: Connection, servers: int) -> None:
    from tests.fakediscord import FakeDiscord, make_guild

    world = [make_guild(f"server {n}", channel_names=("general",)) for n in range(servers)]
    async with FakeDiscord(world, token=TOKEN, validate_openapi=False) as fake:
        loop = asyncio.get_running_loop()
        conn.send((fake.api_base, fake.gateway_url))
        commands = await loop.run_in_executor(None, conn.recv)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(commands):
            queue.put_nowait(n)

        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                if n % 4 == 3:
                    ix = await fake.slash("chart top")
                else:
                    ix = await fake.slash("show", query=QUERIES[n % len(QUERIES)])
                await ix.callback(timeout=30)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        conn.send(time.perf_counter() - started)
        await loop.run_in_executor(None, conn.recv)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def logged(log: Path, text: str) -> bool:
    return text in log.read_text(errors="replace")


async def wait_for_line(log: Path, text: str) -> None:
    """The bot logs `connected as … to N servers` once READY and every server arrived."""
    for _ in range(1200):
        if await asyncio.to_thread(logged, log, text):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the bot never logged {text!r}")


async def measure(servers: int, commands: int) -> tuple[float, float]:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    fake = context.Process(target=serve_fake, args=(child, servers), daemon=True)
    fake.start()
    loop = asyncio.get_running_loop()
    api, gateway = await loop.run_in_executor(None, parent.recv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "PATH": "/usr/bin:/bin",
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_URL": api,
            "DISCORD_GATEWAY_URL": gateway,
            "DATABASE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "SCHEDULER_ENABLED": "false",
            "LOG_LEVEL": "INFO",
        }
        bot = [sys.executable, str(ROOT / "bot.py")]
        sync = await asyncio.create_subprocess_exec(
            *bot, "sync", env=env, stdout=asyncio.subprocess.DEVNULL
        )
        await sync.wait()
        log = Path(tmp) / "bot.log"
        with log.open("wb") as out:
            run = await asyncio.create_subprocess_exec(
                *bot, "run", env=env, stdout=out, stderr=asyncio.subprocess.STDOUT
            )
        try:
            await wait_for_line(log, f"to {servers} servers")
            await asyncio.sleep(1.0)
            memory = rss_mb(run.pid)
            cpu = cpu_seconds(run.pid)
            parent.send(commands)
            await loop.run_in_executor(None, parent.recv)
            per_cpu_second = commands / max(cpu_seconds(run.pid) - cpu, 1e-9)
        finally:
            run.terminate()
            await run.wait()
    parent.send("done")
    fake.join(timeout=30)
    return memory, per_cpu_second


async def main_async(args: argparse.Namespace) -> int:
    results = {}
    for servers in (1, 1000, 2500):
        results[servers] = await measure(servers, args.commands)
        memory, rate = results[servers]
        print(f"{servers:>5} servers: RSS at READY {memory:.1f} MB; {rate:.0f} commands/s per core")
    per_thousand = (results[2500][0] - results[1][0]) / 2.5
    print(f"memory per 1,000 servers (guilds intent only): {per_thousand:.1f} MB")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commands", type=int, default=1000)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
