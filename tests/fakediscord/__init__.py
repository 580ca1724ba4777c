"""A local fake Discord (REST API + gateway) for end-to-end bot tests.

See README.md in this directory for usage.
"""

from __future__ import annotations

from .failures import (
    ScriptedResponse,
    missing_access,
    missing_permissions,
    rate_limited,
    server_error,
    unknown_channel,
    unknown_message,
)
from .fake import FakeDiscord
from .handles import InjectedInteraction
from .harness import patch_discord_urls, run_bot
from .models import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    DEFAULT_APP_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Actor,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    UploadedFile,
    guild_id_on_shard,
    make_guild,
    new_id,
)
from .openapi import SPEC_PATH, load_spec
from .recording import RecordedFile, RecordedRequest

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "DEFAULT_APP_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "SPEC_PATH",
    "Actor",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "InjectedInteraction",
    "RecordedFile",
    "RecordedRequest",
    "ScriptedResponse",
    "UploadedFile",
    "guild_id_on_shard",
    "load_spec",
    "make_guild",
    "missing_access",
    "missing_permissions",
    "new_id",
    "patch_discord_urls",
    "rate_limited",
    "run_bot",
    "server_error",
    "unknown_channel",
    "unknown_message",
]
