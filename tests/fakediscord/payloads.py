"""Builders for the JSON objects Discord sends (users, guilds, messages...).

Shapes follow Discord's API v10 responses closely enough that discord.py 2.7
parses them without falling back to defaults for required keys.
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Iterable
from typing import Any

from .models import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser

JSON = dict[str, Any]


def iso_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def user_payload(user: FakeUser) -> JSON:
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": user.avatar,
        "bot": user.bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "primary_guild": None,
        "collectibles": None,
    }


def bot_user_payload(user: FakeUser) -> JSON:
    # GET /users/@me and READY.user carry the private fields too.
    data = user_payload(user)
    data.update({"verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"})
    return data


def role_payload(role: FakeRole) -> JSON:
    return {
        "id": str(role.id),
        "name": role.name,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }


def channel_payload(channel: FakeChannel, guild_id: int | None) -> JSON:
    data: JSON = {
        "id": str(channel.id),
        "type": channel.type,
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [],
        "parent_id": str(channel.parent_id) if channel.parent_id else None,
        "nsfw": channel.nsfw,
        "flags": 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if channel.type in (0, 5, 15):
        data.update(
            topic=channel.topic,
            last_message_id=None,
            rate_limit_per_user=0,
            default_auto_archive_duration=1440,
            last_pin_timestamp=None,
        )
    if channel.type in (2, 13):
        data.update(bitrate=64000, user_limit=0, rtc_region=None, video_quality_mode=1)
    if channel.type == 15:
        data.update(
            available_tags=[],
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
        )
    return data


def dm_channel_payload(channel_id: int, recipient: FakeUser) -> JSON:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user_payload(recipient)],
    }


def member_payload(
    member: FakeMember, *, with_user: bool = True, permissions: int | None = None
) -> JSON:
    data: JSON = {
        "roles": [str(r) for r in member.roles],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
        "avatar_decoration_data": None,
    }
    if with_user:
        data["user"] = user_payload(member.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def guild_payload(guild: FakeGuild) -> JSON:
    """The REST ``GET /guilds/{id}`` shape."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.preferred_locale,
        "features": [],
        "roles": [role_payload(r) for r in guild.roles],
        "emojis": [],
        "stickers": [],
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "widget_enabled": False,
        "widget_channel_id": None,
        "incidents_data": None,
    }


def guild_create_payload(guild: FakeGuild, members: Iterable[FakeMember]) -> JSON:
    """The gateway GUILD_CREATE shape: REST guild plus the cached collections."""
    member_list = list(members)
    data = guild_payload(guild)
    data.update(
        joined_at="2024-01-01T00:00:00.000000+00:00",
        large=False,
        unavailable=False,
        member_count=len(member_list),
        members=[member_payload(m) for m in member_list],
        channels=[channel_payload(c, None) for c in guild.channels],
        threads=[],
        presences=[],
        voice_states=[],
        stage_instances=[],
        guild_scheduled_events=[],
        soundboard_sounds=[],
        embedded_activities=[],
    )
    return data


def application_payload(
    app_id: int, bot: FakeUser, owner: FakeUser, flags: int, guild_count: int
) -> JSON:
    """``GET /oauth2/applications/@me`` and ``/applications/@me``."""
    return {
        "id": str(app_id),
        "name": bot.username,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "hook": True,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": flags,
        "owner": user_payload(owner),
        "team": None,
        "bot": user_payload(bot),
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": guild_count,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}, "1": {}},
        "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
    }


def attachment_payload(
    attachment_id: int, filename: str, data: bytes, url: str, description: str | None
) -> JSON:
    # Discord sniffs the type from the name rather than trusting the part header.
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    payload: JSON = {
        "id": str(attachment_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
        "content_type": guessed,
    }
    if description is not None:
        payload["description"] = description
    return payload


def message_payload(
    *,
    message_id: int,
    channel_id: int,
    author: FakeUser,
    body: JSON,
    attachments: list[JSON],
    message_type: int = 0,
    guild_id: int | None = None,
    extra: JSON | None = None,
) -> JSON:
    """A message as Discord returns it, built from the request body the bot sent."""
    embeds = [{"type": "rich", **e} for e in body.get("embeds") or []]
    data: JSON = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": user_payload(author),
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": attachments,
        "embeds": embeds,
        "reactions": [],
        "pinned": False,
        "type": message_type,
        "flags": int(body.get("flags") or 0),
        "components": list(body.get("components") or []),
        "sticker_items": [],
    }
    if body.get("poll"):
        data["poll"] = body["poll"]
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if extra:
        data.update(extra)
    return data


def application_command_payload(
    body: JSON, *, command_id: int, app_id: int, version: int, guild_id: int | None
) -> JSON:
    """What Discord answers for a command the bot registered: its body plus ids."""
    data: JSON = {
        "type": 1,
        "description": "",
        "default_member_permissions": None,
        "nsfw": False,
        "integration_types": [0],
        "contexts": None,
        "options": [],
    }
    data.update({k: v for k, v in body.items() if v is not None})
    data.update(id=str(command_id), application_id=str(app_id), version=str(version))
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data
