"""The command tree's one error handler: a table from error type to what the member reads,
in the member's language."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.locale import lang_of
from cogs.replies import reply_error
from core.errors import UserError
from render.i18n import ENGLISH, Lang

if TYPE_CHECKING:
    from cogs.host import Host

log = logging.getLogger(__name__)


def _permission_label(lang: Lang, name: str) -> str:
    """A permission as Discord's own settings name it in the member's language."""
    labels = {
        "manage_guild": lang.pgettext("Discord permission", "Manage Server"),
        "manage_messages": lang.pgettext("Discord permission", "Manage Messages"),
        "manage_roles": lang.pgettext("Discord permission", "Manage Roles"),
        "administrator": lang.pgettext("Discord permission", "Administrator"),
        "view_channel": lang.pgettext("Discord permission", "View Channel"),
        "send_messages": lang.pgettext("Discord permission", "Send Messages"),
        "embed_links": lang.pgettext("Discord permission", "Embed Links"),
        "attach_files": lang.pgettext("Discord permission", "Attach Files"),
        "mention_everyone": lang.pgettext(
            "Discord permission", "Mention @everyone, @here and All Roles"
        ),
    }
    return labels.get(name) or name.replace("_", " ").replace("guild", "server").title()


def permission_names(lang: Lang, names: list[str]) -> str:
    return lang.join([_permission_label(lang, name) for name in names])


def user_message(error: BaseException, lang: Lang = ENGLISH) -> str | None:
    """The message for an expected error, or None when it is a bug to log."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserError):
        return error.render(lang)
    if isinstance(error, app_commands.NoPrivateMessage):
        return lang.gettext("This command works in servers only.")
    if isinstance(error, app_commands.MissingPermissions):
        missing = error.missing_permissions
        return lang.ngettext(
            "You need the {permissions} permission to do that.",
            "You need the {permissions} permissions to do that.",
            len(missing),
            permissions=permission_names(lang, missing),
        )
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = error.missing_permissions
        return lang.ngettext(
            "I need the {permissions} permission here to do that.",
            "I need the {permissions} permissions here to do that.",
            len(missing),
            permissions=permission_names(lang, missing),
        )
    if isinstance(error, app_commands.CommandOnCooldown):
        seconds = round(error.retry_after)
        return lang.ngettext(
            "Slow down: try again in {seconds} second.",
            "Slow down: try again in {seconds} seconds.",
            seconds,
            seconds=lang.number(seconds),
        )
    if isinstance(error, app_commands.TransformerError):
        value = discord.utils.escape_markdown(str(error.value))[:100]
        return lang.gettext("“{value}” is not a valid value.", value=value)
    if isinstance(error, app_commands.CheckFailure):
        return lang.gettext("You are not allowed to use this command here.")
    if isinstance(error, discord.Forbidden):
        return lang.gettext("Discord refused: I lack a permission in this channel.")
    return None


async def handle_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    lang = await lang_of(interaction)
    message = user_message(error, lang)
    if message is None:
        code = secrets.token_hex(3).upper()
        command = interaction.command.qualified_name if interaction.command else "component"
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("error %s in %s", code, command, exc_info=original)
        message = lang.gettext(
            "Something went wrong on my side (error code `{code}`). It has been logged.",
            code=code,
        )
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
