"""Benchmark: the provider clients against rate-limited fakes, time against the floor.

Each fake runs in its own process (as the provider would) with its rate limit enforced
(429 with Retry-After beyond it) and thousands of synthetic shows; the client sends
searches and show fetches from several tasks at once. Reports the time against the floor
the limit sets, the 429s the fake served, and the most requests the fake saw in any
window. By default TVmaze's window is 0.5 s (20 times its real rate) and TMDB gets its real
40 per second. Run: `python bench/provider_clients.py` (`--requests 200` for a quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from providers.tmdb import TmdbClient
from providers.tvmaze import TvmazeClient

SHOWS = 4_800


def serve(kind: str, calls: int, period: float, pipe: Connection) -> None:
    """The fake's process: start, report the URL, serve until asked for the figures."""
    from tests.fakeproviders.tmdb import FakeTmdb
    from tests.fakeproviders.tmdb_data import tmdb_show
    from tests.fakeproviders.tvmaze import FakeTvmaze, tvmaze_show

    async def main() -> None:
        fake: Any
        if kind == "tvmaze":
            fake = FakeTvmaze(rate_limit=(calls, period))
            fake.add_shows(tvmaze_show(i, f"Synthetic Show {i}") for i in range(1, SHOWS + 1))
        else:
            fake = FakeTmdb(rate_limit=(calls, period))
            fake.add_shows(tmdb_show(i, f"Synthetic Show {i}") for i in range(1, SHOWS + 1))
        async with fake:
            pipe.send(fake.url)
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
            served = [r for r in fake.requests if r.status == 200]
            pipe.send(
                {
                    "throttled": sum(r.status == 429 for r in fake.requests),
                    "max_window": fake.max_in_window(period) if served else 0,
                }
            )

    asyncio.run(main())


async def drive(client: Any, requests: int, concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with gate:
            if i % 2:
                await client.search(f"synthetic show {i}")
            else:
                await client.show(i)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(1, requests + 1)))
    return time.perf_counter() - started


def run(kind: str, calls: int, period: float, requests: int, concurrency: int) -> None:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=serve, args=(kind, calls, period, child))
    process.start()
    url = parent.recv()

    async def client_side() -> tuple[float, Any]:
        client: Any
        if kind == "tvmaze":
            client = TvmazeClient(url, calls=calls, period=period)
        else:
            client = TmdbClient("test-read-access-token", url, calls=calls, period=period)
        async with client:
            return await drive(client, requests, concurrency), client.stats

    elapsed, stats = asyncio.run(client_side())
    parent.send("done")
    served = parent.recv()
    process.join()
    # The first `calls` requests go at once; each later window lets `calls` more through.
    floor = (requests - calls) / calls * period
    print(
        f"{kind}: {requests} requests at {calls} per {period:g} s, {concurrency} at once: "
        f"{elapsed:.2f} s against a floor of {floor:.2f} s (ratio {elapsed / floor:.3f}); "
        f"429s served {served['throttled']}, client retries {stats.retries}, "
        f"most in one window at the fake {served['max_window']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--period", type=float, default=0.5, help="TVmaze window in seconds")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    run("tvmaze", 20, args.period, args.requests, args.concurrency)
    # TMDB at its own 40 per second with the default --period; enough tasks to fill it.
    run("tmdb", 40, args.period * 2, args.requests, max(args.concurrency, 40))


if __name__ == "__main__":
    main()
