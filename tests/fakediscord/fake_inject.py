"""Injecting interactions: the ``slash``/``autocomplete``/``click``/``select``/
``submit_modal`` half of ``FakeDiscord``, kept apart to keep files small."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .context import Context, resolve_actor
from .gateway import Gateway
from .handles import InjectedInteraction
from .injection import (
    command_data,
    component_data,
    context_menu_data,
    interaction_payload,
    modal_submit_data,
)
from .models import Actor
from .recording import Recorder
from .server import HttpServer
from .state import StoredMessage, World

JSON = dict[str, Any]


class InjectionMixin:
    world: World
    gateway: Gateway
    http: HttpServer
    recorder: Recorder

    async def _inject(
        self,
        itype: int,
        actor: Actor | None,
        build: Callable[[Context], JSON],
        message: StoredMessage | None = None,
    ) -> InjectedInteraction:
        ctx = resolve_actor(self.world, actor)
        record = interaction_payload(self.world, ctx, itype, build(ctx), message)
        await self.dispatch("INTERACTION_CREATE", record.payload, guild_id=record.guild_id)
        return InjectedInteraction(self.world, self.recorder, record)

    async def slash(
        self,
        command: str,
        /,
        *,
        actor: Actor | None = None,
        options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> InjectedInteraction:
        """Invoke ``/command [group] [sub]`` with option values, e.g.
        ``await fake.slash("chart top", week="2025-04-27")``. Options whose
        names clash with ``actor``/``options`` go in ``options=``."""
        values = {**(options or {}), **kwargs}
        return await self._inject(
            2, actor, lambda ctx: command_data(self.world, ctx, self.http.base_url, command, values)
        )

    async def autocomplete(
        self,
        command: str,
        focused: str,
        value: str = "",
        /,
        *,
        actor: Actor | None = None,
        options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> InjectedInteraction:
        """Type ``value`` into option ``focused``; other options as already filled."""
        values = {**(options or {}), **kwargs, focused: value}
        return await self._inject(
            4,
            actor,
            lambda ctx: command_data(
                self.world, ctx, self.http.base_url, command, values, focused=focused
            ),
        )

    async def user_command(
        self, name: str, target: int, *, actor: Actor | None = None
    ) -> InjectedInteraction:
        """Run a user context-menu command on user ``target``."""
        return await self._inject(
            2,
            actor,
            lambda ctx: context_menu_data(self.world, ctx, self.http.base_url, name, 2, target),
        )

    async def message_command(
        self, name: str, target: int, *, actor: Actor | None = None
    ) -> InjectedInteraction:
        """Run a message context-menu command on message ``target``."""
        return await self._inject(
            2,
            actor,
            lambda ctx: context_menu_data(self.world, ctx, self.http.base_url, name, 3, target),
        )

    def _message_for(self, custom_id: str, message_id: int | None) -> StoredMessage:
        if message_id is not None:
            stored = self.world.messages.get(message_id)
            if stored is None:
                raise LookupError(f"no live message {message_id}")
            return stored
        found = self.world.messages.with_custom_id(custom_id)
        if found is None:
            raise LookupError(f"no message the bot sent has a component {custom_id!r}")
        return found

    async def click(
        self, custom_id: str, *, message_id: int | None = None, actor: Actor | None = None
    ) -> InjectedInteraction:
        """Press a button on the newest message carrying ``custom_id``."""
        return await self.select(custom_id, [], message_id=message_id, actor=actor)

    async def select(
        self,
        custom_id: str,
        values: Sequence[Any],
        *,
        message_id: int | None = None,
        actor: Actor | None = None,
    ) -> InjectedInteraction:
        """Choose ``values`` in a select menu (ids for user/role/channel selects)."""
        message = self._message_for(custom_id, message_id)
        guild_id = _guild_of(message)
        # A click happens where the message is, whoever the actor is.
        actor = _placed(actor or Actor(), guild_id, message.channel_id)
        return await self._inject(
            3,
            actor,
            lambda ctx: component_data(
                self.world, ctx, self.http.base_url, message, custom_id, values or None
            ),
            message,
        )

    async def submit_modal(
        self,
        values: Mapping[str, Any] | None = None,
        *,
        custom_id: str | None = None,
        actor: Actor | None = None,
        **kwargs: Any,
    ) -> InjectedInteraction:
        """Submit the newest modal the bot opened (or the one with ``custom_id``)."""
        candidates = [
            (iid, m)
            for iid, m in self.world.modals
            if custom_id is None or m.get("custom_id") == custom_id
        ]
        if not candidates:
            raise LookupError(f"the bot opened no modal{f' {custom_id!r}' if custom_id else ''}")
        opener_id, modal = candidates[-1]
        opener = self.world.interactions[opener_id]
        message = (
            self.world.messages.get(opener.source_message_id) if opener.source_message_id else None
        )
        # By default the user who opened the modal submits it, in the same place.
        actor = _placed(
            actor or Actor(user_id=_actor_id(opener.payload)), opener.guild_id, opener.channel_id
        )
        submitted = {**(values or {}), **kwargs}
        return await self._inject(
            5, actor, lambda ctx: modal_submit_data(modal, submitted), message
        )

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> None:
        """Send any gateway event on the shard that owns ``guild_id``."""
        await self.gateway.session_for_guild(guild_id).dispatch(event, data)


def _guild_of(message: StoredMessage) -> int | None:
    raw = message.payload.get("guild_id")
    return int(raw) if raw else None


def _actor_id(payload: JSON) -> int | None:
    user = payload.get("member", {}).get("user") or payload.get("user") or {}
    return int(user["id"]) if "id" in user else None


def _placed(actor: Actor, guild_id: int | None, channel_id: int) -> Actor:
    if actor.guild_id is not None or actor.channel_id is not None:
        return actor
    return replace(actor, guild_id=guild_id, channel_id=channel_id, dm=guild_id is None)
