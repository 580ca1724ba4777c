"""Benchmark: one weekly fan-out to 10,000 channels against the local fake Discord.

The fake runs in its own process (as Discord would) with Discord's global limit of 50
requests/s; the real bot, with its real delivery engine and chart renderer, posts the
newest week's announcement to every subscription in one pass. The chart data is Netflix's
real global file when `../shared/data/netflix` is beside the checkout, else the test
fixture's rows. Subscriptions are spread over every shipped language and the servers'
own (`--languages en` for English only), so the pass renders each language once.
Reports the time against the floor the limit sets (10,000 / 50 = 200 s), the bot
process's peak memory, 429s served, the renderings, and duplicates or misses counted from
what the fake recorded. Run: `python bench/announce.py` (`--subscriptions 1000` for a
quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.fan_out import logged_in_bot, peak_rss_mb, start_fake
from core.announce import MAX_SUBSCRIPTIONS, Schedule
from core.locales import SUPPORTED
from db.announce import AnnouncementRepository
from db.chart_import import import_netflix_file
from db.charts import ChartRepository

CATEGORY = "TV (Non-English)"
REAL_GLOBAL = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "netflix" / "all-weeks-global.tsv"
)


# -- the fake Discord, in a child process -------------------------------------------


def serve_fake(conn: Connection, guilds: int, per_guild: int, rate: int) -> None:
    asyncio.run(_serve(conn, guilds, per_guild, rate))


async def _serve(conn: Connection, guilds: int, per_guild: int, rate: int) -> None:
    from tests.fakediscord import FakeDiscord, make_guild

    world = [
        make_guild(f"server {g}", channel_names=[f"c{c}" for c in range(per_guild)])
        for g in range(guilds)
    ]
    async with FakeDiscord(world, validate_openapi=False) as fake:
        fake.set_global_rate_limit(rate)
        targets = [(g.id, c.id) for g in world for c in g.text_channels()]
        conn.send((fake.api_base, fake.gateway_url, targets))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        per_channel: Counter[str] = Counter()
        posts = 0
        for guild in world:
            for channel in guild.text_channels():
                for message in fake.messages(channel.id):
                    posts += 1
                    for embed in message.get("embeds", []):
                        url = embed.get("url", "")
                        if "#hallyu-" in url:
                            per_channel[f"{channel.id} {url.rsplit('#hallyu-', 1)[1]}"] += 1
        conn.send(
            {
                "posts": posts,
                "announcements": dict(per_channel),
                "rate_limit_hits": fake.rate_limit_hits,
                "global_rate_limit_hits": fake.global_rate_limit_hits,
                "violations": len(fake.violations),
                "requests": len(fake.requests),
            }
        )


# -- the bot -----------------------------------------------------------------------------


def chart_file() -> tuple[str, bytes]:
    if REAL_GLOBAL.is_file():
        return "Netflix's all-weeks-global.tsv", REAL_GLOBAL.read_bytes()
    from tests.charts.conftest import global_file

    return "the test fixture's rows", global_file()


async def run(args: argparse.Namespace) -> int:
    per_guild = MAX_SUBSCRIPTIONS
    guilds = -(-args.subscriptions // per_guild)
    fake = await start_fake(serve_fake, guilds, per_guild, args.rate)
    targets = fake.targets[: args.subscriptions]
    async with logged_in_bot() as bot:
        source, raw = chart_file()
        await import_netflix_file(bot.db, raw, "all-weeks-global.tsv")
        week = await ChartRepository(bot.db).latest_week(CATEGORY)
        assert week is not None
        slot = dt.datetime.combine(week + dt.timedelta(days=2), dt.time(18), tzinfo=dt.UTC)
        repo = AnnouncementRepository(bot.db)
        languages = languages_of(args.languages)
        feed = bot.announcements.feed
        render = feed.render
        renderings: Counter[str] = Counter()

        async def counted(*given: Any, **named: Any) -> Any:
            lang = named.get("lang", given[4] if len(given) > 4 else None)
            renderings[getattr(lang, "tag", "en")] += 1
            return await render(*given, **named)

        feed.render = counted  # type: ignore[method-assign]
        started = time.perf_counter()
        for n, (guild_id, channel_id) in enumerate(targets):
            await repo.subscribe(
                guild_id=guild_id,
                channel_id=channel_id,
                category=CATEGORY,
                country_iso2=None,
                schedule=Schedule(1, 18 * 60, "UTC"),
                role_id=None,
                by=1,
                now=slot - dt.timedelta(days=30),
                language=languages[n % len(languages)],
            )
        setup = time.perf_counter() - started
        memory_before = peak_rss_mb()
        started = time.perf_counter()
        report = await bot.announcements.deliver(slot)
        elapsed = time.perf_counter() - started
        again = await bot.announcements.deliver(slot + dt.timedelta(minutes=1))
        ledger = await repo.counts()
    seen = await fake.report()

    n = len(targets)
    floor = n / args.rate
    counts = seen["announcements"]
    duplicates = sum(c - 1 for c in counts.values() if c > 1)
    missing = n - len(counts)
    print(f"chart data:             {source}, week ending {week}")
    print(f"subscriptions:          {n:,} in {guilds:,} servers (set up in {setup:.1f} s)")
    print(f"delivery pass:          {report}")
    mixed = ", ".join(f"{tag} {count}" for tag, count in sorted(renderings.items()))
    print(f"renderings:             {sum(renderings.values())} ({mixed})")
    print(f"fan-out time:           {elapsed:.1f} s")
    print(f"floor at {args.rate} req/s:      {floor:.1f} s")
    print(f"throughput ratio:       {floor / elapsed:.3f} (target >= 0.9)")
    print(f"messages per second:    {n / elapsed:.1f}")
    print(
        f"peak memory (bot):      {peak_rss_mb():.0f} MB (before the pass: {memory_before:.0f} MB)"
    )
    hits, global_hits = seen["rate_limit_hits"], seen["global_rate_limit_hits"]
    print(f"429s served:            {hits} ({global_hits} global)")
    print(
        f"posts recorded:         {seen['posts']:,}; duplicates: {duplicates}; missing: {missing}"
    )
    print(f"second pass due:        {again.due}; ledger: {ledger}")
    print(f"fake violations:        {seen['violations']}")
    ok = duplicates == 0 and missing == 0 and again.due == 0 and floor / elapsed >= 0.9
    return 0 if ok else 1


def languages_of(choice: str) -> list[str | None]:
    """`mixed`: every shipped language and the server's (None) in turn; else a list of
    tags, `server` for the server's language."""
    if choice == "mixed":
        return [None, *SUPPORTED]
    return [None if tag == "server" else tag for tag in choice.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=50, help="the fake's global limit (req/s)")
    parser.add_argument(
        "--languages",
        default="mixed",
        help="`mixed` (default), or tags such as `en` or `ko,pt-BR,server`",
    )
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
