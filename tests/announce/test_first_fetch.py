"""A fresh bot with no chart data fetches Netflix's files at start, in the background."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import logging
import socket
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from app import HallyuBot
from config import Settings
from console import Console
from db.charts import ChartRepository
from tests.charts.test_most_popular import most_popular

from .test_refresh import NetflixSite, site  # noqa: F401  (the local Netflix fixture)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pointed_at(settings: Settings, base: str) -> Settings:
    return dataclasses.replace(
        settings,
        netflix_global_url=f"{base}/all-weeks-global.tsv",
        netflix_countries_url=f"{base}/all-weeks-countries.tsv",
    )


@pytest.fixture
async def fresh_bot(site: NetflixSite, settings: Settings) -> AsyncIterator[HallyuBot]:  # noqa: F811
    site.files["most-popular.tsv"] = most_popular()
    local = dataclasses.replace(
        pointed_at(settings, site.base), netflix_most_popular_url=f"{site.base}/most-popular.tsv"
    )
    async with HallyuBot(local) as bot:
        await bot.prepare()
        yield bot


async def test_an_empty_store_is_filled_at_start(
    fresh_bot: HallyuBot,
    site: NetflixSite,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    charts = ChartRepository(fresh_bot.db)
    assert not await charts.has_data()
    with caplog.at_level(logging.INFO, logger="scheduler"):
        report = await fresh_bot.announcements.first_fetch(fresh_bot.started_at)
    assert report is not None and len(report.imported) == 3 and not report.errors
    assert await fresh_bot.db.fetchval("SELECT COUNT(*) FROM chart_most_popular") == 6
    assert await charts.has_data()
    messages = [record.getMessage() for record in caplog.records]
    assert any("fetching Netflix's published files in the background" in m for m in messages)
    assert any(m.startswith("Importing all-weeks-countries.tsv: 100%") for m in messages)
    assert any(m.startswith("Netflix Top 10 data imported") for m in messages)
    # The title index knows the chart-only shows at once.
    out = io.StringIO()
    assert await Console(fresh_bot, out).execute("/chart history my mister country:KR") == 0
    # With data stored, a later start fetches nothing.
    hits = len(site.hits)
    assert await fresh_bot.announcements.first_fetch(fresh_bot.started_at) is None
    assert len(site.hits) == hits


async def test_offline_it_logs_one_line_and_carries_on(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    offline = pointed_at(settings, f"http://127.0.0.1:{closed_port()}/tudum/top10/data")
    async with HallyuBot(offline) as bot:
        await bot.prepare()
        with caplog.at_level(logging.INFO):
            report = await bot.announcements.first_fetch(bot.started_at)
        assert report is not None and report.errors and not report.imported
        assert not await ChartRepository(bot.db).has_data()
        out = io.StringIO()
        assert await Console(bot, out).execute("/about") == 0
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, problems
    assert problems[0].startswith("Could not fetch Netflix's Top 10 files (")
    assert "bot.py import-netflix" in problems[0]


async def test_commands_answer_while_the_fetch_runs(
    settings: Settings,
) -> None:
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(status=503)

    app = web.Application()
    app.router.add_get("/{name}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    try:
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        async with HallyuBot(pointed_at(settings, base)) as bot:
            await bot.prepare()
            fetching = asyncio.create_task(bot.announcements.first_fetch(bot.started_at))
            await asyncio.sleep(0.1)
            out = io.StringIO()
            started = time.monotonic()
            assert await Console(bot, out).execute("/chart top") == 1
            assert time.monotonic() - started < 1.0
            assert "No Netflix Top 10 lists are stored yet" in out.getvalue()
            assert not fetching.done()
            release.set()
            report = await fetching
            assert report is not None and report.errors
    finally:
        await runner.cleanup()


async def test_the_scheduler_runs_it_at_start(settings: Settings) -> None:
    offline = pointed_at(settings, f"http://127.0.0.1:{closed_port()}")
    async with HallyuBot(dataclasses.replace(offline, scheduler_enabled=True)) as bot:
        await bot.prepare()
        bot.announcements.start()
        scheduler = bot.announcements.scheduler
        assert scheduler is not None
        job = scheduler.get_job("netflix-first-fetch")
        assert job is not None and job.misfire_grace_time == 600
        await bot.announcements.stop()


async def test_a_later_start_on_a_filled_store_runs_no_second_first_fetch(
    fresh_bot: HallyuBot,
    site: NetflixSite,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    announcements = fresh_bot.announcements
    cluster = announcements.cluster
    await announcements._first_fetch_job()
    assert await ChartRepository(fresh_bot.db).has_data()
    # A restarted process (or a new leader) schedules the job again, minutes later.
    later = cluster._clock() + dt.timedelta(minutes=3)
    monkeypatch.setattr(cluster, "_clock", lambda: later)
    await announcements._first_fetch_job()
    runs = await cluster.repo.runs("netflix-first-fetch")
    assert [run.outcome for run in runs] == ["done"]
