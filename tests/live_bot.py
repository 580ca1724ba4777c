"""Hallyu started against the local fake Discord over a store filled beforehand: the setup
the end-to-end tests of each command share."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from app import HallyuBot, prepare_database
from config import Settings
from db.connection import Database
from tests.fakediscord import FakeDiscord, FakeGuild, run_bot


@contextlib.asynccontextmanager
async def live_bot(
    settings: Settings,
    fill: Callable[[Database], Awaitable[object]],
    guilds: Sequence[FakeGuild] | None = None,
) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    """`fill` the store, start the bot with its commands synced (in the fake's default
    server, or in `guilds`), and check afterwards that the fake saw nothing Discord would
    refuse."""
    db = await prepare_database(settings.database_path)
    try:
        await fill(db)
    finally:
        await db.close()
    async with FakeDiscord(guilds) as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            yield fake, bot
        fake.assert_clean()
