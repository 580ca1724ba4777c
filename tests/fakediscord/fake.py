"""``FakeDiscord``: the object tests hold. Starts the HTTP API and gateway on
127.0.0.1, injects interactions, and exposes what the bot sent."""

# Waiting helpers take a timeout= like discord.py's wait_for, by design.
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from .failures import GlobalRateLimiter, ScriptedResponse
from .fake_inject import InjectionMixin
from .gateway import Gateway, Session
from .models import FakeGuild, FakeUser, make_guild, new_id
from .recording import Predicate, RecordedRequest, Recorder, request_filter
from .server import HttpServer
from .state import World

JSON = dict[str, Any]


class FakeDiscord(InjectionMixin):
    """A local Discord: ``async with FakeDiscord() as fake: ...``.

    ``token`` (if given) must match the bot's token; ``shard_count`` is what
    ``GET /gateway/bot`` recommends to AutoShardedClient. ``interaction_deadline``
    is Discord's 3 s window for the first interaction response.
    """

    def __init__(
        self,
        guilds: Sequence[FakeGuild] | None = None,
        *,
        bot_user: FakeUser | None = None,
        owner: FakeUser | None = None,
        application_id: int | None = None,
        application_flags: int = 0,
        token: str | None = None,
        shard_count: int = 1,
        heartbeat_interval_ms: int = 5000,
        interaction_deadline: float = 3.0,
        validate_openapi: bool = True,
        reject_openapi_violations: bool = False,
        spec_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        bot = bot_user or FakeUser(id=new_id(), username="hallyu-test-bot", bot=True)
        guild_list = list(guilds) if guilds is not None else [make_guild(owner=owner)]
        owner_user = owner or _guild_owner(guild_list) or FakeUser(id=new_id(), username="owner")
        # Modern applications share their id with their bot user.
        self.world = World(
            app_id=application_id or bot.id,
            bot=bot,
            owner=owner_user,
            guilds=guild_list,
            application_flags=application_flags,
        )
        self.recorder = Recorder()
        self.gateway = Gateway(
            self.world,
            token=lambda: self.token,
            heartbeat_interval_ms=heartbeat_interval_ms,
            resume_url=lambda: self.gateway_url,
        )
        self.http = HttpServer(
            self.world,
            self.gateway,
            self.recorder,
            token=token,
            shard_count=shard_count,
            interaction_deadline=interaction_deadline,
            spec_path=spec_path,
            validate_openapi=validate_openapi,
            reject_openapi_violations=reject_openapi_violations,
        )
        self._host, self._port = host, port

    # -- lifecycle -------------------------------------------------------

    async def start(self) -> FakeDiscord:
        await self.http.start(self._host, self._port)
        return self

    async def close(self) -> None:
        await self.http.close()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- addresses and configuration -------------------------------------

    @property
    def token(self) -> str | None:
        return self.http.token

    @property
    def base_url(self) -> str:
        return self.http.base_url

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return self.http.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.http.gateway_url

    @property
    def guild(self) -> FakeGuild:
        """The first configured guild (the default place for injections)."""
        return self.world.guilds[0]

    @property
    def bot_user(self) -> FakeUser:
        return self.world.bot

    @property
    def application_id(self) -> int:
        return self.world.app_id

    # -- what the bot sent ------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.recorder.requests

    @property
    def unknown_routes(self) -> list[RecordedRequest]:
        return self.recorder.unknown_routes

    @property
    def violations(self) -> list[str]:
        """Limit, OpenAPI and protocol violations, each naming its route."""
        return self.recorder.violations

    def assert_clean(self) -> None:
        """Fail if the bot broke a limit/spec rule or called an unknown route."""
        problems = list(self.violations)
        problems += [f"unknown route {r.method} {r.path}" for r in self.unknown_routes]
        if problems:
            raise AssertionError("fake Discord saw problems:\n  " + "\n  ".join(problems))

    def requests_to(
        self, method: str | None = None, path: str | None = None
    ) -> list[RecordedRequest]:
        """Answered requests matching ``method`` and a full-match ``path`` regex."""
        return self.recorder.find(request_filter(method, path))

    async def wait_for_request(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        predicate: Predicate | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """The ``count``-th answered request matching method/path/predicate."""
        base = request_filter(method, path)
        found = await self.recorder.wait_for(
            lambda r: base(r) and (predicate is None or predicate(r)), count=count, timeout=timeout
        )
        return found[count - 1]

    async def wait_for_callback(self, interaction_id: int, timeout: float = 5.0) -> JSON:
        """The body of the bot's first callback for this interaction."""
        path = rf"/interactions/{interaction_id}/[^/]+/callback"
        request = await self.wait_for_request("POST", path, timeout=timeout)
        body: JSON = request.json
        return body

    def messages(self, channel_id: int, *, include_deleted: bool = False) -> list[JSON]:
        """Messages in a channel (posts, interaction responses, follow-ups), oldest first."""
        stored = self.world.messages.in_channel(channel_id, include_deleted=include_deleted)
        return [m.payload for m in sorted(stored, key=lambda m: m.id)]

    def message(self, message_id: int) -> JSON | None:
        stored = self.world.messages.get(message_id, include_deleted=True)
        return stored.payload if stored else None

    async def wait_for_message(
        self, channel_id: int, *, count: int = 1, timeout: float = 5.0
    ) -> JSON:
        """The ``count``-th message the bot successfully POSTed to a channel."""
        request = await self.wait_for_request(
            "POST",
            rf"/channels/{channel_id}/messages",
            predicate=lambda r: r.status == 200,
            count=count,
            timeout=timeout,
        )
        message: JSON = request.response
        return message

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """Registered commands (global when ``guild_id`` is None), with ids."""
        return self.world.commands.in_scope(guild_id)

    def modals(self) -> list[JSON]:
        """Modal ``data`` the bot opened (callback type 9), oldest first."""
        return [data for _, data in self.world.modals]

    # -- gateway ---------------------------------------------------------

    @property
    def sessions(self) -> list[Session]:
        return self.gateway.live_sessions()

    async def wait_for_shards(self, count: int = 1, timeout: float = 5.0) -> None:
        await self.gateway.wait_until(lambda: len(self.gateway.live_sessions()) >= count, timeout)

    async def wait_for_resume(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs have been answered in total."""
        await self.gateway.wait_until(lambda: self.gateway.resume_count >= count, timeout)

    async def request_reconnect(self, shard_id: int = 0) -> None:
        await self.gateway.request_reconnect(shard_id)

    def shards_connected(self) -> dict[int, int]:
        """Live gateway sessions per shard id (a cluster holds one per shard)."""
        counts: dict[int, int] = {}
        for session in self.gateway.live_sessions():
            counts[session.shard_id] = counts.get(session.shard_id, 0) + 1
        return counts

    # -- nonce de-duplication ----------------------------------------------

    @property
    def nonce_dedup(self) -> bool:
        """On (as Discord), a repeated `nonce` with `enforce_nonce` returns the first
        message; off, a test sees every duplicate post the bot would make."""
        return self.world.nonce_dedup

    @nonce_dedup.setter
    def nonce_dedup(self, on: bool) -> None:
        self.world.nonce_dedup = on

    @property
    def nonce_hits(self) -> int:
        """Posts answered with an earlier message because of their nonce."""
        return self.world.nonce_hits

    # -- failures and rate limits ---------------------------------------

    def script(
        self, method: str, path_regex: str, *responses: ScriptedResponse, times: int = 1
    ) -> None:
        """The next requests fully matching ``path_regex`` get these responses,
        in order (the whole sequence repeated ``times``); later ones pass through."""
        self.http.scripts.add(method, path_regex, list(responses) * times)

    def fail_channel(
        self, channel_id: int, *responses: ScriptedResponse, times: int = 1, method: str = "POST"
    ) -> None:
        """Script this channel's message routes: POST sends by default, or
        PATCH/DELETE/GET of its messages with ``method``."""
        suffix = "" if method.upper() == "POST" else "/[0-9]+"
        self.script(method, rf"/channels/{channel_id}/messages{suffix}", *responses, times=times)

    def set_global_rate_limit(self, per_second: int | None) -> None:
        """Answer 429 ``global: true`` past ``per_second`` bot requests (None: off)."""
        self.http.limiter = GlobalRateLimiter(per_second) if per_second else None

    @property
    def rate_limit_hits(self) -> int:
        """How many 429s (scripted or global) the fake has served."""
        return self.http.rate_limit_hits

    @property
    def global_rate_limit_hits(self) -> int:
        return self.http.global_rate_limit_hits

    @property
    def scripted_served(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of each scripted response served."""
        return self.http.scripts.served


def _guild_owner(guilds: Sequence[FakeGuild]) -> FakeUser | None:
    if not guilds:
        return None
    owner = guilds[0].member(guilds[0].owner_id)
    return owner.user if owner else None
