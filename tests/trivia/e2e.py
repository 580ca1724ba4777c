"""The real bot against the local fake Discord, with two servers and a hand-driven clock."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

from app import HallyuBot
from cogs.trivia import Trivia
from config import Settings
from tests.fakediscord import (
    Actor,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    InjectedInteraction,
    make_guild,
    new_id,
    run_bot,
)
from tests.trivia.clock import ManualClock

MANAGE_MESSAGES = 1 << 13
MANAGE_GUILD = 1 << 5
EPHEMERAL = 64


@dataclass
class Server:
    guild: FakeGuild
    moderator: FakeMember  # Manage Messages through a role
    member: FakeMember  # no special permission
    member2: FakeMember
    curator: FakeMember  # holds the role the admins will name the trivia role
    curator_role: FakeRole

    @property
    def channel(self) -> int:
        return self.guild.text_channels()[0].id

    @property
    def owner(self) -> int:
        return self.guild.owner_id

    def actor(self, who: FakeMember | int | None = None, **kwargs: Any) -> Actor:
        user_id = who.user.id if isinstance(who, FakeMember) else who
        return Actor(guild_id=self.guild.id, channel_id=self.channel, user_id=user_id, **kwargs)


def make_server(name: str, preferred_locale: str = "en-US") -> Server:
    mod_role = FakeRole(id=new_id(), name="Mods", permissions=MANAGE_MESSAGES)
    curator_role = FakeRole(id=new_id(), name="Trivia curators")

    def person(username: str, *roles: FakeRole) -> FakeMember:
        return FakeMember(FakeUser(new_id(), username), roles=[r.id for r in roles])

    moderator = person(f"{name}-mod", mod_role)
    member, member2 = person(f"{name}-fan"), person(f"{name}-fan2")
    curator = person(f"{name}-curator", curator_role)
    guild = make_guild(
        name,
        extra_members=[moderator, member, member2, curator],
        extra_roles=[mod_role, curator_role],
        preferred_locale=preferred_locale,
    )
    return Server(guild, moderator, member, member2, curator, curator_role)


@dataclass
class Env:
    fake: FakeDiscord
    bot: HallyuBot
    clock: ManualClock
    a: Server
    b: Server

    @property
    def cog(self) -> Trivia:
        return cast(Trivia, self.bot.get_cog("Trivia"))

    async def run(
        self, command: str, server: Server, who: FakeMember | int | None = None, **options: Any
    ) -> dict[str, Any]:
        """Run a slash command and return its first callback body."""
        ix = await self.slash(command, server, who, **options)
        return await ix.callback()

    async def slash(
        self, command: str, server: Server, who: FakeMember | int | None = None, **options: Any
    ) -> InjectedInteraction:
        return await self.fake.slash(command, actor=server.actor(who), options=options)


@contextlib.asynccontextmanager
async def started_bot(
    fake: FakeDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[HallyuBot]:
    bot = HallyuBot(settings)
    async with run_bot(fake, bot) as running:
        cast(Trivia, running.get_cog("Trivia")).clock = clock
        await running.tree.sync()
        yield running


def is_ephemeral(callback: dict[str, Any]) -> bool:
    return callback["type"] == 4 and bool(callback["data"].get("flags", 0) & EPHEMERAL)


def is_error(callback: dict[str, Any]) -> bool:
    """Errors are ephemeral text; confirmations to curators are ephemeral cards."""
    return is_ephemeral(callback) and not callback["data"].get("embeds")


def text_of(callback: dict[str, Any]) -> str:
    data = callback["data"]
    parts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)
