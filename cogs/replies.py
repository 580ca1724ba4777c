"""Sending replies the same way everywhere: no pings, errors ephemeral, answered or not."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import discord

from core.errors import UserError

NO_MENTIONS = discord.AllowedMentions.none()
# Discord wants a first answer within 3 s: slower work (a live provider search) defers.
DEFER_AFTER = 2.0
T = TypeVar("T")


async def reply(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    ephemeral: bool = False,
) -> None:
    """Answer the interaction, or follow up if it was already answered or deferred."""
    kwargs: dict[str, Any] = {"content": content, "ephemeral": ephemeral}
    kwargs["allowed_mentions"] = NO_MENTIONS
    if embed is not None:
        kwargs["embed"] = embed
    if embeds:
        kwargs["embeds"] = list(embeds)
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def reply_error(interaction: discord.Interaction[Any], message: str) -> None:
    await reply(interaction, message, ephemeral=True)


async def in_time(
    interaction: discord.Interaction[Any], work: Awaitable[T], *, after: float = DEFER_AFTER
) -> T:
    """Await `work`, deferring the interaction if it takes longer than `after` seconds.

    A member's error after a (public) defer must still be ephemeral: the "thinking"
    message is removed so the error handler's ephemeral follow-up is all that remains.
    """
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=after)
    except asyncio.CancelledError:
        # asyncio.wait leaves the task running: a cancelled command (the console's
        # Ctrl-C, the bot closing) would answer nobody and log its error as unretrieved.
        task.cancel()
        raise
    if done or interaction.response.is_done():
        return await task
    await interaction.response.defer(thinking=True)
    try:
        return await task
    except UserError:
        # The error follow-up is sent either way.
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
        raise
