"""Plain data describing the fake Discord world: users, guilds, channels, roles.

Tests build these (or take the defaults) and hand them to ``FakeDiscord``; the
payload builders turn them into the JSON shapes discord.py parses.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

DISCORD_EPOCH_MS = 1420070400000

# Permission bits the fake needs to compute member/app permissions.
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38

#: What @everyone gets by default in a fresh Discord guild (close enough).
DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

#: What the bot is granted in interactions unless a test says otherwise.
DEFAULT_APP_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS


class Snowflakes:
    """Generates real-looking, strictly increasing snowflakes.

    Time-based so that ``discord.utils.snowflake_time`` gives sensible dates,
    with a counter in the low bits so ids made in the same millisecond differ.
    """

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._last = 0

    def next(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (next(self._counter) & 0xFFF)
        # The counter wraps after 4096; never go backwards even then.
        value = max(value, self._last + 1)
        self._last = value
        return value

    def on_shard(self, shard: int, shard_count: int) -> int:
        """A fresh id whose guild would live on `shard` of `shard_count`: the timestamp
        moves up to shard_count - 1 ms ahead, and later ids stay above it."""
        value = self.next()
        value += ((shard - (value >> 22)) % shard_count) << 22
        self._last = max(self._last, value)
        return value


_ids = Snowflakes()


def new_id() -> int:
    """A fresh snowflake from the process-wide generator."""
    return _ids.next()


def guild_id_on_shard(shard: int, shard_count: int) -> int:
    """A fresh guild id that Discord routes to `shard` of `shard_count`."""
    return _ids.on_shard(shard, shard_count)


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    managed: bool = False
    mentionable: bool = False


@dataclass
class FakeChannel:
    id: int
    name: str
    #: Discord channel type: 0 text, 2 voice, 4 category, 5 news, 15 forum.
    type: int = 0
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    nsfw: bool = False


@dataclass
class FakeMember:
    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: list[FakeRole] = field(default_factory=list)
    channels: list[FakeChannel] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)
    preferred_locale: str = "en-US"

    @property
    def everyone_role(self) -> FakeRole:
        # Discord's @everyone role always shares the guild's id.
        for role in self.roles:
            if role.id == self.id:
                return role
        raise LookupError(f"guild {self.id} has no @everyone role")

    def channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def role(self, role_id: int) -> FakeRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.user.id == user_id), None)

    def text_channels(self) -> list[FakeChannel]:
        return [c for c in self.channels if c.type in (0, 5)]

    def base_permissions(self, user_id: int, roles: Sequence[int] = ()) -> int:
        """Guild-level permissions like Discord computes them (no overwrites)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone_role.permissions
        for role_id in roles:
            role = self.role(role_id)
            if role is not None:
                perms |= role.permissions
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms


ALL_PERMISSIONS = (1 << 53) - 1


def make_guild(
    name: str = "Test Guild",
    *,
    guild_id: int | None = None,
    owner: FakeUser | None = None,
    channel_names: Sequence[str] = ("general",),
    extra_members: Sequence[FakeMember] = (),
    extra_roles: Sequence[FakeRole] = (),
    everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
    preferred_locale: str = "en-US",
) -> FakeGuild:
    """A minimal valid guild: @everyone, text channels, an owner member.

    The bot's own member is added by the fake when it serves the guild, so it
    does not need to be listed here.
    """
    gid = guild_id if guild_id is not None else new_id()
    owner_user = owner or FakeUser(id=new_id(), username="owner")
    roles = [FakeRole(id=gid, name="@everyone", permissions=everyone_permissions)]
    roles.extend(extra_roles)
    channels = [FakeChannel(id=new_id(), name=n, position=i) for i, n in enumerate(channel_names)]
    members = [FakeMember(user=owner_user)]
    members.extend(extra_members)
    return FakeGuild(
        id=gid,
        name=name,
        owner_id=owner_user.id,
        roles=roles,
        channels=channels,
        members=members,
        preferred_locale=preferred_locale,
    )


@dataclass(frozen=True)
class Actor:
    """Who performs an injected interaction, and where.

    Every field is optional: the fake fills in the first guild, its first text
    channel and the guild owner. ``permissions`` overrides the computed member
    permission bitfield (what ``interaction.permissions`` reports).
    """

    user_id: int | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    permissions: int | None = None
    roles: Sequence[int] = ()
    locale: str = "en-US"
    #: Invoke from a DM with the bot instead of a guild channel.
    dm: bool = False
    app_permissions: int | None = None


@dataclass(frozen=True)
class UploadedFile:
    """An attachment a user passes to an ATTACHMENT command option."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
