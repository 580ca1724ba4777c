"""Fixtures for airing: a fake TVmaze with invented Korean schedules, a hand-driven clock,
and the real bot offline or on the fake Discord."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from app import HallyuBot
from config import Settings
from providers.tvmaze import TvmazeClient
from scheduler.airing import Airing
from tests.fakediscord import (
    FakeDiscord,
    FakeMember,
    FakeRole,
    FakeUser,
    make_guild,
    new_id,
    run_bot,
)
from tests.fakeproviders.tvmaze import FakeTvmaze

from .data import START, all_shows


@dataclass
class Clock:
    """The time the commands and jobs see; tests move it by hand."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)

    def at(self, moment: dt.datetime) -> dt.datetime:
        self.now = moment
        return self()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
async def schedule_fake() -> AsyncIterator[FakeTvmaze]:
    fake = FakeTvmaze()
    fake.add_shows(all_shows())
    async with fake:
        yield fake


def attach(bot: HallyuBot, fake: FakeTvmaze, clock: Clock) -> Airing:
    """Point the bot's airing service at the fake TVmaze and the test's clock."""
    bot.airing = Airing(
        bot,
        TvmazeClient(fake.url, calls=1000, period=1.0),
        cluster=bot.announcements.cluster,
        clock=clock,
    )
    return bot.airing


@pytest.fixture
async def airing(offline_bot: HallyuBot, schedule_fake: FakeTvmaze, clock: Clock):
    service = attach(offline_bot, schedule_fake, clock)
    yield service
    await service.stop()


MEMBER = FakeUser(id=new_id(), username="member")
FANS = FakeRole(id=new_id(), name="drama fans", mentionable=True)


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    guild = make_guild(
        channel_names=["dramas", "episodes", "news"],
        extra_members=[FakeMember(user=MEMBER)],
        extra_roles=[FANS],
    )
    async with FakeDiscord([guild]) as running:
        yield running


@pytest.fixture
async def live_airing(
    discord_fake: FakeDiscord, settings: Settings, schedule_fake: FakeTvmaze, clock: Clock
):
    """The real bot on the fake Discord, its airing service on the fake TVmaze."""
    bot = HallyuBot(settings)
    async with run_bot(discord_fake, bot, settings.discord_token.reveal()) as running:
        attach(running, schedule_fake, clock)
        await running.tree.sync()
        yield running
        await running.airing.stop()
