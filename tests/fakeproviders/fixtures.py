"""Ready-made pytest fixtures for the fake providers. Enable with, in a conftest.py::

pytest_plugins = ["tests.fakeproviders.fixtures"]

(the repository's top conftest already does). Each fake starts empty of faults, loaded with
the fixture shows under `data/`, on its own random port.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .tmdb import TEST_TOKEN, FakeTmdb
from .tvmaze import FakeTvmaze

__all__ = ["TEST_TOKEN", "fake_tmdb", "fake_tvmaze"]


@pytest_asyncio.fixture
async def fake_tvmaze() -> AsyncIterator[FakeTvmaze]:
    async with FakeTvmaze.with_fixtures() as fake:
        yield fake


@pytest_asyncio.fixture
async def fake_tmdb() -> AsyncIterator[FakeTmdb]:
    """Expects `Authorization: Bearer <TEST_TOKEN>` like TMDB expects a read access token."""
    async with FakeTmdb.with_fixtures() as fake:
        yield fake
