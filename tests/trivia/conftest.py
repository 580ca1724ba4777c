"""Trivia fixtures: repositories on a real migrated SQLite file, a hand-driven clock."""

from __future__ import annotations

import pytest

from db.connection import Database
from db.trivia import TriviaRepository
from db.trivia_scores import ScoreRepository
from tests.trivia.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def entries(db: Database) -> TriviaRepository:
    return TriviaRepository(db)


@pytest.fixture
def scores(db: Database) -> ScoreRepository:
    return ScoreRepository(db)
