"""Who may curate trivia: moderators (Manage Messages) or the server's trivia role; admins
(Manage Server) pick that role. Checked at run time on every command, since Discord's
default member permissions cannot be set per subcommand of `/trivia`."""

from __future__ import annotations

from typing import Any

import discord

from core.errors import PermissionDeniedError, UserError
from db.trivia import TriviaSettings


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise UserError("Trivia works in servers only.")
    return interaction.guild_id


def _role_ids(interaction: discord.Interaction[Any]) -> set[int]:
    return {role.id for role in getattr(interaction.user, "roles", ())}


def is_moderator(interaction: discord.Interaction[Any], settings: TriviaSettings) -> bool:
    perms = interaction.permissions
    if perms.administrator or perms.manage_messages:
        return True
    return settings.role_id is not None and settings.role_id in _role_ids(interaction)


def ensure_moderator(interaction: discord.Interaction[Any], settings: TriviaSettings) -> None:
    if is_moderator(interaction, settings):
        return
    if settings.role_id:
        mention = f"<@&{settings.role_id}>"
        raise PermissionDeniedError(
            "Curating trivia needs the Manage Messages permission or the {role} role.",
            role=mention,
        )
    raise PermissionDeniedError("Curating trivia needs the Manage Messages permission.")


def ensure_admin(interaction: discord.Interaction[Any]) -> None:
    perms = interaction.permissions
    if not (perms.administrator or perms.manage_guild):
        raise PermissionDeniedError("Only server admins (Manage Server) can pick the trivia role.")
