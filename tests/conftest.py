"""Fixtures shared by every area: a real migrated SQLite file and an offline bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app import HallyuBot, prepare_database
from config import Secret, Settings
from db.connection import Database
from tests.fakediscord import FakeDiscord, run_bot

pytest_plugins = ["tests.fakediscord.fixtures", "tests.fakeproviders.fixtures"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        discord_token=Secret("test-token"),
        database_path=tmp_path / "hallyu.sqlite3",
        scheduler_enabled=False,
        # Never Netflix's real site: a test that starts the scheduler (whose first fetch
        # runs at once on an empty store) meets a closed local port instead.
        netflix_global_url="http://127.0.0.1:9/all-weeks-global.tsv",
        netflix_countries_url="http://127.0.0.1:9/all-weeks-countries.tsv",
        netflix_most_popular_url="",  # the refresh tests serve the weekly files only
        # Nothing listens there: the providers are "down" unless a test brings a fake up,
        # so no test reaches the network and every command must cope with an outage.
        tvmaze_api_url="http://127.0.0.1:9",
        provider_retries=0,
    )


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = await prepare_database(settings.database_path)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def offline_bot(settings: Settings) -> AsyncIterator[HallyuBot]:
    """The real bot with its extensions loaded, never connected to Discord."""
    bot = HallyuBot(settings)
    async with bot:
        await bot.prepare()
        yield bot


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    """The real bot connected to the local fake Discord, commands registered."""
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            yield fake, bot
        fake.assert_clean()
