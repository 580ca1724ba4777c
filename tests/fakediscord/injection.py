"""Builders for INTERACTION_CREATE payloads as Discord would send them.

Command interactions are derived from what the bot registered (ids, option
types), so a test only names the command path and option values.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from .context import CHANNEL, GROUP, MENTIONABLE, ROLE, SUBCOMMAND, USER, Context, Resolver
from .models import FakeMember, new_id
from .payloads import member_payload, user_payload
from .state import InteractionRecord, StoredMessage, World, find_component

JSON = dict[str, Any]
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
SELECT_TYPES = {3, 5, 6, 7, 8}


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
    resolver = Resolver(world, ctx, base_url)
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
    resolver = Resolver(world, ctx, base_url)
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


def context_menu_data(
    world: World, ctx: Context, base_url: str, name: str, command_type: int, target: int
) -> JSON:
    """``data`` for a user (type 2) or message (type 3) context-menu command."""
    guild_id = ctx.guild.id if ctx.guild else None
    registered = world.commands.lookup(name, guild_id, command_type)
    if registered is None:
        raise LookupError(f"context menu {name!r} (type {command_type}) is not registered")
    data: JSON = {
        "id": registered["id"],
        "name": name,
        "type": command_type,
        "target_id": str(target),
    }
    if "guild_id" in registered:
        data["guild_id"] = registered["guild_id"]
    if command_type == USER:
        resolver = Resolver(world, ctx, base_url)
        resolver.user(target)
        data["resolved"] = resolver.resolved
    else:
        message = world.messages.get(target)
        if message is None:
            raise LookupError(f"no live message {target}")
        data["resolved"] = {"messages": {str(target): message.payload}}
    return data
