"""The gateway websocket: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatch.

Frames are always sent as uncompressed JSON text even when the client asks for
``compress=zlib-stream``: discord.py only inflates binary frames, so text
frames are accepted as-is and keep the fake simple.
"""

# Waiting helpers take a timeout= like discord.py's wait_for, by design.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .payloads import bot_user_payload, guild_create_payload, member_payload
from .state import World

JSON = dict[str, Any]
log = logging.getLogger(__name__)

# Gateway opcodes the fake speaks.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
RECONNECT = 7
REQUEST_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11


def shard_for(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % max(1, shard_count)


@dataclass
class Session:
    session_id: str
    shard_id: int
    shard_count: int
    intents: int
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: Every op the client sent on this session, for assertions.
    received: list[JSON] = field(default_factory=list)

    @property
    def connected(self) -> bool:
        return self.ws is not None and not self.ws.closed

    async def send(self, payload: JSON) -> None:
        ws = self.ws
        if ws is None or ws.closed:
            raise ConnectionError(f"shard {self.shard_id} is not connected")
        async with self.lock:
            await ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: JSON) -> None:
        self.seq += 1
        await self.send({"op": DISPATCH, "t": event, "s": self.seq, "d": data})


class Gateway:
    def __init__(
        self,
        world: World,
        *,
        token: Callable[[], str | None],
        heartbeat_interval_ms: int,
        resume_url: Callable[[], str],
    ) -> None:
        self.world = world
        self._token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._resume_url = resume_url
        self.sessions: dict[str, Session] = {}
        self._sockets: set[web.WebSocketResponse] = set()
        self._changed = asyncio.Event()
        self.identify_count = 0
        self.resume_count = 0

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connected]

    def session_for_guild(self, guild_id: int | None) -> Session:
        live = self.live_sessions()
        if not live:
            raise ConnectionError("no gateway session is connected")
        if guild_id is None:
            return min(live, key=lambda s: s.shard_id)
        for session in live:
            if session.shard_id == shard_for(guild_id, session.shard_count):
                return session
        raise ConnectionError(f"no connected shard serves guild {guild_id}")

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> None:
        """Wait for a connection-state change that makes ``predicate`` true."""

        async def watch() -> None:
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(watch(), timeout)

    async def close_all(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"fake discord shutting down")

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        session: Session | None = None
        try:
            await ws.send_str(
                json.dumps({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            )
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                if session is not None:
                    session.received.append(payload)
                session = await self._on_message(ws, session, payload)
        finally:
            self._sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
            self._changed.set()
        return ws

    async def _on_message(
        self, ws: web.WebSocketResponse, session: Session | None, payload: JSON
    ) -> Session | None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK}))
        elif op == IDENTIFY:
            return await self._identify(ws, data or {})
        elif op == RESUME:
            return await self._resume(ws, data or {})
        elif op == REQUEST_MEMBERS and session is not None:
            await self._member_chunk(session, data or {})
        return session

    def _token_ok(self, token: Any) -> bool:
        expected = self._token()
        return expected is None or token == expected

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> Session | None:
        if not self._token_ok(data.get("token")):
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard") or [0, 1]
        session = Session(
            secrets.token_hex(16),
            int(shard_id),
            int(shard_count),
            int(data.get("intents") or 0),
            ws=ws,
        )
        self.sessions[session.session_id] = session
        self.identify_count += 1
        guilds = [
            g for g in self.world.guilds if shard_for(g.id, session.shard_count) == session.shard_id
        ]
        ready: JSON = {
            "v": 10,
            "user": bot_user_payload(self.world.bot),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "shard": [session.shard_id, session.shard_count],
            "application": {"id": str(self.world.app_id), "flags": self.world.application_flags},
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "guild_join_requests": [],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await session.dispatch("READY", ready)
        for guild in guilds:
            await session.dispatch(
                "GUILD_CREATE", guild_create_payload(guild, self.world.guild_members(guild))
            )
        self._changed.set()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not self._token_ok(data.get("token")):
            # d=false: the session cannot be resumed, the client must identify.
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return None
        session.ws = ws
        self.resume_count += 1
        await session.dispatch("RESUMED", {"_trace": ["fake-discord"]})
        self._changed.set()
        return session

    async def _member_chunk(self, session: Session, data: JSON) -> None:
        guild_id = int(data.get("guild_id") or 0)
        guild = self.world.guild(guild_id)
        members = self.world.guild_members(guild) if guild else []
        query = str(data.get("query") or "").lower()
        wanted = {int(u) for u in data.get("user_ids") or []}
        if wanted:
            members = [m for m in members if m.user.id in wanted]
        elif query:
            members = [m for m in members if m.user.username.lower().startswith(query)]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(guild_id),
            "members": [member_payload(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def request_reconnect(self, shard_id: int = 0) -> None:
        """Send op 7 RECONNECT; discord.py then reconnects and RESUMEs."""
        session = next(s for s in self.live_sessions() if s.shard_id == shard_id)
        await session.send({"op": RECONNECT, "d": None})
