"""What `/announce setup` verifies before it stores anything."""

from __future__ import annotations

from typing import Any

import discord

from cogs.errors import permission_names
from core.errors import UserError
from render.i18n import ENGLISH, Lang

#: What the bot needs in an announcement channel (discord.Permissions' names).
REQUIRED = ("view_channel", "send_messages", "embed_links", "attach_files")


def missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [name for name in REQUIRED if not getattr(permissions, name)]


def check_channel(channel: discord.TextChannel, *, console: bool, lang: Lang = ENGLISH) -> None:
    """Refuse a channel the bot could not post the announcement in, naming (as Discord's
    settings do in `lang`, the reader's language) what it lacks."""
    if console:
        return  # the console's one channel is a terminal
    missing = missing_permissions(channel.permissions_for(channel.guild.me))
    if missing:
        raise UserError(
            "I can't post announcements in {channel}: I'm missing {permissions} there. "
            "Grant that to my role in the channel's permissions, then run this again.",
            channel=channel.mention,
            permissions=permission_names(lang, missing),
        )


def check_role(channel: discord.TextChannel, role: Any, *, console: bool) -> int | None:
    """The role to ping, once it is sure the ping would reach its members."""
    if role is None:
        return None
    if console:
        return int(role.id)  # the console names a role by id; it has no role list
    if not isinstance(role, discord.Role):
        raise UserError("Choose a role from the list.")
    if role.is_default():
        raise UserError("I never ping @everyone; pick a role members can opt into.")
    if not role.mentionable and not channel.permissions_for(channel.guild.me).mention_everyone:
        raise UserError(
            "{role} is not mentionable, so my ping would not notify anyone. Make it "
            "mentionable (Server Settings → Roles) or give me "
            "**Mention @everyone, @here and All Roles**.",
            role=role.mention,
        )
    return role.id
