"""Sending replies the same way everywhere: no pings, errors ephemeral, answered or not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

NO_MENTIONS = discord.AllowedMentions.none()


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
