"""The refresh job end to end: Netflix's files served by a local aiohttp server, imported
through the chart importer, then announced on the fake Discord by the real chart renderer."""

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from app import HallyuBot
from core.announce import Schedule
from db.announce import AnnouncementRepository
from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.fetched import FetchedFiles
from render.charts import week_highlight
from render.text import plain
from scheduler.feed import ChartsFeed
from tests.charts.conftest import GLOBAL_HEADER, GLOBAL_ROWS, country_file, global_file, tsv
from tests.fakediscord import FakeDiscord, run_bot

from .test_console import run

REAL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "netflix"
NEWEST = dt.date(2025, 5, 4)
TV = "TV (Non-English)"


@dataclass
class NetflixSite:
    """Serves the two published files with validators, like Netflix's CDN."""

    files: dict[str, bytes] = field(default_factory=dict)
    hits: list[tuple[str, int]] = field(default_factory=list)
    base: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = self.files.get(name)
        if body is None:
            self.hits.append((name, 404))
            return web.Response(status=404)
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            self.hits.append((name, 304))
            return web.Response(status=304)
        self.hits.append((name, 200))
        return web.Response(body=body, headers={"ETag": etag})


@pytest.fixture
async def site() -> AsyncIterator[NetflixSite]:
    state = NetflixSite(
        {"all-weeks-global.tsv": global_file(), "all-weeks-countries.tsv": country_file()}
    )
    app = web.Application()
    app.router.add_get("/tudum/top10/data/{name}", state.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.base = f"http://127.0.0.1:{runner.addresses[0][1]}/tudum/top10/data"
    try:
        yield state
    finally:
        await runner.cleanup()


@pytest.fixture
async def netflix_bot(site, settings) -> AsyncIterator[tuple[HallyuBot, FakeDiscord]]:
    local = dataclasses.replace(
        settings,
        netflix_global_url=f"{site.base}/all-weeks-global.tsv",
        netflix_countries_url=f"{site.base}/all-weeks-countries.tsv",
    )
    async with FakeDiscord() as fake:
        bot = HallyuBot(local)
        async with run_bot(fake, bot, local.discord_token.reveal()):
            yield bot, fake


async def subscribe(bot: HallyuBot, fake: FakeDiscord, country: str | None = None) -> int:
    sub, _ = await AnnouncementRepository(bot.db).subscribe(
        guild_id=fake.guild.id,
        channel_id=fake.guild.text_channels()[0].id,
        category=TV,
        country_iso2=country,
        schedule=Schedule(1, 18 * 60, "UTC"),
        role_id=None,
        by=1,
        now=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )
    return sub.id


async def test_refresh_imports_and_announces_with_the_chart_renderer(netflix_bot, site):
    bot, fake = netflix_bot
    await subscribe(bot, fake)
    await subscribe(bot, fake, country="KR")
    # Only the import may refresh the data here, not the watcher's next tick.
    await bot.live.stop()
    refreshed: list[int] = []
    changed = bot.live.changed

    async def counting() -> None:
        refreshed.append(1)
        await changed()

    bot.live.changed = counting
    now = dt.datetime(2025, 5, 6, 19, tzinfo=dt.UTC)  # the Tuesday after NEWEST
    report = await bot.announcements.refresh(now)
    assert report.errors == [] and len(report.imported) == 2
    # South Korea's list (TV, no language split) ends on 27 Apr: that subscription waits
    # for the week the Tuesday slot expects (ending 4 May), so only the global one posts
    assert report.delivery is not None and report.delivery.due == 1
    assert await ChartRepository(bot.db).latest_week(TV) == NEWEST
    posts = fake.messages(fake.guild.text_channels()[0].id)
    assert len(posts) == 1
    chart = await ChartRepository(bot.db).top(NEWEST, TV)
    assert chart is not None
    highlight = week_highlight(chart)
    assert highlight is not None and posts[0]["content"] == highlight
    embed = posts[0]["embeds"][0]
    assert embed["title"].startswith("Netflix Top 10")
    assert "Weak Hero" in embed["description"]
    assert embed["url"].endswith("#hallyu-1-2025-05-04")
    assert "ref " not in embed["footer"]["text"]
    assert refreshed == [1], "the title index is rebuilt after an import"
    # an hour later: both files unchanged (304), nothing imported, nothing posted
    later = await bot.announcements.refresh(now + dt.timedelta(hours=1))
    assert later.imported == [] and len(later.unchanged) == 2
    assert [status for _, status in site.hits] == [200, 200, 304, 304]
    assert refreshed == [1]
    assert len(fake.messages(fake.guild.text_channels()[0].id)) == 1
    fake.assert_clean()


async def test_a_malformed_file_changes_nothing_and_is_retried(netflix_bot, site):
    bot, fake = netflix_bot
    await subscribe(bot, fake)
    broken = [list(row) for row in GLOBAL_ROWS[:3]]
    broken[1][2] = "eleven"
    site.files["all-weeks-global.tsv"] = tsv(GLOBAL_HEADER, broken)
    del site.files["all-weeks-countries.tsv"]
    now = dt.datetime(2025, 5, 6, 19, tzinfo=dt.UTC)
    report = await bot.announcements.refresh(now)
    assert report.imported == []
    assert len(report.errors) == 2
    assert "line 3" in report.errors[0]
    assert "HTTP 404" in report.errors[1]
    assert await ChartRepository(bot.db).latest_week(TV) is None
    assert fake.messages(fake.guild.text_channels()[0].id) == []
    seen = await FetchedFiles(bot.db).get(f"{site.base}/all-weeks-global.tsv")
    assert seen is not None and seen.etag is None and "import failed" in (seen.last_error or "")
    # Netflix fixes the file: the next refresh downloads it again (no stale validator)
    site.files["all-weeks-global.tsv"] = global_file()
    report = await bot.announcements.refresh(now + dt.timedelta(hours=1))
    assert len(report.imported) == 1
    assert len(fake.messages(fake.guild.text_channels()[0].id)) == 1


async def test_console_preview_uses_the_newest_week_in_the_store(offline_bot):
    status, text = await run(offline_bot, "/announce preview")
    assert status == 1 and "No chart data is imported yet" in text
    await offline_bot.announcements.importer(offline_bot.db, global_file(), "global.tsv")
    status, text = await run(offline_bot, "/announce preview")
    assert status == 0
    chart = await ChartRepository(offline_bot.db).top(NEWEST, TV)
    highlight = week_highlight(chart) if chart else None
    assert highlight is not None and plain(highlight) in text
    assert "Netflix Top 10 · " in text and "4 May 2025" in text
    assert "with `/announce setup` the weekly post would look like this" in text


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="the real Netflix files are not present")
async def test_weak_hero_class_2_opens_the_real_announcement(db):
    feed = ChartsFeed(db)
    raw = (REAL_DATA / "all-weeks-global.tsv").read_bytes()
    await import_netflix_file(db, raw, "all-weeks-global.tsv")
    rendered = await feed.render(TV, None, dt.date(2025, 4, 27))
    assert rendered is not None
    assert rendered.highlight is not None
    assert rendered.highlight.startswith("A Korean show is No. 1:")
    assert "Weak Hero" in rendered.highlight and "Class 2" in rendered.highlight
    assert await feed.latest_week(TV, None) is not None
