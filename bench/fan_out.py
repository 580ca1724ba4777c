"""What the one-bot fan-out benchmarks (announce, airing) share: the fake Discord in a child
process of its own, as Discord would be, and one real bot logged in to it."""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from app import HallyuBot
from config import Secret, Settings

TOKEN = "bench-token"  # noqa: S105 - the local fake accepts it, nothing else does


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@dataclass
class FakeProcess:
    process: BaseProcess
    conn: Connection
    #: (guild id, channel id) of every channel the bot may post to.
    targets: list[tuple[int, int]]

    async def report(self) -> dict[str, Any]:
        """Ask the fake what it recorded, once the bot is done; it then stops."""
        self.conn.send("report")
        seen: dict[str, Any] = await asyncio.get_running_loop().run_in_executor(
            None, self.conn.recv
        )
        self.process.join(timeout=30)
        return seen


async def start_fake(serve: Callable[..., None], *args: Any) -> FakeProcess:
    """Run `serve(conn, *args)` in a child process; it sends (API base, gateway URL,
    targets) once listening, then waits for "report". discord.py is pointed at it."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(child, *args), daemon=True)
    process.start()
    api_base, gateway_url, targets = await asyncio.get_running_loop().run_in_executor(
        None, parent.recv
    )
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return FakeProcess(process, parent, targets)


@asynccontextmanager
async def logged_in_bot() -> AsyncIterator[HallyuBot]:
    """The real bot on a fresh store, logged in to the fake and ready; closed after."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            discord_token=Secret(TOKEN),
            database_path=Path(tmp) / "bench.sqlite3",
            scheduler_enabled=False,
            shard_count=1,
        )
        bot = HallyuBot(settings)
        bot._connection.guild_ready_timeout = 0.5
        runner = asyncio.create_task(bot.start(TOKEN))
        try:
            while not bot.is_ready():
                if runner.done():
                    runner.result()
                await asyncio.sleep(0.05)
            yield bot
        finally:
            await bot.close()
            await asyncio.gather(runner, return_exceptions=True)
