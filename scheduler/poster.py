"""Posting announcements through discord.py, and telling retryable errors from final ones.

Channels are addressed by id (a PartialMessageable), so a fan-out needs no channel cache
and no privileged intents. discord.py already sleeps on 429s (honouring Retry-After) and
retries 5xx a few times; what still fails comes here and is classified for the engine.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

import aiohttp
import discord

from core.i18n import deferred
from render.announce import OutgoingMessage
from scheduler.delivery import PermanentDeliveryError, TransientDeliveryError

#: Recent messages searched for an earlier post after a crash.
HISTORY_LIMIT = 50
#: Clock skew allowance when searching "after the claim".
SEARCH_MARGIN = dt.timedelta(minutes=2)
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013


def _short(exc: discord.HTTPException) -> str:
    return f"HTTP {exc.status}" + (f" ({exc.text[:120]})" if exc.text else "")


def classify(exc: Exception, channel_id: int) -> Exception:
    """The engine's error for what discord.py (or the network) raised. A permanent one
    says why in words the admins read in their own language (`/announce status`)."""
    where = f"<#{channel_id}>"
    if isinstance(exc, discord.Forbidden):
        if exc.code == MISSING_ACCESS:
            reason = deferred(
                "I can no longer see {channel} (Discord: Missing Access).", channel=where
            )
        else:
            reason = deferred(
                "I may no longer post in {channel} (Discord: Missing Permissions). I need "
                "View Channel, Send Messages, Embed Links and Attach Files there.",
                channel=where,
            )
        return PermanentDeliveryError(_short(exc), reason)
    if isinstance(exc, discord.NotFound):
        reason = deferred(
            "The channel {channel} no longer exists, or I cannot reach it.", channel=where
        )
        return PermanentDeliveryError(_short(exc), reason)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            return TransientDeliveryError(_short(exc))
        return PermanentDeliveryError(
            _short(exc),
            deferred(
                "Discord rejected the post for {channel} ({error}).",
                channel=where,
                error=_short(exc),
            ),
        )
    if isinstance(exc, aiohttp.ClientError | TimeoutError | OSError):
        return TransientDeliveryError(f"network error: {type(exc).__name__}")
    return exc


class Messenger(Protocol):
    """The parts of discord.Client a poster uses."""

    @property
    def user(self) -> discord.ClientUser | None: ...

    def get_partial_messageable(
        self, id: int, *, guild_id: int | None = None, type: discord.ChannelType | None = None
    ) -> discord.PartialMessageable: ...


_MARKER = re.compile(r"#hallyu-(\d+)-(\d{4}-\d{2}-\d{2})$")


def legacy_reference(reference: str) -> str | None:
    """`#hallyu-1-2025-04-27` → `ref 1/2025-04-27`: how posts made before the marker moved
    into the title link named themselves in their footer (a claim may predate an upgrade)."""
    match = _MARKER.search(reference)
    return None if match is None else f"ref {match.group(1)}/{match.group(2)}"


class DiscordPoster:
    """Sends and looks up through discord.py; each request waits for its turn in the
    bot's Pacer, which gates every request of the HTTP session (scheduler.pacing)."""

    def __init__(self, client: Messenger) -> None:
        self.client = client

    async def send(self, channel_id: int, message: OutgoingMessage, nonce: str | None) -> int:
        channel = self.client.get_partial_messageable(channel_id)
        try:
            if nonce is None:
                sent = await channel.send(
                    content=message.content,
                    embed=message.embed,
                    allowed_mentions=message.allowed_mentions,
                )
            else:
                # discord.py adds enforce_nonce: Discord then answers a repeated nonce (a
                # resend after a crash) with the first message instead of posting again.
                sent = await channel.send(
                    content=message.content,
                    embed=message.embed,
                    allowed_mentions=message.allowed_mentions,
                    nonce=nonce,
                )
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise classify(exc, channel_id) from exc
        return sent.id

    async def find(self, channel_id: int, reference: str, since: dt.datetime) -> int | None:
        """The bot's message in the channel whose embed links with `reference` (the
        marker fragment of core.announce)."""
        me = self.client.user
        if me is None:
            raise TransientDeliveryError("not logged in yet")
        legacy = legacy_reference(reference)
        channel = self.client.get_partial_messageable(channel_id)
        try:
            async for message in channel.history(
                limit=HISTORY_LIMIT, after=since - SEARCH_MARGIN, oldest_first=True
            ):
                if message.author.id == me.id and any(
                    (embed.url or "").endswith(reference)
                    or (legacy is not None and legacy in (embed.footer.text or ""))
                    for embed in message.embeds
                ):
                    return message.id
        except discord.Forbidden:
            # Without Read Message History the channel cannot be searched; the resend that
            # follows carries the same nonce, which Discord deduplicates.
            return None
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise classify(exc, channel_id) from exc
        return None
