"""Running a real discord.py client against the fake.

discord.py hard-codes its endpoints as class attributes: REST, interaction
callbacks and webhooks all derive from ``discord.http.Route.BASE``, and an
unsharded client (or a sharded one with an explicit ``shard_count``) connects to
``DiscordWebSocket.DEFAULT_GATEWAY`` instead of asking ``/gateway/bot``. Both
are patched for the duration and restored afterwards.
"""

# Waiting helpers take a timeout= like discord.py's wait_for, by design.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .fake import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.contextmanager
def patch_discord_urls(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at ``fake``."""
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    return None


@contextlib.asynccontextmanager
async def run_bot(
    fake: FakeDiscord,
    bot: ClientT,
    token: str = "fake-token",
    *,
    ready_timeout: float = 10.0,
    guild_ready_timeout: float = 0.05,
    skip_identify_delay: bool = True,
) -> AsyncIterator[ClientT]:
    """Start ``bot`` against ``fake``, yield once it is ready, then close it.

    ``guild_ready_timeout`` is how long discord.py waits for further
    GUILD_CREATEs before firing on_ready (2 s by default). With
    ``skip_identify_delay``, the 5 s pause discord.py puts between shard
    IDENTIFYs is dropped, unless the bot overrides ``before_identify_hook``.
    Tasks the bot leaves behind (view timeouts and the like) are cancelled.
    """
    if fake.token is not None and token != fake.token:
        raise ValueError("token does not match the FakeDiscord token")
    bot._connection.guild_ready_timeout = guild_ready_timeout
    if (
        skip_identify_delay
        and type(bot).before_identify_hook is discord.Client.before_identify_hook
    ):
        bot.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    before = asyncio.all_tasks()
    with patch_discord_urls(fake):
        runner = asyncio.create_task(bot.start(token), name="fakediscord-bot")
        try:
            await _wait_ready(bot, runner, ready_timeout)
            yield bot
        finally:
            await _shutdown(bot, runner)
            await _cancel_leftovers(before)


async def _wait_ready(bot: discord.Client, runner: asyncio.Task[None], timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not bot.is_ready():
        if runner.done():
            # Surfaces LoginFailure, PrivilegedIntentsRequired, etc.
            runner.result()
            raise RuntimeError("bot.start() returned before the bot became ready")
        if loop.time() > deadline:
            raise TimeoutError(f"bot not ready after {timeout}s")
        # Polling: wait_until_ready() cannot be awaited before login sets up the loop.
        await asyncio.sleep(0.005)


async def _shutdown(bot: discord.Client, runner: asyncio.Task[None]) -> None:
    if not bot.is_closed():
        await bot.close()
    try:
        await asyncio.wait_for(runner, timeout=5.0)
    except (TimeoutError, asyncio.CancelledError):
        runner.cancel()
    except Exception:
        # start() re-raises connection errors after close(); the test is over.
        pass


async def _cancel_leftovers(before: set[asyncio.Task[object]]) -> None:
    current = asyncio.current_task()
    leftovers = [
        t for t in asyncio.all_tasks() if t not in before and t is not current and not t.done()
    ]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.gather(*leftovers, return_exceptions=True)
