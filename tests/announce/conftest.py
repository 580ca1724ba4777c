"""Fixtures for announcements: a chart feed the tests control, and a bot on the fake Discord."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import discord
import pytest

from app import HallyuBot
from config import Settings
from core.audience import KoreanMode
from db.announce import AnnouncementRepository
from db.connection import Database
from render.announce import RenderedChart
from render.i18n import ENGLISH, Lang
from scheduler.service import Announcements
from tests.fakediscord import FakeDiscord, make_guild, run_bot

W = dt.date(2025, 4, 27)  # a Sunday: the week of 21–27 Apr 2025
UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def weeks_before(week: dt.date, n: int) -> dt.date:
    return week - dt.timedelta(days=7 * n)


@dataclass
class WeeksFeed:
    """Chart weeks the test has 'imported'; renders a small embed for each."""

    weeks: dict[tuple[str, str | None], set[dt.date]] = field(default_factory=dict)
    rendered: int = 0
    #: The language of each rendering, in order.
    languages: list[str] = field(default_factory=list)

    def add(self, week: dt.date, category: str = "TV (Non-English)", country: str | None = None):
        self.weeks.setdefault((category, country), set()).add(week)

    async def latest_week(self, category: str, country_iso2: str | None) -> dt.date | None:
        weeks = self.weeks.get((category, country_iso2))
        return max(weeks) if weeks else None

    async def render(
        self,
        category: str,
        country_iso2: str | None,
        week: dt.date,
        korean: KoreanMode = "all",
        lang: Lang = ENGLISH,
    ) -> RenderedChart | None:
        if week not in self.weeks.get((category, country_iso2), set()):
            return None
        await asyncio.sleep(0)  # as a real rendering does: other workers run meanwhile
        self.rendered += 1
        self.languages.append(lang.tag)
        embed = discord.Embed(title=f"Netflix Top 10 · {category}", description="1. A show")
        embed.set_footer(text=f"Week ending {week.isoformat()} ({lang.tag})")
        return RenderedChart(embed, f"Top of the week ending {week.isoformat()}")


@pytest.fixture
def feed() -> WeeksFeed:
    return WeeksFeed()


@pytest.fixture
def repo(db: Database) -> AnnouncementRepository:
    return AnnouncementRepository(db)


@pytest.fixture
def channels() -> int:
    """How many text channels the fake guild has."""
    return 5


@pytest.fixture
async def fake(channels: int) -> AsyncIterator[FakeDiscord]:
    guild = make_guild(channel_names=[f"news-{n}" for n in range(channels)])
    async with FakeDiscord([guild]) as running:
        yield running


def attach(bot: HallyuBot, feed: WeeksFeed) -> HallyuBot:
    bot.announcements = Announcements(bot, feed=feed, pacer=bot.announcements.pacer)
    return bot


@pytest.fixture
async def live_bot(fake: FakeDiscord, settings: Settings, feed: WeeksFeed):
    """The real bot, connected to the fake Discord, with the test's chart feed."""
    bot = attach(HallyuBot(settings), feed)
    async with run_bot(fake, bot, settings.discord_token.reveal()) as running:
        yield running
