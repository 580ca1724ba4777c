"""A cluster of real bot processes for the end-to-end tests and the benchmark: a world of
servers spread over the shards, a store with one subscription per server, synthetic
Netflix files for the current week served from 127.0.0.1, and `bot.py cluster`.

The chart rows are made up (titles say so): the bot processes run on the real clock, so the
week they announce must be the one due now, which no real file has.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from app import prepare_database
from core.announce import Schedule, expected_week
from db.announce import AnnouncementRepository
from tests.charts.conftest import COUNTRY_HEADER, GLOBAL_HEADER, TV, tsv
from tests.fakediscord import FakeDiscord, FakeGuild, guild_id_on_shard, make_guild

ROOT = Path(__file__).resolve().parents[2]
CATEGORY = TV


def world(servers: int, shard_count: int) -> list[FakeGuild]:
    """`servers` guilds with one text channel each, round-robin over the shards."""
    return [
        make_guild(
            f"server {n}",
            guild_id=guild_id_on_shard(n % shard_count, shard_count),
            channel_names=("news",),
        )
        for n in range(servers)
    ]


def due_now(now: dt.datetime) -> tuple[Schedule, dt.date]:
    """A weekly slot that came an hour ago, and the week it expects."""
    slot = now - dt.timedelta(hours=1)
    schedule = Schedule(slot.weekday(), slot.hour * 60 + slot.minute, "UTC")
    return schedule, expected_week(slot.date())


def netflix_files(week: dt.date) -> dict[str, bytes]:
    day = week.isoformat()
    global_rows = [
        (day, CATEGORY, str(rank), f"Cluster Test Show {rank}", f"Cluster Test Show {rank}: "
         "Season 1", str(1_000_000 - rank * 1000), "1.5", str(100_000 - rank * 100), "1")
        for rank in range(1, 11)
    ]  # fmt: skip
    country_rows = [
        ("South Korea", "KR", day, "TV", str(rank), f"Cluster Test Show {rank}",
         f"Cluster Test Show {rank}: Season 1", "1")
        for rank in range(1, 11)
    ]  # fmt: skip
    return {
        "all-weeks-global.tsv": tsv(GLOBAL_HEADER, global_rows),
        "all-weeks-countries.tsv": tsv(COUNTRY_HEADER, country_rows),
    }


@dataclass
class NetflixServer:
    """Serves the files with an ETag, counting full downloads and conditional ones."""

    files: dict[str, bytes]
    downloads: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    runner: web.AppRunner | None = None
    port: int = 0

    async def _serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = self.files.get(name)
        if body is None:
            return web.Response(status=404)
        etag = f'"{len(body)}"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[name] += 1
            return web.Response(status=304, headers={"ETag": etag})
        self.downloads[name] += 1
        return web.Response(body=body, headers={"ETag": etag, "Content-Type": "text/plain"})

    async def start(self) -> NetflixServer:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self.runner.addresses[0][1])
        return self

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


async def subscribe_every_channel(
    path: Path,
    guilds: list[FakeGuild],
    schedule: Schedule,
    now: dt.datetime,
    *,
    limit: int | None = None,
) -> None:
    db = await prepare_database(path)
    try:
        repo = AnnouncementRepository(db)
        targets = [(g, c) for g in guilds for c in g.text_channels()][:limit]
        for guild, channel in targets:
            await repo.subscribe(
                guild_id=guild.id,
                channel_id=channel.id,
                category=CATEGORY,
                country_iso2=None,
                schedule=schedule,
                role_id=None,
                by=1,
                now=now - dt.timedelta(days=8),
            )
    finally:
        await db.close()


def cluster_env(
    fake: FakeDiscord, netflix: NetflixServer, database: Path, **extra: str
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DISCORD_", "SHARD_", "CLUSTER_", "NETFLIX_", "ANNOUNCE_", "TVMAZE_", "TMDB_")
        )
    }
    env.update(
        DISCORD_TOKEN="cluster-test-token",
        DISCORD_API_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_PATH=str(database),
        NETFLIX_GLOBAL_URL=netflix.url("all-weeks-global.tsv"),
        NETFLIX_COUNTRIES_URL=netflix.url("all-weeks-countries.tsv"),
        NETFLIX_MOST_POPULAR_URL="none",
        # The enrichment job stays on 127.0.0.1 too (it finds nothing there).
        TVMAZE_API_URL=netflix.url("tvmaze").rsplit("/", 1)[0],
        SCHEDULER_ENABLED="true",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


async def start_cluster(
    processes: int, env: Mapping[str, str], log: Path
) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "bot.py"),
            "cluster",
            "--processes",
            str(processes),
            env=dict(env),
            cwd=str(ROOT),
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )


def announcements(fake: FakeDiscord, guilds: list[FakeGuild]) -> Counter[int]:
    """Announcement posts per channel (a real post's title links to its marker)."""
    seen: Counter[int] = Counter()
    for guild in guilds:
        for channel in guild.text_channels():
            for message in fake.messages(channel.id):
                links = (e.get("url") or "" for e in message.get("embeds", []))
                if any("#hallyu-" in link for link in links):
                    seen[channel.id] += 1
    return seen
