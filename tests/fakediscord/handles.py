"""A handle on one injected interaction, for reading what the bot answered."""

# Waiting helpers take a timeout= like discord.py's wait_for, by design.
# ruff: noqa: ASYNC109

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .recording import RecordedFile, RecordedRequest, Recorder, request_filter
from .state import InteractionRecord, World

JSON = dict[str, Any]
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5


@dataclass
class InjectedInteraction:
    world: World
    recorder: Recorder
    record: InteractionRecord

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def token(self) -> str:
        return self.record.token

    @property
    def payload(self) -> JSON:
        """The INTERACTION_CREATE ``d`` that was dispatched."""
        return self.record.payload

    async def callback(self, timeout: float = 5.0) -> JSON:
        """The bot's initial response body, e.g. ``{"type": 4, "data": {...}}``."""
        path = rf"/interactions/{self.id}/[^/]+/callback"
        found = await self.recorder.wait_for(request_filter("POST", path), timeout=timeout)
        body: JSON = found[0].json
        return body

    async def answer(self, timeout: float = 30.0) -> tuple[JSON, list[RecordedFile]]:
        """What the member finally sees and its files: the callback's message, or, when the
        bot deferred (a busy machine, slow work), the follow-up or edit that replaced the
        "thinking…" message."""
        path = rf"/interactions/{self.id}/[^/]+/callback"
        (callback,) = await self.recorder.wait_for(request_filter("POST", path), timeout=timeout)
        if callback.json["type"] != DEFERRED_CHANNEL_MESSAGE:
            assert callback.json["type"] == CHANNEL_MESSAGE, callback.json
            return callback.json["data"], callback.files
        followup = request_filter("POST", re.escape(self._webhook_path()))
        edit = request_filter("PATCH", re.escape(self._webhook_path("/messages/@original")))
        found = await self.recorder.wait_for(
            lambda req: followup(req) or edit(req), timeout=timeout
        )
        return found[0].json, found[0].files

    def original(self) -> JSON | None:
        """The current state of the original response message, if any."""
        if self.record.original_message_id is None:
            return None
        stored = self.world.messages.get(self.record.original_message_id)
        return stored.payload if stored else None

    def followups(self) -> list[JSON]:
        found = (self.world.messages.get(i) for i in self.record.followup_ids)
        return [m.payload for m in found if m is not None]

    def _webhook_path(self, suffix: str = "") -> str:
        return f"/webhooks/{self.world.app_id}/{self.token}{suffix}"

    async def wait_followups(self, count: int = 1, timeout: float = 5.0) -> list[RecordedRequest]:
        """Wait for ``count`` follow-up POSTs; returns the recorded requests."""
        predicate = request_filter("POST", re.escape(self._webhook_path()))
        return await self.recorder.wait_for(predicate, count=count, timeout=timeout)

    async def wait_edit(self, count: int = 1, timeout: float = 5.0) -> RecordedRequest:
        """Wait for the ``count``-th PATCH of the original response; return it."""
        predicate = request_filter("PATCH", re.escape(self._webhook_path("/messages/@original")))
        found = await self.recorder.wait_for(predicate, count=count, timeout=timeout)
        return found[count - 1]
