"""Pictures are drawn in a worker process that exits when idle; the bot never imports
matplotlib itself."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from core.generation import Generation
from db.charts import ChartHistory, HistoryEntry
from render.chart_plot import rank_history_png
from services.pictures import PictureWorker

ROOT = Path(__file__).resolve().parents[2]


def sample_history() -> ChartHistory:
    entries = tuple(
        HistoryEntry(
            week=dt.date(2025, 4, 27) + dt.timedelta(days=7 * n),
            category="TV (Non-English)",
            rank=1 + n,
            show_title="Made-up",
            season_title=None,
            hours_viewed=None,
            views=None,
            weeks_in_top10=1 + n,
            title_id=1,
        )
        for n in range(3)
    )
    return ChartHistory(1, None, None, entries)


def worker_pid() -> int:
    return os.getpid()


async def stops(worker: PictureWorker) -> bool:
    for _ in range(100):
        if not worker.alive:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_the_worker_draws_elsewhere_and_exits_when_idle() -> None:
    worker = PictureWorker(idle=0.2)
    try:
        first = await worker.run(worker_pid)
        assert first != os.getpid()
        assert await worker.run(worker_pid) == first, "a burst reuses one worker"
        assert worker.alive
        assert await stops(worker), "the idle worker exits"
        assert await worker.run(worker_pid) != first
        assert worker.started == 2
    finally:
        await worker.close()


async def test_a_chart_picture_is_drawn_by_the_worker() -> None:
    worker = PictureWorker(idle=5)
    try:
        picture = await worker.run(rank_history_png, sample_history(), "Made-up")
    finally:
        await worker.close()
    assert picture.startswith(b"\x89PNG")


def test_loading_every_extension_imports_no_matplotlib(tmp_path: Path) -> None:
    code = (
        "import asyncio, sys\n"
        "from app import HallyuBot\n"
        "from config import Settings\n"
        "async def main():\n"
        "    bot = HallyuBot(Settings(database_path=sys.argv[1], scheduler_enabled=False))\n"
        "    async with bot:\n"
        "        await bot.prepare()\n"
        "        await asyncio.sleep(0.2)\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "hallyu.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def pid_picture(label: str) -> bytes:
    return f"{label}:{os.getpid()}".encode()


async def test_a_picture_is_drawn_once_per_data_generation() -> None:
    generation = Generation()
    worker = PictureWorker(generation, idle=5)
    runs = 0
    run = worker.run

    async def counting(fn, *args):
        nonlocal runs
        runs += 1
        return await run(fn, *args)

    worker.run = counting  # type: ignore[method-assign]
    try:
        first = await worker.draw(("show", 1), pid_picture, "a")
        assert await worker.draw(("show", 1), pid_picture, "a") == first
        assert runs == 1
        await worker.draw(("show", 2), pid_picture, "b")
        assert runs == 2
        generation.bump()
        await worker.draw(("show", 1), pid_picture, "a")
        assert runs == 3
    finally:
        await worker.close()
