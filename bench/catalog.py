"""Benchmark: `/show` lookup+render and autocomplete on a large synthetic catalog.

Builds 20,000 shows, 60,000 aliases and 100,000 credits in a temporary database, then
times 2,000 varied queries (exact, prefix, typo, Hangul). Run: `python bench/catalog.py`.
`--locale pt-BR` (or any Discord locale) answers every request as for a member with that
language, resolving it as the commands do (`de`, which Hallyu does not speak, takes the
server's-choice path through the store).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import prepare_database
from core.text import normalize
from db.catalog import CatalogRepository
from render.i18n import LANGUAGES
from services.cards import Cards
from services.languages import ServerLanguages
from services.live import LiveData
from services.lookup import ShowFinder

WORDS = [
    "love",
    "moon",
    "star",
    "night",
    "river",
    "garden",
    "school",
    "hero",
    "queen",
    "king",
    "doctor",
    "city",
    "secret",
    "spring",
    "winter",
    "summer",
    "autumn",
    "sky",
    "ocean",
    "fire",
    "snow",
    "dream",
    "island",
    "road",
    "house",
    "family",
    "signal",
    "mask",
    "crown",
    "blade",
    "ghost",
    "angel",
    "devil",
    "detective",
    "lawyer",
    "chef",
    "idol",
    "village",
    "stranger",
    "memory",
    "promise",
    "letter",
    "flower",
    "mountain",
    "train",
    "window",
    "tiger",
    "dragon",
    "wolf",
]
SYLLABLES = "가나다라마바사아자차카타파하강남동서북한영웅사랑별달밤봄겨울여름꿈집길"


def title_for(rng: random.Random, used: set[str]) -> str:
    while True:
        words = rng.sample(WORDS, rng.choice((2, 2, 3, 3, 4)))
        title = " ".join(word.capitalize() for word in words)
        if rng.random() < 0.2:
            title += f" {rng.randint(2, 9)}"
        if title not in used:
            used.add(title)
            return title


def hangul(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 6)))


def build(path: Path, shows: int, aliases: int, credits: int, seed: int) -> list[tuple[str, str]]:
    """Fill the catalog with plain sqlite3 (setup speed is not what we measure)."""
    rng = random.Random(seed)
    used: set[str] = set()
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    show_rows, season_rows, release_rows, alias_rows = [], [], [], []
    titles: list[tuple[str, str]] = []
    base = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM shows").fetchone()[0]) + 1000
    for n in range(shows):
        show_id = base + n
        title, title_ko = title_for(rng, used), hangul(rng)
        titles.append((title, title_ko))
        show_rows.append((show_id, f"bench-{n}", title, title_ko, "drama", "KR", "catalog"))
        season_rows.append((show_id, show_id, 1, f"{title} Season 1"))
        year = rng.randint(2000, 2025)
        release_rows.append(
            (show_id, "Netflix", f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
        )
    for _ in range(aliases):
        show_id = base + rng.randrange(shows)
        alias = title_for(rng, used)
        alias_rows.append((show_id, alias, "other", normalize(alias)))
    conn.executemany(
        "INSERT INTO shows (id, slug, title, title_ko, kind, country, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        show_rows,
    )
    conn.executemany(
        "INSERT INTO seasons (id, show_id, number, title) VALUES (?, ?, ?, ?)", season_rows
    )
    conn.executemany(
        "INSERT INTO releases (season_id, platform, release_date) VALUES (?, ?, ?)", release_rows
    )
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (show_id, alias, kind, normalized) VALUES (?, ?, ?, ?)",
        alias_rows,
    )
    people = [(f"Person {n}", normalize(f"Person {n}")) for n in range(credits // 4)]
    conn.executemany("INSERT INTO people (name, normalized) VALUES (?, ?)", people)
    first_person = conn.execute("SELECT MIN(id) FROM people WHERE name LIKE 'Person %'").fetchone()[
        0
    ]
    conn.executemany(
        "INSERT INTO credits (person_id, show_id, season_id, character, role, billing) "
        "VALUES (?, ?, ?, ?, 'cast', ?)",
        [
            (
                first_person + rng.randrange(len(people)),
                base + (n % shows),
                base + (n % shows),
                f"Character {n}",
                n // shows,
            )
            for n in range(credits)
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    return titles


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def queries(rng: random.Random, titles: list[tuple[str, str]], count: int) -> list[str]:
    out = []
    for n in range(count):
        title, title_ko = rng.choice(titles)
        kind = n % 4
        if kind == 0:
            out.append(title.lower())
        elif kind == 1:
            out.append(title[: rng.randint(3, max(3, len(title) - 2))])
        elif kind == 2:
            out.append(typo(rng, title.lower()))
        else:
            out.append(title_ko)
    return out


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def report(name: str, samples: list[float], target: float) -> None:
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    verdict = "ok" if p99 <= target else "OVER TARGET"
    print(
        f"{name:<28} p50 {p50:7.3f} ms   p99 {p99:7.3f} ms   "
        f"mean {statistics.fmean(samples):7.3f} ms   (target p99 ≤ {target:g} ms: {verdict})"
    )


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        db = await prepare_database(path)
        await db.close()
        started = time.perf_counter()
        titles = build(path, args.shows, args.aliases, args.credits, args.seed)
        print(
            f"built {args.shows:,} shows, {args.aliases:,} aliases, {args.credits:,} credits "
            f"in {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        db = await prepare_database(path)
        live = LiveData()
        await live.attach(db)
        index = live.titles
        cold = time.perf_counter() - started
        # As the bot does when it installs the command translator at start.
        LANGUAGES.preload()
        # As the bot does once started (bot.py): the index's objects leave the collector's
        # scans, or every full collection walks them all.
        gc.freeze()
        print(
            f"cold start (open+migrate+seed check+index {len(index):,} shows): {cold * 1000:.0f} ms"
            f" (target ≤ 2000 ms: {'ok' if cold <= 2 else 'OVER TARGET'})"
        )

        finder = ShowFinder(CatalogRepository(db), index)
        cards = Cards(live)
        languages = ServerLanguages(live)
        guild = 1
        workload = queries(rng, titles, args.queries)
        show_times, complete_times, misses = [], [], 0
        for query in workload:
            begin = time.perf_counter()
            lang = await languages.for_member(args.locale, guild, None)
            try:
                # What the /show command does: the query to an id in memory, then the card
                # in the member's language with its chart line (a show asked before in that
                # language comes from the memo; most of these 2,000 queries name a show for
                # the first time: one read, rendered).
                found = cards.resolve(query)
                if found.show_id is not None:
                    await cards.show(found.show_id, None, lang)
            except Exception:  # a miss is a valid outcome; count it
                misses += 1
            show_times.append((time.perf_counter() - begin) * 1000)
            begin = time.perf_counter()
            await languages.for_member(args.locale, guild, None)
            finder.autocomplete(query[: rng.randint(1, len(query))])
            complete_times.append((time.perf_counter() - begin) * 1000)
        await db.close()
    print(
        f"{len(workload):,} queries (exact, prefix, typo, Hangul), member locale "
        f"{args.locale}; {misses} found no show"
    )
    report("/show lookup+render", show_times, 5)
    report("autocomplete", complete_times, 10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shows", type=int, default=20_000)
    parser.add_argument("--aliases", type=int, default=60_000)
    parser.add_argument("--credits", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--locale", default="en-US", help="the member's Discord locale")
    asyncio.run(main(parser.parse_args()))
