"""Builders for INTERACTION_CREATE payloads as Discord would send them.

Command interactions are derived from what the bot registered (ids, option
types), so a test only names the command path and option values.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
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
from .state import InteractionRecord, StoredMessage, World, find_component

JSON = dict[str, Any]
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
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
SELECT_TYPES = {3, 5, 6, 7, 8}


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


def interaction_payload(
    world: World, ctx: Context, itype: int, data: JSON | None, message: StoredMessage | None = None
) -> InteractionRecord:
    """A full INTERACTION_CREATE body plus the record the fake tracks it by."""
    interaction_id = new_id()
    token = "fake-" + secrets.token_urlsafe(48)
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(world.app_id),
        "type": itype,
        "token": token,
        "version": 1,
        "channel_id": str(ctx.channel_id),
        "channel": ctx.channel,
        "locale": ctx.locale,
        "app_permissions": str(ctx.app_permissions),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if data is not None:
        payload["data"] = data
    if message is not None:
        payload["message"] = message.payload
    if ctx.guild is not None:
        member = FakeMember(user=ctx.user, roles=ctx.roles, nick=None)
        payload.update(
            guild_id=str(ctx.guild.id),
            guild={"id": str(ctx.guild.id), "locale": ctx.guild.preferred_locale, "features": []},
            guild_locale=ctx.guild.preferred_locale,
            member=member_payload(member, permissions=ctx.permissions),
            authorizing_integration_owners={"0": str(ctx.guild.id)},
            context=0,
        )
    else:
        # In the bot's DM the guild-install owner is reported as "0".
        payload.update(
            user=user_payload(ctx.user), authorizing_integration_owners={"0": "0"}, context=1
        )
    record = InteractionRecord(
        id=interaction_id,
        token=token,
        type=itype,
        payload=payload,
        channel_id=ctx.channel_id,
        guild_id=ctx.guild.id if ctx.guild else None,
        source_message_id=message.id if message else None,
    )
    world.interactions[interaction_id] = record
    return record


class _Resolver:
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


def command_data(
    world: World,
    ctx: Context,
    base_url: str,
    command: str,
    options: Mapping[str, Any],
    focused: str | None = None,
) -> JSON:
    """``data`` for a chat-input command or its autocomplete (``focused`` set)."""
    root, *path = command.split()
    guild_id = ctx.guild.id if ctx.guild else None
    registered = world.commands.lookup(root, guild_id)
    if registered is None:
        raise LookupError(
            f"command {root!r} is not registered; registered: {world.commands.names()}"
        )
    data: JSON = {"id": registered["id"], "name": root, "type": 1}
    if "guild_id" in registered:
        data["guild_id"] = registered["guild_id"]
    schema: Sequence[JSON] = registered.get("options") or []
    container: list[JSON] = []
    data["options"] = container
    for name in path:
        sub = next(
            (o for o in schema if o.get("name") == name and o.get("type") in (SUBCOMMAND, GROUP)),
            None,
        )
        if sub is None:
            raise LookupError(
                f"{root!r} has no sub-command {name!r}; options: {[o.get('name') for o in schema]}"
            )
        nested: list[JSON] = []
        container.append({"type": sub["type"], "name": name, "options": nested})
        container, schema = nested, sub.get("options") or []
    if any(o.get("type") in (SUBCOMMAND, GROUP) for o in schema):
        raise LookupError(
            f"{command!r} is a group; name a sub-command: {[o.get('name') for o in schema]}"
        )
    resolver = _Resolver(world, ctx, base_url)
    by_name = {o["name"]: o for o in schema}
    for name, value in options.items():
        spec = by_name.get(name)
        if spec is None:
            raise KeyError(f"{command!r} has no option {name!r}; options: {sorted(by_name)}")
        if name == focused:
            container.append(
                {"type": spec["type"], "name": name, "value": str(value), "focused": True}
            )
        else:
            container.append(
                {"type": spec["type"], "name": name, "value": resolver.convert(spec["type"], value)}
            )
    if focused is not None and focused not in options:
        if focused not in by_name:
            raise KeyError(f"{command!r} has no option {focused!r}; options: {sorted(by_name)}")
        container.append(
            {"type": by_name[focused]["type"], "name": focused, "value": "", "focused": True}
        )
    missing = [
        n for n, o in by_name.items() if o.get("required") and n not in options and focused is None
    ]
    if missing:
        raise ValueError(
            f"{command!r} requires options {missing} (the Discord client would not send it)"
        )
    if resolver.resolved:
        data["resolved"] = resolver.resolved
    return data


def component_data(
    world: World,
    ctx: Context,
    base_url: str,
    message: StoredMessage,
    custom_id: str,
    values: Sequence[Any] | None,
) -> JSON:
    comp = find_component(message.payload.get("components") or [], custom_id)
    if comp is None:
        raise LookupError(f"message {message.id} has no component {custom_id!r}")
    if comp.get("disabled"):
        raise ValueError(f"component {custom_id!r} is disabled; Discord would not send a click")
    ctype = int(comp["type"])
    data: JSON = {"custom_id": custom_id, "component_type": ctype}
    if ctype not in SELECT_TYPES:
        if values:
            raise ValueError(f"component {custom_id!r} (type {ctype}) takes no values")
        return data
    chosen = list(values or [])
    if ctype == 3:
        allowed = {o.get("value") for o in comp.get("options") or []}
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            raise ValueError(
                f"select {custom_id!r} has no options {unknown}; "
                f"options: {sorted(map(str, allowed))}"
            )
        data["values"] = [str(v) for v in chosen]
        return data
    resolver = _Resolver(world, ctx, base_url)
    kind = {5: USER, 6: ROLE, 7: MENTIONABLE, 8: CHANNEL}[ctype]
    data["values"] = [resolver.convert(kind, v) for v in chosen]
    data["resolved"] = resolver.resolved
    return data


def modal_submit_data(modal: JSON, values: Mapping[str, Any]) -> JSON:
    """Mirror the modal's layout with the submitted values filled in."""
    unused = set(values)

    def submit(comp: JSON) -> JSON:
        ctype = comp.get("type")
        if ctype == 1:
            return {"type": 1, "components": [submit(c) for c in comp.get("components") or []]}
        if ctype == 18 and isinstance(comp.get("component"), dict):
            return {"type": 18, "component": submit(comp["component"])}
        custom_id = comp.get("custom_id")
        if custom_id is None:
            return {"type": ctype}
        unused.discard(custom_id)
        if ctype == 4:
            value = str(values.get(custom_id, comp.get("value") or ""))
            if comp.get("required", True) and not value:
                raise ValueError(f"text input {custom_id!r} is required")
            return {"type": 4, "custom_id": custom_id, "value": value}
        chosen = values.get(custom_id, [])
        return {"type": ctype, "custom_id": custom_id, "values": [str(v) for v in chosen]}

    components = [submit(c) for c in modal.get("components") or []]
    if unused:
        raise KeyError(f"modal {modal.get('custom_id')!r} has no inputs {sorted(unused)}")
    return {"custom_id": modal.get("custom_id"), "components": components}
