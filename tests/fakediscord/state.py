"""The fake's mutable world: messages, registered commands, live interactions."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .models import FakeChannel, FakeGuild, FakeMember, FakeUser, new_id
from .payloads import application_command_payload, iso_now

JSON = dict[str, Any]
EPHEMERAL = 1 << 6


@dataclass
class StoredMessage:
    payload: JSON
    #: "channel", "interaction" (a callback response) or "followup".
    source: str
    interaction_id: int | None = None
    deleted: bool = False
    #: Every edit body applied, oldest first.
    edits: list[JSON] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def channel_id(self) -> int:
        return int(self.payload["channel_id"])


class MessageStore:
    def __init__(self) -> None:
        self._by_id: dict[int, StoredMessage] = {}

    def add(self, message: StoredMessage) -> StoredMessage:
        self._by_id[message.id] = message
        return message

    def get(self, message_id: int, *, include_deleted: bool = False) -> StoredMessage | None:
        found = self._by_id.get(message_id)
        if found is None or (found.deleted and not include_deleted):
            return None
        return found

    def edit(
        self, message_id: int, body: JSON, attachments: list[JSON] | None
    ) -> StoredMessage | None:
        stored = self.get(message_id)
        if stored is None:
            return None
        # Edits cannot make a message ephemeral or public.
        ephemeral = int(stored.payload.get("flags") or 0) & EPHEMERAL
        for key in ("content", "components", "flags", "poll"):
            if key in body:
                stored.payload[key] = (
                    body[key] if body[key] is not None else ([] if key == "components" else None)
                )
        if "embeds" in body:
            stored.payload["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if attachments is not None:
            stored.payload["attachments"] = attachments
        stored.payload["content"] = stored.payload.get("content") or ""
        stored.payload["flags"] = (int(stored.payload.get("flags") or 0) & ~EPHEMERAL) | ephemeral
        stored.payload["edited_timestamp"] = iso_now()
        stored.edits.append(body)
        return stored

    def all(self, *, include_deleted: bool = False) -> list[StoredMessage]:
        return [m for m in self._by_id.values() if include_deleted or not m.deleted]

    def in_channel(self, channel_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        return [m for m in self.all(include_deleted=include_deleted) if m.channel_id == channel_id]

    def with_custom_id(self, custom_id: str) -> StoredMessage | None:
        """The newest live message carrying a component with this custom_id."""
        for message in reversed(self.all()):
            if find_component(message.payload.get("components") or [], custom_id) is not None:
                return message
        return None


def find_component(components: Iterable[Any], custom_id: str) -> JSON | None:
    for comp in components:
        if not isinstance(comp, dict):
            continue
        if comp.get("custom_id") == custom_id:
            return comp
        for child in (comp.get("component"), comp.get("accessory")):
            if isinstance(child, dict):
                found = find_component([child], custom_id)
                if found is not None:
                    return found
        found = find_component(comp.get("components") or [], custom_id)
        if found is not None:
            return found
    return None


class CommandStore:
    """Registered application commands, global (guild None) and per guild."""

    def __init__(self, app_id: int) -> None:
        self.app_id = app_id
        self._scopes: dict[int | None, dict[tuple[int, str], JSON]] = {}
        self._ids: dict[tuple[int | None, int, str], int] = {}

    def _payload(self, guild_id: int | None, body: JSON) -> JSON:
        key = (guild_id, int(body.get("type") or 1), str(body.get("name")))
        # Discord keeps a command's id across overwrites when name and type match.
        command_id = self._ids.setdefault(key, new_id())
        return application_command_payload(
            body, command_id=command_id, app_id=self.app_id, version=new_id(), guild_id=guild_id
        )

    def overwrite(self, guild_id: int | None, bodies: list[JSON]) -> list[JSON]:
        scope: dict[tuple[int, str], JSON] = {}
        for body in bodies:
            payload = self._payload(guild_id, body)
            scope[(int(payload["type"]), payload["name"])] = payload
        self._scopes[guild_id] = scope
        return list(scope.values())

    def upsert(self, guild_id: int | None, body: JSON) -> JSON:
        payload = self._payload(guild_id, body)
        self._scopes.setdefault(guild_id, {})[(int(payload["type"]), payload["name"])] = payload
        return payload

    def in_scope(self, guild_id: int | None) -> list[JSON]:
        return list(self._scopes.get(guild_id, {}).values())

    def by_id(self, guild_id: int | None, command_id: int) -> JSON | None:
        return next((c for c in self.in_scope(guild_id) if int(c["id"]) == command_id), None)

    def delete(self, guild_id: int | None, command_id: int) -> bool:
        scope = self._scopes.get(guild_id, {})
        for key, payload in list(scope.items()):
            if int(payload["id"]) == command_id:
                del scope[key]
                return True
        return False

    def lookup(self, name: str, guild_id: int | None, command_type: int = 1) -> JSON | None:
        """Guild commands shadow global ones, as in the Discord client."""
        for scope in ((guild_id,) if guild_id is not None else ()) + (None,):
            found = self._scopes.get(scope, {}).get((command_type, name))
            if found is not None:
                return found
        return None

    def names(self) -> list[str]:
        return sorted({name for scope in self._scopes.values() for (_, name) in scope})


@dataclass
class InteractionRecord:
    id: int
    token: str
    type: int
    payload: JSON
    channel_id: int
    guild_id: int | None
    created: float = field(default_factory=time.monotonic)
    #: The message a component/modal interaction came from.
    source_message_id: int | None = None
    response_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)


@dataclass
class World:
    """Static-ish configuration plus the stores the REST handlers mutate."""

    app_id: int
    bot: FakeUser
    owner: FakeUser
    guilds: list[FakeGuild]
    application_flags: int = 0
    messages: MessageStore = field(default_factory=MessageStore)
    interactions: dict[int, InteractionRecord] = field(default_factory=dict)
    #: Modals the bot opened, as (interaction id, modal data), oldest first.
    modals: list[tuple[int, JSON]] = field(default_factory=list)
    dm_channels: dict[int, FakeUser] = field(default_factory=dict)
    #: Attachment bytes served from the fake CDN, by attachment id.
    blobs: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    extra_users: dict[int, FakeUser] = field(default_factory=dict)
    #: Discord answers a repeated `nonce` (with `enforce_nonce`) from the same sender within
    #: a few minutes with the first message; off, every POST creates a message.
    nonce_dedup: bool = True
    #: (channel id, nonce) -> (message id, monotonic time it was created).
    nonces: dict[tuple[int, str], tuple[int, float]] = field(default_factory=dict)
    #: Posts answered with an earlier message because of their nonce.
    nonce_hits: int = 0
    commands: CommandStore = field(init=False)

    def __post_init__(self) -> None:
        self.commands = CommandStore(self.app_id)

    def guild(self, guild_id: int) -> FakeGuild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def bot_member(self) -> FakeMember:
        return FakeMember(user=self.bot)

    def guild_members(self, guild: FakeGuild) -> list[FakeMember]:
        members = list(guild.members)
        if guild.member(self.bot.id) is None:
            members.append(self.bot_member())
        return members

    def channel(self, channel_id: int) -> tuple[FakeChannel, FakeGuild] | None:
        for guild in self.guilds:
            found = guild.channel(channel_id)
            if found is not None:
                return found, guild
        return None

    def user(self, user_id: int) -> FakeUser | None:
        if user_id == self.bot.id:
            return self.bot
        if user_id == self.owner.id:
            return self.owner
        for guild in self.guilds:
            member = guild.member(user_id)
            if member is not None:
                return member.user
        return self.extra_users.get(user_id)

    def user_or_placeholder(self, user_id: int) -> FakeUser:
        found = self.user(user_id)
        if found is None:
            found = self.extra_users.setdefault(
                user_id, FakeUser(id=user_id, username=f"user{user_id}")
            )
        return found

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        return next((i for i in self.interactions.values() if i.token == token), None)
