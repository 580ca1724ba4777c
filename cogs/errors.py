"""The command tree's one error handler: a table from error type to what the member reads."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.replies import reply_error
from core.errors import UserError

if TYPE_CHECKING:
    from cogs.host import Host

log = logging.getLogger(__name__)


def _permission_names(names: list[str]) -> str:
    return ", ".join(name.replace("_", " ").replace("guild", "server").title() for name in names)


def user_message(error: BaseException) -> str | None:
    """The message for an expected error, or None when it is a bug to log."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in servers only."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {_permission_names(error.missing_permissions)} permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        return (
            f"I need the {_permission_names(error.missing_permissions)} permission here to do that."
        )
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"“{discord.utils.escape_markdown(str(error.value))[:100]}” is not a valid value."
    if isinstance(error, app_commands.CheckFailure):
        return "You are not allowed to use this command here."
    if isinstance(error, discord.Forbidden):
        return "Discord refused: I lack a permission in this channel."
    return None


async def handle_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    message = user_message(error)
    if message is None:
        code = secrets.token_hex(3).upper()
        command = interaction.command.qualified_name if interaction.command else "component"
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("error %s in %s", code, command, exc_info=original)
        message = f"Something went wrong on my side (error code `{code}`). It has been logged."
    try:
        await reply_error(interaction, message)
    except discord.HTTPException:
        log.warning("could not tell the member about an error", exc_info=True)


class Errors(commands.Cog):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        self._previous = bot.tree.on_error

    async def cog_load(self) -> None:
        self.bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._previous  # type: ignore[method-assign]

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await handle_error(interaction, error)


async def setup(bot: Host) -> None:
    await bot.add_cog(Errors(bot))
