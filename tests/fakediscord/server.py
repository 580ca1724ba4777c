"""The HTTP side of the fake: aiohttp app, request pipeline, lifecycle.

Every request under ``/api/v{n}`` goes through one pipeline: parse and record,
auth, scripted failures, global rate limit, unknown-route check, OpenAPI
validation, then the handler. Handlers live in ``rest_core``/``rest_messages``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

from . import rest_core, rest_messages  # noqa: F401  (they register routes)
from .failures import (
    FailureScripts,
    GlobalRateLimiter,
    error_body,
    is_interaction_route,
    rate_limited,
)
from .gateway import Gateway
from .openapi import OpenApiSpec, load_spec
from .recording import RecordedFile, RecordedRequest, Recorder
from .rest import ROUTES, Call, Reply
from .state import World

log = logging.getLogger(__name__)


async def read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
    """JSON body, or ``payload_json`` plus ``files[n]`` parts for multipart."""
    if request.content_type == "multipart/form-data":
        body: Any = None
        files: list[RecordedFile] = []
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            elif part.filename is not None:
                content_type = part.headers.get("Content-Type", "application/octet-stream")
                files.append(
                    RecordedFile(
                        part.name or "", part.filename, content_type, bytes(await part.read())
                    )
                )
        return body, files
    raw = await request.read()
    if not raw:
        return None, []
    if request.content_type == "application/json":
        return json.loads(raw), []
    return raw.decode("utf-8", "replace"), []


def to_response(reply: Reply) -> web.Response:
    headers = dict(reply.headers)
    if reply.status == 204 or reply.body is None:
        return web.Response(status=reply.status, headers=headers)
    # Exactly "application/json": discord.py compares the header verbatim and
    # treats "application/json; charset=utf-8" as text.
    headers["Content-Type"] = "application/json"
    return web.Response(status=reply.status, body=json.dumps(reply.body).encode(), headers=headers)


class HttpServer:
    """Owns the aiohttp runner and the request pipeline."""

    def __init__(
        self,
        world: World,
        gateway: Gateway,
        recorder: Recorder,
        *,
        token: str | None,
        shard_count: int,
        interaction_deadline: float,
        spec_path: Path | None,
        validate_openapi: bool,
        reject_openapi_violations: bool,
    ) -> None:
        self.world = world
        self.gateway = gateway
        self.recorder = recorder
        self.token = token
        self.shard_count = shard_count
        self.interaction_deadline = interaction_deadline
        self.scripts = FailureScripts()
        self.limiter: GlobalRateLimiter | None = None
        self.rate_limit_hits = 0
        self.global_rate_limit_hits = 0
        self.spec: OpenApiSpec | None = load_spec(spec_path) if validate_openapi else None
        self.reject_openapi_violations = reject_openapi_violations
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- Host protocol used by handlers ---------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    def violation(self, message: str) -> None:
        self.recorder.violation(message)

    # -- lifecycle -------------------------------------------------------

    async def start(self, host: str, port: int) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/v{version:[0-9]+}/{tail:.*}", self._api)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/", self.gateway.handle)
        app.router.add_get("/cdn/attachments/{channel_id}/{attachment_id}/{filename}", self._cdn)
        app.on_shutdown.append(self._on_shutdown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def _on_shutdown(self, _app: web.Application) -> None:
        await self.gateway.close_all()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- request pipeline ------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.Response:
        blob = self.world.blobs.get(int(request.match_info["attachment_id"]))
        if blob is None:
            return web.Response(status=404)
        return web.Response(body=blob[1], headers={"Content-Type": blob[0]})

    async def _api(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        record = RecordedRequest(request.method, path, dict(request.query), None)
        self.recorder.add(record)
        try:
            record.json, record.files = await read_body(request)
            reply = await self._process(request, record)
        except json.JSONDecodeError:
            self.violation(f"{request.method} {path}: body is not valid JSON")
            reply = Reply(400, error_body(50109, "The request body contains invalid JSON."))
        except Exception as exc:  # a bug in the fake must surface in the test, not hang it
            log.exception("fake discord handler failed for %s %s", request.method, path)
            self.violation(f"{request.method} {path}: fake handler crashed: {exc!r}")
            reply = Reply(500, error_body(0, f"fake discord internal error: {exc!r}"))
        record.status = reply.status
        record.response = reply.body
        await self.recorder.notify()
        return to_response(reply)

    async def _process(self, request: web.Request, record: RecordedRequest) -> Reply:
        method, path = record.method, record.path
        match = ROUTES.table.match(method, path)
        record.route = match.template if match else None
        if not is_interaction_route(path) and not self._authorized(
            request.headers.get("Authorization")
        ):
            return Reply(401, error_body(0, "401: Unauthorized"))
        if self.limiter is not None and not is_interaction_route(path):
            # Checked first: a request answered with an error (a 403, a 5xx, a route's
            # 429) still counts against the token's global limit.
            wait = self.limiter.check()
            if wait is not None:
                self.rate_limit_hits += 1
                self.global_rate_limit_hits += 1
                limited = rate_limited(wait, is_global=True)
                return Reply(429, limited.body, dict(limited.headers))
        scripted = self.scripts.take(method, path)
        if scripted is not None:
            if scripted.status == 429:
                self.rate_limit_hits += 1
            headers = dict(scripted.headers)
            if "X-RateLimit-Bucket" in headers:
                # One bucket per route, as Discord does, so unrelated routes
                # do not end up sharing a discord.py rate-limit lock.
                route = f"{method} {record.route or path}".encode()
                headers["X-RateLimit-Bucket"] = hashlib.sha1(
                    route, usedforsecurity=False
                ).hexdigest()[:16]
            return Reply(scripted.status, scripted.body, headers)
        if match is None:
            self.recorder.unknown_routes.append(record)
            return Reply(404, error_body(0, "404: Not Found"))
        if self.spec is not None and record.json is not None:
            problems = self.spec.validate(method, path, record.json)
            for problem in problems:
                self.violation(f"{method} {path}: OpenAPI {problem}")
            if problems and self.reject_openapi_violations:
                return Reply(400, error_body(50035, "Invalid Form Body"))
        call = Call(self, method, path, match.params, record.query, record.json, record.files)
        return await match.value(call)

    def _authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Bot "):
            return False
        return self.token is None or header == f"Bot {self.token}"
