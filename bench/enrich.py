"""Benchmark: enrich every Netflix chart title against the fake TVmaze and TMDB.

Imports Netflix's real files (`../shared/data/netflix/` beside the checkout, when there)
padded with made-up TV titles to `--titles` (4,800), serves a provider catalog made for those
titles from two fake providers in a child process (so this process's memory is the
job's), limited to each real provider's rate (TVmaze 20 calls/10 s, TMDB 40/s) times
`--rate-scale`, then runs the job twice (the second run 40 days later, when TVmaze's data
is due for a refresh) and times `/show` and autocomplete on the enriched store.

Run: `python bench/enrich.py` (default `--rate-scale 25`: TVmaze's real floor for these
titles is over an hour).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import io
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import prepare_database  # noqa: E402
from core.errors import UserError  # noqa: E402
from core.providers import ShowProvider  # noqa: E402
from core.title_match import search_query  # noqa: E402
from db.chart_import import import_netflix_file  # noqa: E402
from providers import TmdbClient, TvmazeClient  # noqa: E402
from services.cards import Cards  # noqa: E402
from services.enrich import EnrichJob  # noqa: E402
from services.live import LiveData  # noqa: E402
from tests.fakeproviders.tmdb import TEST_TOKEN  # noqa: E402

NETFLIX = ROOT.parent / "shared" / "data" / "netflix"
REAL_FILES = (NETFLIX / "all-weeks-global.tsv", NETFLIX / "all-weeks-countries-2022-01.tsv")
TVMAZE_RATE = (20, 10.0)
TMDB_RATE = (40, 1.0)
PEOPLE = 4000  # a pool of actors shared across shows, so people recur like real casts
CAST = 8
HEADER = (
    "week", "category", "weekly_rank", "show_title", "season_title", "weekly_hours_viewed",
    "runtime", "weekly_views", "cumulative_weeks_in_top_10",
)  # fmt: skip


def synthetic_file(count: int, start: dt.date) -> bytes:
    """`count` made-up TV titles in weekly Top 10s ending at `start`, going back."""
    rng = random.Random(8)
    words = ["moon", "river", "garden", "crown", "signal", "queen", "night", "city", "hero"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(HEADER)
    for n in range(count):
        title = f"{rng.choice(words).title()} {rng.choice(words).title()} {n}"
        category = "TV (Non-English)" if (n // 10) % 2 else "TV (English)"
        day = start - dt.timedelta(weeks=n // 20)
        row = (day, category, n % 10 + 1, title, f"{title}: Season 1", 1000, "", "", 1)
        writer.writerow(row)
    return out.getvalue().encode()


def chart_files(total: int, synthetic_only: bool) -> tuple[list[tuple[str, bytes]], str]:
    """Netflix's real files when they are beside the checkout, padded with made-up TV
    titles (in weeks before the real lists began) up to `total` TV titles."""
    files: list[tuple[str, bytes]] = []
    if not synthetic_only:
        files = [(path.name, path.read_bytes()) for path in REAL_FILES if path.exists()]
    real = len(tv_titles(files))
    padding = max(0, total - real)
    if padding:
        files.append(("all-weeks-global.tsv", synthetic_file(padding, dt.date(2021, 6, 20))))
    return (
        files,
        f"{real:,} real TV titles ({len(files) - bool(padding)} files) + {padding:,} made up",
    )


def tv_titles(files: list[tuple[str, bytes]]) -> list[tuple[str, str, str]]:
    """(show title, first week, category) per distinct TV title, as the importer sees them."""
    first: dict[str, tuple[str, str]] = {}
    for _, raw in files:
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter="\t"):
            if not row["category"].startswith("TV"):
                continue
            title = row["show_title"]
            seen = first.get(title)
            if seen is None or row["week"] < seen[0]:
                first[title] = (row["week"], row["category"])
    return [(title, week, category) for title, (week, category) in sorted(first.items())]


# -- the fake providers, in a child process ----------------------------------------------


def _catalog(titles: list[tuple[str, str, str]]) -> tuple[list[Any], list[Any]]:
    from tests.fakeproviders.tmdb_data import tmdb_show
    from tests.fakeproviders.tvmaze import tvmaze_show

    maze, tmdb = [], []
    for n, (title, week, category) in enumerate(titles):
        if n % 10 == 9:
            continue  # about one title in ten is known to neither provider
        name = search_query(title)
        premiered = (dt.date.fromisoformat(week) - dt.timedelta(days=20)).isoformat()
        english = "(English)" in category
        korean = not english and n % 3 == 0
        pool = [(n * 7 + k * 131) % PEOPLE for k in range(CAST)]
        people = [(500_000 + p, f"Actor {p}") for p in pool]
        maze.append(
            tvmaze_show(
                100_000 + n,
                name,
                type="Reality" if n % 4 == 0 else "Scripted",
                language="English" if english else ("Korean" if korean else "Spanish"),
                premiered=premiered,
                web_channel="Netflix",
                cast=[(pid, person, f"Role {k}") for k, (pid, person) in enumerate(people)],
            )
        )
        tmdb.append(
            tmdb_show(
                200_000 + n,
                name,
                original_language="en" if english else ("ko" if korean else "es"),
                origin_country=("US",) if english else (("KR",) if korean else ("ES",)),
                first_air_date=premiered,
                networks=(("Netflix", ""),),
                cast=[
                    (pid, person, None, f"Role {k}", 8) for k, (pid, person) in enumerate(people)
                ],
            )
        )
    return maze, tmdb


def serve(conn: Connection, titles: list[tuple[str, str, str]], scale: float) -> None:
    from tests.fakeproviders.tmdb import FakeTmdb
    from tests.fakeproviders.tvmaze import FakeTvmaze

    async def main() -> None:
        maze_shows, tmdb_shows = _catalog(titles)
        maze = FakeTvmaze(rate_limit=(TVMAZE_RATE[0], TVMAZE_RATE[1] / scale))
        tmdb = FakeTmdb(rate_limit=(TMDB_RATE[0], TMDB_RATE[1] / scale))
        maze.add_shows(maze_shows)
        tmdb.add_shows(tmdb_shows)
        async with maze, tmdb:
            conn.send((maze.url, tmdb.url))
            await asyncio.to_thread(conn.recv)  # until the benchmark is done
            conn.send((len(maze.requests), len(tmdb.requests)))

    asyncio.run(main())


# -- measuring ---------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def floor_seconds(requests: int, rate: tuple[int, float], scale: float) -> float:
    """The least time `requests` calls can take within `rate` (a sliding window)."""
    calls, period = rate
    return max(0, -(-requests // calls) - 1) * period / scale


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def duplicates(db: Any) -> int:
    queries = (
        "SELECT 1 FROM people GROUP BY name, origin HAVING COUNT(*) > 1",
        "SELECT 1 FROM credits GROUP BY person_id, show_id, season_id, character, source_id "
        "HAVING COUNT(*) > 1",
        "SELECT 1 FROM shows GROUP BY title, kind HAVING COUNT(*) > 1",
        "SELECT 1 FROM provider_shows GROUP BY show_id, provider HAVING COUNT(*) > 1",
        "SELECT 1 FROM person_provider_ids GROUP BY person_id, provider HAVING COUNT(*) > 1",
    )
    return sum([len(await db.fetchall(sql)) for sql in queries])


async def lookups(db: Any, titles: list[tuple[str, str, str]], count: int) -> None:
    """`/show` as the command runs it (the title index, then the card: memoised per data
    generation, so a show's first card is a read and a render) and autocomplete."""
    rng = random.Random(5)
    live = LiveData()
    await live.attach(db)
    cards = Cards(live)
    show_ms, complete_ms = [], []
    for _ in range(count):
        title = rng.choice(titles)[0]
        query = title.lower() if rng.random() < 0.7 else title[: max(3, len(title) // 2)]
        begin = time.perf_counter()
        with contextlib.suppress(UserError):  # a miss is timed like a hit
            found = cards.resolve(query)
            if found.show_id is not None:
                await cards.show(found.show_id, None)
        show_ms.append((time.perf_counter() - begin) * 1000)
        begin = time.perf_counter()
        cards.choices(query[: rng.randint(2, 8)])
        complete_ms.append((time.perf_counter() - begin) * 1000)
    for name, samples, target in (("/show", show_ms, 5.0), ("autocomplete", complete_ms, 10.0)):
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        verdict = "ok" if p99 <= target else "OVER TARGET"
        print(
            f"{name:<14} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  mean "
            f"{statistics.fmean(samples):6.2f} ms  (target p99 ≤ {target:g} ms: {verdict})"
        )


async def run(args: argparse.Namespace) -> int:
    files, origin = chart_files(args.titles, args.synthetic)
    titles = tv_titles(files)
    scale = args.rate_scale
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(child, titles, scale), daemon=True)
    process.start()
    try:
        return await measure(args, files, origin, titles, parent)
    finally:
        if process.is_alive():
            process.terminate()
        process.join(10)


async def measure(
    args: argparse.Namespace,
    files: list[tuple[str, bytes]],
    origin: str,
    titles: list[tuple[str, str, str]],
    parent: Connection,
) -> int:
    scale = args.rate_scale
    maze_url, tmdb_url = parent.recv()
    with tempfile.TemporaryDirectory() as folder:
        db = await prepare_database(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        rows = 0
        for name, raw in files:
            rows += (await import_netflix_file(db, raw, name)).rows
        print(
            f"chart titles: {origin}; {rows:,} rows, {len(titles):,} distinct TV titles "
            f"(imported in {time.perf_counter() - started:.1f} s)"
        )
        maze = TvmazeClient(maze_url, calls=TVMAZE_RATE[0], period=TVMAZE_RATE[1] / scale)
        tmdb = TmdbClient(TEST_TOKEN, tmdb_url, calls=TMDB_RATE[0], period=TMDB_RATE[1] / scale)
        providers: list[ShowProvider] = [maze, tmdb]
        try:
            memory_before = peak_rss_mb()
            summary = await EnrichJob(db, providers).run()
            floors = {
                "tvmaze": floor_seconds(maze.stats.requests, TVMAZE_RATE, scale),
                "tmdb": floor_seconds(tmdb.stats.requests, TMDB_RATE, scale),
            }
            floor = max(floors.values())
            counts = summary.counts()
            print(
                f"run 1: matched {counts['matched']}, ambiguous {counts['ambiguous']}, "
                f"not found {counts['not_found']}, failed {counts['failed']} "
                f"(per provider: titles × 2)"
            )
            print(
                f"       requests tvmaze {maze.stats.requests:,}, tmdb {tmdb.stats.requests:,}; "
                f"429s {summary.throttled}"
            )
            print(
                f"       wall {summary.seconds:.1f} s vs rate-limit floor {floor:.1f} s "
                f"(×{scale:g} rates; tvmaze {floors['tvmaze']:.1f} s, tmdb {floors['tmdb']:.1f} s)"
                f": ratio {summary.seconds / floor:.3f} (target ≤ 1.1)"
            )
            later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)
            again = await EnrichJob(db, providers, clock=lambda: later).run()
            print(
                f"run 2 (40 days later): {again.total:,} titles, {again.requests:,} requests, "
                f"{again.seconds:.1f} s; duplicates after two runs: {await duplicates(db)}"
            )
        finally:
            await maze.close()
            await tmdb.close()
        print(
            f"peak memory: {peak_rss_mb():.0f} MB (before the job: {memory_before:.0f} MB;"
            " target ≤ 150 MB)"
        )
        shows = await db.fetchval("SELECT COUNT(*) FROM provider_shows")
        people = await db.fetchval("SELECT COUNT(*) FROM people")
        print(f"store: {shows:,} provider shows, {people:,} people")
        await lookups(db, titles, args.queries)
        await db.close()
    parent.send("stop")
    served = parent.recv()
    print(f"fake providers served {served[0]:,} (tvmaze) and {served[1]:,} (tmdb) requests")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--rate-scale", type=float, default=25.0, help="multiply both providers' rate limits"
    )
    parser.add_argument(
        "--titles", type=int, default=4800, help="TV titles in all (real ones first)"
    )
    parser.add_argument(
        "--synthetic", action="store_true", help="made-up titles only, not Netflix's files"
    )
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
