"""Turning an ``Actor`` (who acts, where) into concrete users, channels and
permission bitfields, and resolving option values the way Discord does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import (
    DEFAULT_APP_PERMISSIONS,
    Actor,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    UploadedFile,
    new_id,
)
from .payloads import (
    attachment_payload,
    channel_payload,
    dm_channel_payload,
    member_payload,
    role_payload,
    user_payload,
)
from .state import World

JSON = dict[str, Any]
# Application command option types.
(
    SUBCOMMAND,
    GROUP,
    STRING,
    INTEGER,
    BOOLEAN,
    USER,
    CHANNEL,
    ROLE,
    MENTIONABLE,
    NUMBER,
    ATTACHMENT,
) = range(1, 12)


@dataclass
class Context:
    """An ``Actor`` with every default filled in."""

    user: FakeUser
    guild: FakeGuild | None
    channel_id: int
    channel: JSON
    roles: list[int]
    permissions: int
    app_permissions: int
    locale: str


def resolve_actor(world: World, actor: Actor | None) -> Context:
    actor = actor or Actor()
    if actor.dm:
        user = world.user_or_placeholder(actor.user_id or world.owner.id)
        channel_id = actor.channel_id or next(
            (c for c, u in world.dm_channels.items() if u.id == user.id), None
        )
        if channel_id is None:
            channel_id = new_id()
            world.dm_channels[channel_id] = user
        return Context(
            user,
            None,
            channel_id,
            dm_channel_payload(channel_id, user),
            [],
            actor.permissions or 0,
            actor.app_permissions or DEFAULT_APP_PERMISSIONS,
            actor.locale,
        )
    guild = (
        world.guild(actor.guild_id)
        if actor.guild_id
        else (world.guilds[0] if world.guilds else None)
    )
    if guild is None:
        raise LookupError(f"no guild {actor.guild_id} configured in the fake")
    channel_id = actor.channel_id or guild.text_channels()[0].id
    channel = guild.channel(channel_id)
    if channel is None:
        raise LookupError(f"channel {channel_id} is not in guild {guild.id}")
    user_id = actor.user_id or guild.owner_id
    member = guild.member(user_id)
    user = member.user if member else world.user_or_placeholder(user_id)
    roles = list(actor.roles) or (list(member.roles) if member else [])
    permissions = (
        actor.permissions
        if actor.permissions is not None
        else guild.base_permissions(user.id, roles)
    )
    app_permissions = (
        actor.app_permissions if actor.app_permissions is not None else DEFAULT_APP_PERMISSIONS
    )
    return Context(
        user,
        guild,
        channel_id,
        {**channel_payload(channel, guild.id), "permissions": str(permissions)},
        roles,
        permissions,
        app_permissions,
        actor.locale,
    )


class Resolver:
    """Collects ``data.resolved`` entries while option values are converted."""

    def __init__(self, world: World, ctx: Context, base_url: str) -> None:
        self.world, self.ctx, self.base_url = world, ctx, base_url
        self.resolved: dict[str, dict[str, JSON]] = {}

    def _put(self, kind: str, key: int, value: JSON) -> None:
        self.resolved.setdefault(kind, {})[str(key)] = value

    def user(self, value: Any) -> str:
        user_id = (
            value.user.id
            if isinstance(value, FakeMember)
            else value.id
            if isinstance(value, FakeUser)
            else int(value)
        )
        self._put("users", user_id, user_payload(self.world.user_or_placeholder(user_id)))
        guild = self.ctx.guild
        member = guild.member(user_id) if guild else None
        if guild is not None and member is not None:
            perms = guild.base_permissions(user_id, member.roles)
            self._put(
                "members", user_id, member_payload(member, with_user=False, permissions=perms)
            )
        return str(user_id)

    def role(self, value: Any) -> str:
        role_id = value.id if isinstance(value, FakeRole) else int(value)
        role = self.ctx.guild.role(role_id) if self.ctx.guild else None
        self._put(
            "roles", role_id, role_payload(role or FakeRole(id=role_id, name=f"role{role_id}"))
        )
        return str(role_id)

    def channel(self, value: Any) -> str:
        channel_id = value.id if isinstance(value, FakeChannel) else int(value)
        found = self.world.channel(channel_id)
        if found is None:
            raise LookupError(f"channel {channel_id} is not configured in the fake")
        data = {**channel_payload(found[0], found[1].id), "permissions": str(self.ctx.permissions)}
        self._put("channels", channel_id, data)
        return str(channel_id)

    def attachment(self, value: Any) -> str:
        if not isinstance(value, UploadedFile):
            raise TypeError("ATTACHMENT options take an UploadedFile")
        attachment_id = new_id()
        self.world.blobs[attachment_id] = (value.content_type, value.data)
        path = f"{self.ctx.channel_id}/{attachment_id}/{value.filename}"
        url = f"{self.base_url}/cdn/attachments/{path}"
        payload = attachment_payload(attachment_id, value.filename, value.data, url, None)
        payload["content_type"] = value.content_type
        self._put("attachments", attachment_id, payload)
        return str(attachment_id)

    def convert(self, option_type: int, value: Any) -> Any:
        if option_type == STRING:
            return str(value)
        if option_type == INTEGER:
            return int(value)
        if option_type == BOOLEAN:
            return bool(value)
        if option_type == NUMBER:
            return value if isinstance(value, (int, float)) else float(value)
        if option_type == USER:
            return self.user(value)
        if option_type == ROLE:
            return self.role(value)
        if option_type == CHANNEL:
            return self.channel(value)
        if option_type == ATTACHMENT:
            return self.attachment(value)
        if option_type == MENTIONABLE:
            is_role = isinstance(value, FakeRole) or (
                self.ctx.guild is not None and self.ctx.guild.role(int(value))
            )
            return self.role(value) if is_role else self.user(value)
        raise ValueError(f"unsupported option type {option_type}")
