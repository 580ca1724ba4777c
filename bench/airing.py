"""Benchmark: an evening of Korean episodes posted to every server that follows them.

`--servers` servers (default 10,000) each follow `--follows` (default 5) of `--episodes`
(default 20) shows; each show airs one episode, the air times spread evenly over
`--window` seconds of real time (default 3600: the issue's evening hour; a shorter window
compresses it and makes the rate limit bite harder). The fake Discord runs in its own
process with Discord's global limit of 50 requests/s; the real bot runs its real
episode-post engine. By default it runs the scheduler's own minute job
(`Airing.run_passes` at :05 past each minute, air times on whole minutes); `--tick N`
runs a plain pass every N seconds instead (for compressed windows).

Reports, from what the fake recorded (a message id's snowflake is its send time):
- each post's lateness beyond the rate-limit floor: the floor sends every post, in air-time
  order, at 50/s as soon as it is due; target: every post within 60 s of its floor time;
- throughput: the floor's busy time over the measured one (target >= 0.9 of 50 req/s);
- duplicates and misses, 429s served, and the bot's peak memory.

Run: `.venv/bin/python bench/airing.py` (`--servers 1000 --window 120 --tick 1` for a quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discord.utils import snowflake_time

from bench.fan_out import logged_in_bot, peak_rss_mb, start_fake
from core.airing import AiringShow, ScheduledEpisode
from core.providers import Episode, ProviderRef

_REF = re.compile(r"#hallyu-air-(\d+)-(\d+)$")
SHOW_BASE = 95000
EPISODE_BASE = 9500000


# -- the fake Discord, in a child process -------------------------------------------


def serve_fake(conn: Connection, servers: int, rate: int) -> None:
    asyncio.run(_serve(conn, servers, rate))


async def _serve(conn: Connection, servers: int, rate: int) -> None:
    from tests.fakediscord import FakeDiscord, make_guild

    world = [make_guild(f"server {g}", channel_names=["episodes"]) for g in range(servers)]
    async with FakeDiscord(world, validate_openapi=False) as fake:
        fake.set_global_rate_limit(rate)
        targets = [(g.id, g.text_channels()[0].id) for g in world]
        conn.send((fake.api_base, fake.gateway_url, targets))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        posts: list[tuple[str, int]] = []
        # Every stored message once (per-channel lookups would scan them all per channel).
        for stored in fake.world.messages.all():
            for embed in stored.payload.get("embeds", []):
                found = _REF.search(embed.get("url") or "")
                if found:
                    posts.append((found.group(0), int(stored.payload["id"])))
        conn.send(
            {
                "posts": posts,
                "rate_limit_hits": fake.rate_limit_hits,
                "global_rate_limit_hits": fake.global_rate_limit_hits,
                "violations": len(fake.violations),
            }
        )


# -- the bot -----------------------------------------------------------------------------


def evening(
    start: dt.datetime, episodes: int, window: float, minutes: bool
) -> list[ScheduledEpisode]:
    step = window / episodes
    found = []
    for n in range(episodes):
        air = (start + dt.timedelta(seconds=round(n * step))).replace(microsecond=0)
        if minutes:  # broadcasters' air times are whole minutes
            air = air.replace(second=0) + dt.timedelta(minutes=1)
        show = AiringShow(
            ref=ProviderRef("tvmaze", SHOW_BASE + n),
            name=f"Evening Drama {n + 1}",
            network="tvN",
            country="KR",
            kind="drama",
            status="Running",
        )
        found.append(
            ScheduledEpisode(
                id=EPISODE_BASE + n,
                show=show,
                episode=Episode(1, 5, airdate=air.date().isoformat(), airstamp=air.isoformat()),
            )
        )
    return found


def floor_times(airs: list[float], rate: float) -> list[float]:
    """When each post (sorted by air time) would go out at `rate` posts/s, sent as soon as
    it is due: the best any sender under the limit can do."""
    times, last = [], float("-inf")
    for air in sorted(airs):
        last = max(air, last + 1 / rate)
        times.append(last)
    return times


async def run(args: argparse.Namespace) -> int:
    fake = await start_fake(serve_fake, args.servers, args.rate)
    async with logged_in_bot() as bot:
        now = dt.datetime.now(dt.UTC)
        start = now + dt.timedelta(seconds=args.lead)
        episodes = evening(start, args.episodes, args.window, minutes=not args.tick)
        await bot.airing.schedule.store(episodes, "schedule", now)
        follows = [
            (guild_id, channel_id, episodes[(g * args.follows + k) % args.episodes].show.ref)
            for g, (guild_id, channel_id) in enumerate(fake.targets)
            for k in range(args.follows)
        ]
        started = time.perf_counter()
        await bot.airing.follows.add_many(follows, 1, now - dt.timedelta(days=1))
        setup = time.perf_counter() - started
        memory_before = peak_rss_mb()
        last_air = max(e.airs_at for e in episodes if e.airs_at)
        passes = 0
        while True:
            tick = dt.datetime.now(dt.UTC)
            if args.tick:
                passes += 1
                report = await bot.airing.deliver(tick)
                done = tick > last_air and report.due == 0
                pause = args.tick - (dt.datetime.now(dt.UTC) - tick).total_seconds()
            else:
                # The production cadence: the minute job at :05 (Airing.run_passes).
                passes += await bot.airing.run_passes()
                done = tick > last_air + dt.timedelta(seconds=5)
                after = dt.datetime.now(dt.UTC)
                due = after.replace(second=5, microsecond=0)
                while due <= after:
                    due += dt.timedelta(minutes=1)
                pause = (due - after).total_seconds()
            if done:
                break
            await asyncio.sleep(max(0.0, pause))
        ledger = await bot.airing.poster.ledger.counts()
        pacer_429 = bot.announcements.pacer.rate_limits
    seen = await fake.report()

    air_of = {e.id: e.airs_at.timestamp() for e in episodes if e.airs_at}
    recorded: dict[str, list[float]] = {}
    for reference, message_id in seen["posts"]:
        recorded.setdefault(reference, []).append(snowflake_time(message_id).timestamp())
    expected = len(follows)
    duplicates = sum(len(v) - 1 for v in recorded.values() if len(v) > 1)
    missing = expected - len(recorded)
    pairs = []
    for reference, sent in recorded.items():
        match = _REF.search(reference)
        assert match is not None
        pairs.append((air_of[int(match.group(2))], min(sent)))
    pairs.sort()
    floors = floor_times([air for air, _ in pairs], args.rate)
    sends = sorted(sent for _, sent in pairs)
    lateness = [sent - floor for sent, floor in zip(sends, floors, strict=True)]
    after_air = [sent - air for air, sent in pairs]
    first_air = pairs[0][0] if pairs else 0.0
    busy_floor = (floors[-1] - first_air) if floors else 0.0
    busy = (sends[-1] - first_air) if sends else 0.0
    ratio = busy_floor / busy if busy else 0.0
    worst = max(lateness) if lateness else 0.0
    median = sorted(lateness)[len(lateness) // 2] if lateness else 0.0
    sent_total = sum(len(v) for v in recorded.values())
    hits, global_hits = seen["rate_limit_hits"], seen["global_rate_limit_hits"]
    lines = [
        f"servers:                {args.servers:,}, {args.follows} follows each "
        f"({expected:,} posts)",
        f"evening:                {args.episodes} episodes over {args.window:.0f} s; "
        + (f"a pass every {args.tick:g} s" if args.tick else "the minute job at :05")
        + f" ({passes} passes)",
        f"follows set up in:      {setup:.1f} s",
        f"floor busy time:        {busy_floor:.1f} s at {args.rate} req/s",
        f"measured busy time:     {busy:.1f} s",
        f"throughput ratio:       {ratio:.3f} (target >= 0.9)",
        f"lateness beyond floor:  max {worst:.1f} s, median {median:.1f} s (target <= 60 s)",
        f"after air time:         max {max(after_air, default=0.0):.1f} s",
        f"peak memory (bot):      {peak_rss_mb():.0f} MB "
        f"(before the evening: {memory_before:.0f} MB)",
        f"429s served:            {hits} ({global_hits} global; the pacer saw {pacer_429})",
        f"posts recorded:         {sent_total:,}; duplicates: {duplicates}; missing: {missing}",
        f"ledger:                 {ledger}",
        f"fake violations:        {seen['violations']}",
    ]
    print("\n".join(lines))
    ok = duplicates == 0 and missing == 0 and worst <= 60 and ratio >= 0.9
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--follows", type=int, default=5)
    parser.add_argument("--episodes", type=int, default=20)
    parser.add_argument("--window", type=float, default=3600.0, help="seconds the evening spans")
    parser.add_argument(
        "--tick",
        type=float,
        default=0.0,
        help="seconds between post passes (0: the scheduler's minute job at :05, air times "
        "on whole minutes)",
    )
    parser.add_argument("--lead", type=float, default=5.0, help="seconds before the first air time")
    parser.add_argument("--rate", type=int, default=50, help="the fake's global limit (req/s)")
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
