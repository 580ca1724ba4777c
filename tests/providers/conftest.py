"""Clients pointed at the local fakes, with retries fast enough for tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from providers.http import RetryPolicy
from providers.limits import CircuitBreaker
from providers.tmdb import TmdbClient
from providers.tvmaze import TvmazeClient
from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb
from tests.fakeproviders.tvmaze import FakeTvmaze

FAST = RetryPolicy(timeout=0.5, attempts=3, backoff=0.01, backoff_cap=0.05, max_retry_after=5.0)


@pytest.fixture
def fast_policy() -> RetryPolicy:
    return FAST


@pytest_asyncio.fixture
async def tvmaze(fake_tvmaze: FakeTvmaze) -> AsyncIterator[TvmazeClient]:
    async with TvmazeClient(
        fake_tvmaze.url, calls=1000, period=1.0, policy=FAST, breaker=CircuitBreaker(50, 1.0)
    ) as client:
        yield client


@pytest_asyncio.fixture
async def tmdb(fake_tmdb: FakeTmdb) -> AsyncIterator[TmdbClient]:
    async with TmdbClient(TEST_TOKEN, fake_tmdb.url, calls=1000, period=1.0, policy=FAST) as client:
        yield client
