"""The enrichment job in the background: after an import, once at a time, stoppable."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from app import HallyuBot
from config import Settings
from scheduler.enrichment import JOB_ID, EnrichmentJobs
from services.enrich import EnrichJob
from tests.enrich.conftest import KNOWN, chart_file, tvmaze_client
from tests.fakeproviders.tvmaze import FakeTvmaze


@pytest.fixture
async def netflix_url() -> AsyncIterator[str]:
    """Netflix's global file with the fixture weeks, served from 127.0.0.1."""
    body = chart_file()

    async def handle(request: web.Request) -> web.Response:
        return web.Response(body=body)

    app = web.Application()
    app.router.add_get("/all-weeks-global.tsv", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/all-weeks-global.tsv"
    finally:
        await runner.cleanup()


async def settled(bot: HallyuBot, jobs: EnrichmentJobs) -> None:
    for _ in range(400):
        await asyncio.sleep(0.02)
        if not jobs.running:
            return
    raise AssertionError("the enrichment pass did not finish")


async def test_an_import_starts_a_background_pass(
    settings: Settings, netflix_url: str, fake_tvmaze: FakeTvmaze
) -> None:
    local = dataclasses.replace(
        settings, netflix_global_url=netflix_url, netflix_countries_url=netflix_url
    )
    bot = HallyuBot(local)
    bot.providers = [tvmaze_client(fake_tvmaze)]
    async with bot:
        await bot.prepare()
        bot.enrichment.start()
        try:
            job = bot.enrichment._scheduler.get_job(JOB_ID)  # type: ignore[union-attr]
            assert job.max_instances == 1 and job.coalesce
            # The first search takes a second: the pass is surely still running below.
            fake_tvmaze.hang_seconds = 1.0
            fake_tvmaze.fail("hang", times=1, path="/search/shows")
            report = await bot.announcements.refresh(dt.datetime.now(dt.UTC))
            assert report.imported
            # The refresh returned without waiting for the enrichment.
            assert bot.enrichment.running
            await settled(bot, bot.enrichment)
        finally:
            await bot.enrichment.stop()
        matched = await bot.db.fetchval("SELECT COUNT(*) FROM match_state WHERE status = 'matched'")
        assert matched == len(KNOWN)
        # The title index knows the enriched shows' new names (data generation moved on).
        glory = bot.cards.resolve("더 글로리")
        assert glory.show_id is not None


async def test_a_kick_during_a_pass_runs_one_more(chart_db, fake_tvmaze: FakeTvmaze) -> None:
    client = tvmaze_client(fake_tvmaze)
    runs = 0

    def make() -> EnrichJob:
        nonlocal runs
        runs += 1
        return EnrichJob(chart_db, [client])

    jobs = EnrichmentJobs(make)
    jobs.start()
    try:
        first = asyncio.create_task(jobs.run_pass())
        await asyncio.sleep(0)
        assert jobs.running
        jobs.kick()  # a new week was imported meanwhile
        assert await jobs.run_pass() is None  # never two passes at once
        summary = await first
        assert summary is not None and summary.total == 0  # the second loop found nothing new
        assert runs == 1
    finally:
        await jobs.stop()
        await client.close()
