"""One bot process for bench/e2e.py: a bare discord.py bot answering /ping, or Hallyu.

Started by bench/e2e.py with the fake Discord's URLs in the environment; prints
`READY <rss kB>` when discord.py fires on_ready, then `SYNCED` once its commands are
registered, and runs until its stdin closes.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def build(kind: str) -> Any:
    if kind == "bare":
        import discord
        from discord import app_commands

        client = discord.Client(intents=discord.Intents.none())
        tree = app_commands.CommandTree(client)

        @tree.command(name="ping", description="Pong")
        async def ping(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message("pong")

        client.tree = tree  # type: ignore[attr-defined]
        return client
    # As `python bot.py` does before its imports (see the top of bot.py).
    gc.disable()
    sys.path.insert(0, str(ROOT))
    from app import HallyuBot
    from bot import configure_logging
    from config import Settings

    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return HallyuBot(settings)


async def main(kind: str) -> None:
    client = build(kind)
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = os.environ["FAKE_API_BASE"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_GATEWAY"])
    client._connection.guild_ready_timeout = 0.05

    async def no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
        return None

    client.before_identify_hook = no_identify_delay

    async def on_ready() -> None:
        report(f"READY {rss_kb()}")
        await client.tree.sync()
        report("SYNCED")

    client.event(on_ready)
    runner = asyncio.create_task(client.start("bench-token"))
    # The benchmark writes `gc` to ask how long a full collection pauses the bot now, and
    # closes stdin when it is done.
    while line := await asyncio.to_thread(sys.stdin.readline):
        if line.strip() == "gc":
            started = time.perf_counter()
            gc.collect()
            report(f"GC {time.perf_counter() - started:.5f} {rss_kb()}")
    await client.close()
    await asyncio.gather(runner, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
