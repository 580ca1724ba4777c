"""Benchmark: Hallyu's commands end to end against a bare discord.py bot, in one run.

Two bot processes, each connected to its own local fake Discord (tests/fakediscord, real
discord.py on the bot's side): a bare bot answering `/ping`, and Hallyu. Each command is
injected as an INTERACTION_CREATE and timed until the bot's callback reaches the fake;
rounds alternate between the bots, so both see the same machine. Reports p50/p99 per
command and its ratio to `/ping`, the resident memory of both bots at READY, and their
cold start (process spawn to READY).

The store holds the bundled catalog plus Netflix's global Top 10 file when
`../shared/data/netflix/all-weeks-global.tsv` is beside the checkout (else the tests'
small fixture, and the report says so). Run: `python bench/e2e.py [--rounds 500]`.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import py_compile
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import prepare_database  # noqa: E402
from db.chart_import import import_netflix_file  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402

REAL_GLOBAL = ROOT.parent / "shared" / "data" / "netflix" / "all-weeks-global.tsv"
TARGETS = {"show (hit)": (1.3, 2.0), "show (miss)": (2.0, None)}
DEFAULT_TARGET = (2.0, None)


@dataclass
class BotProcess:
    kind: str
    fake: FakeDiscord
    process: asyncio.subprocess.Process
    rss_kb: int
    cold_start: float
    first_answer: float = 0.0


@dataclass
class Series:
    name: str
    times: list[float] = field(default_factory=list)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def start_bot(kind: str, database: Path) -> BotProcess:
    fake = FakeDiscord(validate_openapi=False)
    await fake.start()
    env = {
        **os.environ,
        "FAKE_API_BASE": fake.api_base,
        "FAKE_GATEWAY": fake.gateway_url,
        "DATABASE_PATH": str(database),
        "SCHEDULER_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "DISCORD_TOKEN": "bench-token",
    }
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bench" / "e2e_bot.py"),
        kind,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    ready = await asyncio.wait_for(process.stdout.readline(), 120)
    cold_start = time.perf_counter() - started
    if not ready.startswith(b"READY"):
        raise RuntimeError(f"{kind} bot did not start: {ready!r}")
    synced = await asyncio.wait_for(process.stdout.readline(), 60)
    if not synced.startswith(b"SYNCED"):
        raise RuntimeError(f"{kind} bot did not register its commands: {synced!r}")
    started_bot = BotProcess(kind, fake, process, int(ready.split()[1]), cold_start)
    # Ready to answer: the first command's answer, timed from the spawn too.
    command = fake.slash("ping") if kind == "bare" else fake.slash("show", query="weak hero")
    await (await command).callback(timeout=60)
    started_bot.first_answer = time.perf_counter() - started
    return started_bot


async def gc_pause(bot: BotProcess) -> tuple[float, int]:
    """A full collection's pause in the bot now, and its RSS (kB)."""
    assert bot.process.stdin is not None and bot.process.stdout is not None
    bot.process.stdin.write(b"gc\n")
    await bot.process.stdin.drain()
    fields = (await asyncio.wait_for(bot.process.stdout.readline(), 60)).split()
    return float(fields[1]), int(fields[2])


async def stop_bot(bot: BotProcess) -> None:
    assert bot.process.stdin is not None
    bot.process.stdin.close()
    try:
        await asyncio.wait_for(bot.process.wait(), 20)
    except TimeoutError:
        bot.process.kill()
        await bot.process.wait()
    await bot.fake.close()


async def timed(fake: FakeDiscord, send: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    # Only this round's requests are searched for the callback.
    fake.recorder.requests.clear()
    started = time.perf_counter()
    handle = await send()
    reply = await handle.callback(timeout=30)
    return time.perf_counter() - started, reply


async def prepare_store(database: Path) -> tuple[str, list[str]]:
    db = await prepare_database(database)
    try:
        if REAL_GLOBAL.is_file():
            await import_netflix_file(db, REAL_GLOBAL.read_bytes(), REAL_GLOBAL.name)
            note = f"catalog + Netflix's global file ({REAL_GLOBAL.name})"
        else:
            from tests.charts.conftest import global_file

            await import_netflix_file(db, global_file(), "all-weeks-global.tsv")
            note = "catalog + the tests' small chart fixture (no real file beside the checkout)"
        titles = [
            row[0]
            for row in await db.fetchall(
                "SELECT title FROM shows WHERE title NOT LIKE '%:%' ORDER BY id"
            )
        ]
    finally:
        await db.close()
    return note, titles


async def cold_starts(database: Path, times: int) -> tuple[list[BotProcess], list[BotProcess]]:
    """Start and stop each bot `times` times, alternating; start-up varies with the load."""
    bare: list[BotProcess] = []
    hallyu: list[BotProcess] = []
    for _ in range(times):
        for kind, into in (("bare", bare), ("hallyu", hallyu)):
            started = await start_bot(kind, database)
            await stop_bot(started)
            into.append(started)
    return bare, hallyu


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def compile_project() -> None:
    """Write Hallyu's bytecode caches, as any bot's first start does (discord.py's come
    with its install): a start-up that compiles every module is not a cold start."""
    for name in ("bot.py", "config.py"):
        py_compile.compile(str(ROOT / name), quiet=1)
    for package in ("cogs", "console", "core", "db", "providers", "render", "scheduler"):
        if (ROOT / package).is_dir():
            compileall.compile_dir(str(ROOT / package), quiet=1)
    compileall.compile_dir(str(ROOT / "services"), quiet=1)


async def main(args: argparse.Namespace) -> int:
    compile_project()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        note, titles = await prepare_store(database)
        starts = await cold_starts(database, args.starts)
        bare = await start_bot("bare", database)
        hallyu = await start_bot("hallyu", database)
        try:
            return await measure(args, note, titles, bare, hallyu, starts)
        finally:
            await stop_bot(bare)
            await stop_bot(hallyu)


async def measure(
    args: argparse.Namespace,
    note: str,
    titles: list[str],
    bare: BotProcess,
    hallyu: BotProcess,
    starts: tuple[list[BotProcess], list[BotProcess]],
) -> int:
    fb, fh = bare.fake, hallyu.fake
    # Distinct titles for cache misses: more than every memo holds, each asked once.
    misses = [t for t in titles if t.strip()][-(args.rounds + args.warmup) :]
    if len(misses) < args.rounds + args.warmup:
        misses = (misses * (args.rounds + args.warmup))[: args.rounds + args.warmup]
    commands: list[tuple[str, FakeDiscord, Callable[[int], Callable[[], Awaitable[Any]]]]] = [
        ("ping", fb, lambda i: lambda: fb.slash("ping")),
        ("show (hit)", fh, lambda i: lambda: fh.slash("show", query="weak hero")),
        ("show (miss)", fh, lambda i: lambda: fh.slash("show", query=misses[i])),
        ("cast", fh, lambda i: lambda: fh.slash("cast", show="weak hero")),
        ("actor", fh, lambda i: lambda: fh.slash("actor", name="Park Ji-hoon")),
        ("chart top", fh, lambda i: lambda: fh.slash("chart top")),
        ("autocomplete", fh, lambda i: lambda: fh.autocomplete("show", "query", "weak he")),
    ]
    series = {name: Series(name) for name, _, _ in commands}
    ping, others = commands[0], commands[1:]
    rng = random.Random(7)
    miss_kinds: dict[str, int] = {}
    total = args.warmup + args.rounds
    for i in range(total):
        # The bots take turns request by request, in a shuffled order: each sees the same
        # machine, and neither is always the first after an idle spell.
        rng.shuffle(others)
        for name, fake, make in (step for other in others for step in (ping, other)):
            elapsed, reply = await timed(fake, make(i))
            if reply.get("type") not in (4, 8):
                raise RuntimeError(f"{name}: unexpected reply {reply}")
            flags = reply.get("data", {}).get("flags") or 0
            if name != "show (miss)" and flags & 64:
                raise RuntimeError(f"{name} answered with an error: {reply}")
            if i >= args.warmup:
                series[name].times.append(elapsed)
                if name == "show (miss)":
                    data = reply.get("data", {})
                    kind = "error" if flags & 64 else "card" if data.get("embeds") else "menu"
                    miss_kinds[kind] = miss_kinds.get(kind, 0) + 1
    ping_times = series["ping"]
    print(
        f"store: {note}; {args.rounds} rounds after {args.warmup} warm-up "
        "(/ping before each other command), 2 bot processes"
    )
    print(f"{'command':<14} {'p50 ms':>8} {'p99 ms':>8} {'p50/ping':>9} {'p99/ping':>9}  target")
    failed = False
    for name in series:
        s = series[name]
        p50, p99 = s.quantile(0.5), s.quantile(0.99)
        r50, r99 = p50 / ping_times.quantile(0.5), p99 / ping_times.quantile(0.99)
        if name == "ping":
            verdict = ""
        else:
            t50, t99 = TARGETS.get(name, DEFAULT_TARGET)
            ok = r50 <= t50 and (t99 is None or r99 <= t99)
            failed |= not ok
            verdict = (
                f"p50 ≤ {t50}×"
                + (f", p99 ≤ {t99}×" if t99 else "")
                + ("  ok" if ok else "  MISSED")
            )
        print(f"{name:<14} {p50 * 1000:8.2f} {p99 * 1000:8.2f} {r50:9.2f} {r99:9.2f}  {verdict}")
    print(
        "the misses answered with: "
        + ", ".join(f"{count} {kind}s" for kind, count in sorted(miss_kinds.items()))
    )
    bare_starts, hallyu_starts = starts
    bare_rss = median([b.rss_kb / 1024 for b in [*bare_starts, bare]])
    hallyu_rss = median([b.rss_kb / 1024 for b in [*hallyu_starts, hallyu]])
    bare_start = median([b.cold_start for b in bare_starts])
    hallyu_start = median([b.cold_start for b in hallyu_starts])
    rss_ok = hallyu_rss <= 70
    start_ratio = hallyu_start / bare_start
    failed |= not rss_ok or start_ratio > 1.5
    print(
        f"RSS at READY (median): bare {bare_rss:.1f} MB, Hallyu {hallyu_rss:.1f} MB "
        f"(target ≤ 70 MB{'' if rss_ok else ', MISSED'})"
    )
    bare_gc, bare_after = await gc_pause(bare)
    hallyu_gc, hallyu_after = await gc_pause(hallyu)
    print(
        f"after the rounds: full GC pause bare {bare_gc * 1000:.1f} ms, Hallyu "
        f"{hallyu_gc * 1000:.1f} ms; RSS bare {bare_after / 1024:.1f} MB, "
        f"Hallyu {hallyu_after / 1024:.1f} MB"
    )
    print(
        f"cold start, process spawn to READY (median of {len(bare_starts)}): "
        f"bare {bare_start:.3f} s, Hallyu {hallyu_start:.3f} s, ratio {start_ratio:.2f} "
        f"(target ≤ 1.5{'' if start_ratio <= 1.5 else ', MISSED'})"
    )
    bare_first = median([b.first_answer for b in bare_starts])
    hallyu_first = median([b.first_answer for b in hallyu_starts])
    print(
        f"spawn to first answer (commands registered, then /ping or /show weak hero): "
        f"bare {bare_first:.3f} s, Hallyu {hallyu_first:.3f} s, "
        f"ratio {hallyu_first / bare_first:.2f}"
    )
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--starts", type=int, default=5, help="cold starts of each bot")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    sys.exit(asyncio.run(main(parser.parse_args())))
