"""What `/announce setup` verifies before it stores anything."""

from __future__ import annotations

from typing import Any

import discord

from core.errors import UserError

#: What the bot needs in an announcement channel, with the names Discord's settings use.
REQUIRED = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("attach_files", "Attach Files"),
)


def missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [label for name, label in REQUIRED if not getattr(permissions, name)]


def check_channel(channel: discord.TextChannel, *, console: bool) -> None:
    """Refuse a channel the bot could not post the announcement in, naming what lacks."""
    if console:
        return  # the console's one channel is a terminal
    missing = missing_permissions(channel.permissions_for(channel.guild.me))
    if missing:
        names = ", ".join(f"**{name}**" for name in missing)
        raise UserError(
            f"I can't post announcements in {channel.mention}: I'm missing {names} there. "
            "Grant that to my role in the channel's permissions, then run this again."
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
            f"{role.mention} is not mentionable, so my ping would not notify anyone. "
            "Make it mentionable (Server Settings → Roles) or give me "
            "**Mention @everyone, @here and All Roles**."
        )
    return role.id
