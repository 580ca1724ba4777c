"""Enrichment fixtures: a store with real Netflix chart rows imported, and provider
clients pointed at the local fake TVmaze (127.0.0.1 only), tuned to fail fast.

The rows are real: Netflix's global TV (Non-English) list for the week ending
2023-01-08 (The Glory at No. 1) and Physical: 100's first three weeks in 2023.
"""

# One row per line, as in the files, reads better than wrapped tuples.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from db.chart_import import import_netflix_file
from db.connection import Database
from providers import TvmazeClient
from providers.http import RetryPolicy
from providers.limits import CircuitBreaker
from tests.charts.conftest import global_file
from tests.fakeproviders.tvmaze import FakeTvmaze

TV = "TV (Non-English)"
CHART_ROWS: list[tuple[str, ...]] = [
    ("2023-02-12", TV, "1", "Physical: 100", "Physical: 100: Season 1", "41610000", "", "", "3"),
    ("2023-02-05", TV, "2", "Physical: 100", "Physical: 100: Season 1", "31300000", "", "", "2"),
    ("2023-01-29", TV, "7", "Physical: 100", "Physical: 100: Season 1", "22510000", "", "", "1"),
    ("2023-01-08", TV, "1", "The Glory", "The Glory: Season 1", "82480000", "", "", "2"),
    ("2023-01-08", TV, "2", "La Reina del Sur", "La Reina del Sur: Season 3", "79250000", "", "", "2"),
    ("2023-01-08", TV, "3", "Alice in Borderland", "Alice in Borderland: Season 2", "41840000", "", "", "3"),
    ("2023-01-08", TV, "4", "Lady Voyeur", "Lady Voyeur: Limited Series", "34370000", "", "", "1"),
    ("2023-01-08", TV, "5", "Woman of the Dead", "Woman of the Dead: Season 1", "20740000", "", "", "1"),
    ("2023-01-08", TV, "6", "Alchemy of Souls", "Alchemy of Souls: Part 2", "20510000", "", "", "4"),
    ("2023-01-08", TV, "7", "Alice in Borderland", "Alice in Borderland: Season 1", "19130000", "", "", "8"),
    ("2023-01-08", TV, "8", "Alpha Males", "Alpha Males: Season 1", "19090000", "", "", "1"),
    ("2023-01-08", TV, "9", "Single’s Inferno", "Single’s Inferno: Season 2", "18340000", "", "", "3"),
    ("2023-01-08", TV, "10", "Love Is Blind: Brazil", "Love Is Blind: Brazil: Season 2", "14280000", "", "", "1"),
]  # fmt: skip
# Shows the fake TVmaze knows (its fixture data): three chart-made, one curated.
KNOWN = ("The Glory", "Physical: 100", "Single’s Inferno", "Squid Game")


def chart_file() -> bytes:
    return global_file(CHART_ROWS)


async def import_chart(db: Database) -> None:
    await import_netflix_file(db, chart_file(), "all-weeks-global.tsv")


def tvmaze_client(fake: FakeTvmaze, *, timeout: float = 2.0) -> TvmazeClient:
    """Fast retries, a breaker that opens after three failed calls and no rate limit to
    speak of, so failure tests take a second, not a minute (the benchmark keeps the real
    limits)."""
    return TvmazeClient(
        fake.url,
        calls=1000,
        period=1.0,
        policy=RetryPolicy(timeout=timeout, attempts=2, backoff=0.01, backoff_cap=0.05),
        breaker=CircuitBreaker(threshold=3, cooldown=60.0),
    )


@pytest.fixture
async def chart_db(db: Database) -> Database:
    await import_chart(db)
    return db


@pytest.fixture
async def tvmaze(fake_tvmaze: FakeTvmaze) -> AsyncIterator[TvmazeClient]:
    client = tvmaze_client(fake_tvmaze)
    try:
        yield client
    finally:
        await client.close()
