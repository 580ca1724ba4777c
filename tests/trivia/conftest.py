"""Trivia fixtures: repositories on a real migrated SQLite file, a hand-driven clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from config import Settings
from db.connection import Database
from db.trivia import TriviaRepository
from db.trivia_scores import ScoreRepository
from tests.fakediscord import FakeDiscord
from tests.trivia.clock import ManualClock
from tests.trivia.e2e import Env, make_server, started_bot


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def entries(db: Database) -> TriviaRepository:
    return TriviaRepository(db)


@pytest.fixture
def scores(db: Database) -> ScoreRepository:
    return ScoreRepository(db)


@pytest.fixture
async def env(settings: Settings, clock: ManualClock) -> AsyncIterator[Env]:
    a, b = make_server("alpha"), make_server("beta")
    async with FakeDiscord([a.guild, b.guild]) as fake:
        async with started_bot(fake, settings, clock) as bot:
            yield Env(fake, bot, clock, a, b)
        fake.assert_clean()
