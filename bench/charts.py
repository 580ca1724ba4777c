"""Benchmark: Netflix Top 10 import, `/chart top`, `/chart history` and the rank picture.

Generates, in a temporary folder, a global file of five years of weeks (about 10,400
rows) and a country file of 95 countries × 5 years × 4 categories × 10 ranks (about
988,000 rows) in the official formats, with made-up titles; imports both (and again, to
time a re-import), then times what the commands do. Run: `python bench/charts.py`
(a minute or two); `--real` adds the real files from ../shared/data/netflix if present.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import prepare_database
from core.charts import CATEGORIES
from db.chart_import import import_netflix_file
from db.charts import ChartHistory, ChartRepository, HistoryEntry
from render.chart_plot import rank_history_png
from render.charts import history_embed, top_embed, week_highlight

FIRST_WEEK = dt.date(2021, 7, 4)
WORDS = [
    "Hero",
    "Summer",
    "Night",
    "Class",
    "Queen",
    "Tears",
    "Game",
    "Home",
    "Sea",
    "Code",
    "River",
    "Signal",
    "Moon",
    "Doctor",
    "Palace",
    "Secret",
    "Island",
    "Love",
    "War",
]
GLOBAL_HEADER = [
    "week",
    "category",
    "weekly_rank",
    "show_title",
    "season_title",
    "weekly_hours_viewed",
    "runtime",
    "weekly_views",
    "cumulative_weeks_in_top_10",
]
COUNTRY_HEADER = [
    "country_name",
    "country_iso2",
    "week",
    "category",
    "weekly_rank",
    "show_title",
    "season_title",
    "cumulative_weeks_in_top_10",
]


def made_up_title(rng: random.Random, n: int) -> str:
    return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}"


def generate(weeks: int, countries: int, seed: int = 7) -> tuple[bytes, bytes]:
    """(global file, country file): each week, about three new titles per category."""
    rng = random.Random(seed)
    serial = 0
    charting: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    for pool in charting.values():
        for _ in range(14):
            serial += 1
            pool.append(made_up_title(rng, serial))
    global_out, country_out = io.StringIO(), io.StringIO()
    g = csv.writer(global_out, delimiter="\t", lineterminator="\n")
    c = csv.writer(country_out, delimiter="\t", lineterminator="\n")
    g.writerow(GLOBAL_HEADER)
    c.writerow(COUNTRY_HEADER)
    isos = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(countries)]
    country_rows: list[list[str]] = []
    for number in range(weeks):
        week = (FIRST_WEEK + dt.timedelta(days=7 * number)).isoformat()
        for category in CATEGORIES:
            pool = charting[category]
            for _ in range(3):
                serial += 1
                pool.insert(0, made_up_title(rng, serial))
            del pool[14:]
            top = rng.sample(pool, 10)
            for rank, title in enumerate(top, start=1):
                season = "N/A" if category.startswith("Films") else f"{title}: Season 1"
                hours = rng.randrange(1_000_000, 60_000_000, 100_000)
                views = "" if number < 100 else str(hours // rng.randint(2, 8))
                g.writerow([week, category, rank, title, season, hours, "2.5", views,
                            rng.randint(1, 8)])  # fmt: skip
            for iso in isos:
                local = rng.sample(pool, 10)
                for rank, title in enumerate(local, start=1):
                    season = "N/A" if category.startswith("Films") else f"{title}: Season 1"
                    country_rows.append([f"Country {iso}", iso, week, category, str(rank), title,
                                         season, str(rng.randint(1, 8))])  # fmt: skip
    # Netflix's order: country, newest week first, category, rank.
    country_rows.sort(key=lambda row: (row[1], -int(row[2].replace("-", "")), row[3], int(row[4])))
    c.writerows(country_rows)
    return global_out.getvalue().encode(), country_out.getvalue().encode()


async def timed(call: Callable[[], Awaitable[object]], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    return statistics.median(samples), cuts[98]


async def bench(weeks: int, countries: int, runs: int, real: bool) -> None:
    print(f"generating {weeks} weeks, {countries} countries …", flush=True)
    global_raw, country_raw = generate(weeks, countries)
    global_rows = global_raw.count(b"\n") - 1
    country_rows = country_raw.count(b"\n") - 1
    print(f"  global file: {global_rows:,} rows; country file: {country_rows:,} rows")
    with tempfile.TemporaryDirectory() as folder:
        db = await prepare_database(Path(folder) / "bench.sqlite3")
        try:
            for name, raw, rows in (
                ("global", global_raw, global_rows),
                ("country", country_raw, country_rows),
            ):
                start = time.perf_counter()
                result = await import_netflix_file(db, raw, f"{name}.tsv")
                first = time.perf_counter() - start
                start = time.perf_counter()
                again = await import_netflix_file(db, raw, f"{name}.tsv")
                second = time.perf_counter() - start
                assert result.rows == rows and again.rows_written == 0
                print(
                    f"import {name}: {first:.2f} s ({rows / first:,.0f} rows/s, "
                    f"{result.new_shows:,} shows made); re-import {second:.2f} s "
                    f"({rows / second:,.0f} rows/s, nothing changed)"
                )
            charts = ChartRepository(db)
            latest = await charts.latest_week(CATEGORIES[0])
            assert latest is not None
            weeks_list = await charts.weeks(CATEGORIES[0])
            rng = random.Random(3)

            async def top() -> None:
                chart = await charts.top(rng.choice(weeks_list), rng.choice(CATEGORIES[:2]))
                assert chart is not None
                top_embed(chart, headline=week_highlight(chart))

            async def top_country() -> None:
                chart = await charts.top(rng.choice(weeks_list), CATEGORIES[0], "AA")
                assert chart is not None
                top_embed(chart)

            show_ids = [
                row[0]
                for row in await db.fetchall(
                    "SELECT DISTINCT t.show_id FROM chart_global e "
                    "JOIN chart_titles t ON t.id = e.title_id"
                )
            ]

            async def history() -> None:
                found = await charts.history(rng.choice(show_ids))
                history_embed(found, "Show")

            async def history_country() -> None:
                found = await charts.history(rng.choice(show_ids), "AA")
                history_embed(found, "Show")

            async def history_picture() -> None:
                found = await charts.history(rng.choice(show_ids))
                await asyncio.to_thread(rank_history_png, found, "Show")
                history_embed(found, "Show", image="rank-history.png")

            longest = await db.fetchval(
                "SELECT t.show_id FROM chart_global e JOIN chart_titles t ON t.id = e.title_id "
                "GROUP BY t.show_id ORDER BY COUNT(*) DESC LIMIT 1"
            )
            long_history = await charts.history(longest)
            rank_history_png(long_history, "warm-up")  # first use loads matplotlib and fonts
            for label, call, count in (
                ("/chart top (global)", top, runs),
                ("/chart top (country)", top_country, runs),
                ("/chart history (global, no picture)", history, runs),
                ("/chart history (country, no picture)", history_country, runs),
                ("/chart history with picture", history_picture, max(20, runs // 20)),
            ):
                p50, p99 = await timed(call, count)
                print(f"{label}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({count} runs)")
            # The heaviest picture: a show in the Top 10 every week for five years, three seasons.
            busy = ChartHistory(1, None, None, tuple(
                HistoryEntry(FIRST_WEEK + dt.timedelta(days=7 * n), CATEGORIES[0],
                             1 + (n + season) % 10, "Show", f"Show: Season {season}",
                             None, None, 1, season)
                for n in range(weeks) for season in (1, 2, 3)
            ))  # fmt: skip
            start = time.perf_counter()
            for _ in range(10):
                rank_history_png(busy, "Show")
            print(
                f"plot render ({len(busy.entries)} points, 3 lines): "
                f"{(time.perf_counter() - start) * 100:.0f} ms each"
            )
        finally:
            await db.close()
    if real:
        await bench_real()


REAL_FILES = Path(__file__).resolve().parents[2] / "shared" / "data" / "netflix"


async def bench_real(folder: Path = REAL_FILES) -> None:
    if not await asyncio.to_thread(folder.is_dir):
        print("real files: not found, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = await prepare_database(Path(tmp) / "real.sqlite3")
        try:
            paths = await asyncio.to_thread(lambda: sorted(folder.glob("all-weeks-*.tsv")))
            for path in reversed(paths):
                raw = await asyncio.to_thread(path.read_bytes)
                start = time.perf_counter()
                result = await import_netflix_file(db, raw, path.name)
                took = time.perf_counter() - start
                print(f"real {path.name}: {result.rows:,} rows in {took:.2f} s")
        finally:
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--weeks", type=int, default=260, help="weeks of lists (default 260)")
    parser.add_argument("--countries", type=int, default=95, help="countries (default 95)")
    parser.add_argument("--runs", type=int, default=1000, help="timed runs per command")
    parser.add_argument("--real", action="store_true", help="also import the real files")
    args = parser.parse_args()
    asyncio.run(bench(args.weeks, args.countries, args.runs, args.real))


if __name__ == "__main__":
    main()
