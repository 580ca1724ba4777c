"""Ready-made pytest fixtures. Enable with, in a conftest.py::

pytest_plugins = ["tests.fakediscord.fixtures"]
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .fake import FakeDiscord


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake with one default guild; fails the test on violations."""
    async with FakeDiscord() as fake:
        yield fake
        fake.assert_clean()
