"""Another process imports while the bot runs: the bot notices it and answers with it."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path
from typing import Any

from config import Settings
from console import Console
from tests.charts.conftest import global_file
from tests.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
EPHEMERAL = 64


async def run_cli(settings: Settings, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "DATABASE_PATH": str(settings.database_path),
        "SCHEDULER_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DISCORD_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bot.py"),
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def show(fake: FakeDiscord, query: str) -> dict[str, Any]:
    reply = await (await fake.slash("show", query=query)).callback()
    data: dict[str, Any] = reply["data"]
    return data


async def test_an_import_from_another_terminal_is_seen_without_a_restart(
    live, settings: Settings, tmp_path: Path
) -> None:
    fake, bot = live
    before = await show(fake, "the eternaut")
    assert before["flags"] & EPHEMERAL and "No show matches" in before["content"]
    memoised = await show(fake, "weak hero")
    assert all(f["name"] != "Netflix Top 10" for f in memoised["embeds"][0]["fields"])
    generation = bot.live.generation.value

    path = tmp_path / "all-weeks-global.tsv"
    path.write_bytes(global_file())
    code, output = await run_cli(settings, "import-netflix", str(path))
    assert code == 0, output

    # The watcher checks every 1.5 s; give it a few ticks on a loaded machine.
    for _ in range(150):
        if bot.live.generation.value != generation:
            break
        await asyncio.sleep(0.1)
    assert bot.live.generation.value > generation, "the watcher did not notice the import"
    after = await show(fake, "the eternaut")
    assert not after.get("flags", 0) & EPHEMERAL
    assert after["embeds"][0]["title"] == "The Eternaut"
    # A card memoised before the import is rendered again with the new chart line.
    weak_hero = await show(fake, "weak hero")
    assert any(f["name"] == "Netflix Top 10" for f in weak_hero["embeds"][0]["fields"])


async def test_the_console_sees_an_import_from_another_terminal(
    offline_bot, settings: Settings, tmp_path: Path
) -> None:
    console = Console(offline_bot, io.StringIO())
    assert await console.execute("/show the eternaut") == 1
    generation = offline_bot.live.generation.value
    path = tmp_path / "all-weeks-global.tsv"
    path.write_bytes(global_file())
    code, output = await run_cli(settings, "import-netflix", str(path))
    assert code == 0, output
    for _ in range(150):
        if offline_bot.live.generation.value != generation:
            break
        await asyncio.sleep(0.1)
    out = io.StringIO()
    assert await Console(offline_bot, out).execute("/show the eternaut") == 0
    assert out.getvalue().startswith("The Eternaut")
