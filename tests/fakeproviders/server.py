"""What both fake providers share: an aiohttp server on 127.0.0.1 (random port), a request
log, fault injection per test and an optional rate limit that answers 429 like the real one."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, Self

from aiohttp import web

FaultKind = Literal["429", "500", "502", "503", "hang", "malformed", "truncated", "cut", "shape"]
CLIENT_GONE = 499  # logged status of a request the client gave up on (a "hang" that timed out)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    at: float  # time.monotonic() on arrival
    status: int
    authorization: str | None

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.query if key == name), None)


@dataclass
class Fault:
    kind: FaultKind
    remaining: int
    path: str | None = None  # only requests whose path starts with this
    retry_after: str | None = "1"


@dataclass
class FakeProvider:
    """Base of FakeTvmaze and FakeTmdb: subclasses add their routes in `routes()`."""

    rate_limit: tuple[int, float] | None = None  # (calls, seconds): 429 beyond it
    hang_seconds: float = 30.0
    requests: list[LoggedRequest] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    _arrivals: deque[float] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    _closing: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    prefix: str = ""  # path prefix of the API ("/3" for TMDB)

    # --- lifecycle -----------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.add_routes(self.routes())
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        """The base URL to give the client (TMDB's includes its `/3`)."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def routes(self) -> list[web.RouteDef]:
        raise NotImplementedError

    # --- faults and the log ------------------------------------------------------------------
    def fail(
        self,
        kind: FaultKind,
        times: int = 1,
        *,
        path: str | None = None,
        retry_after: str | None = "1",
    ) -> None:
        """The next `times` requests (whose path starts with `path`, if given) get this fault.
        `path` is relative to the API root (`/shows`, `/search/tv`)."""
        self.faults.append(Fault(kind, times, path, retry_after))

    def reset(self) -> None:
        """Forget the logged requests, pending faults and the rate-limit window."""
        self.requests.clear()
        self.faults.clear()
        self._arrivals.clear()

    def calls(self, path_prefix: str = "/") -> list[LoggedRequest]:
        """Logged requests whose API path starts with `path_prefix`."""
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    def max_in_window(self, seconds: float) -> int:
        """The most requests that arrived within any `seconds`-long window."""
        times = sorted(r.at for r in self.requests)
        best = start = 0
        for end, at in enumerate(times):
            while at - times[start] >= seconds:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _take_fault(self, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.remaining > 0 and (fault.path is None or path.startswith(fault.path)):
                fault.remaining -= 1
                return fault
        return None

    def _over_limit(self, now: float) -> float | None:
        """Seconds until the window has room, when this request is one too many."""
        if self.rate_limit is None:
            return None
        calls, period = self.rate_limit
        while self._arrivals and now - self._arrivals[0] >= period:
            self._arrivals.popleft()
        if len(self._arrivals) >= calls:
            return period - (now - self._arrivals[0])
        self._arrivals.append(now)
        return None

    # --- answers ---------------------------------------------------------------------------
    def too_many(self, retry_after: str | None) -> web.Response:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return web.json_response({"error": "Too Many Requests"}, status=429, headers=headers)

    def server_error(self, status: int) -> web.Response:
        return web.Response(status=status, text="upstream failure", content_type="text/html")

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        now = time.monotonic()
        path = request.path.removeprefix(self.prefix) or "/"
        try:
            response = await self._answer(request, handler, path, now)
        except asyncio.CancelledError:
            self._log(request, path, now, CLIENT_GONE)
            raise
        self._log(request, path, now, response.status)
        return response

    def _log(self, request: web.Request, path: str, at: float, status: int) -> None:
        self.requests.append(
            LoggedRequest(
                request.method,
                path,
                tuple(request.query.items()),
                at,
                status,
                request.headers.get("Authorization"),
            )
        )

    async def _answer(
        self, request: web.Request, handler: Handler, path: str, now: float
    ) -> web.StreamResponse:
        wait = self._over_limit(now)
        if wait is not None:
            return self.too_many(f"{max(wait, 0.001):.3f}")
        fault = self._take_fault(path)
        if fault is None:
            return await handler(request)
        match fault.kind:
            case "429":
                return self.too_many(fault.retry_after)
            case "500" | "502" | "503":
                return self.server_error(int(fault.kind))
            case "hang":
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), self.hang_seconds)
                return await handler(request)
            case "malformed":
                return web.Response(
                    body=b"<html><body>Bad gateway</body></html>", content_type="application/json"
                )
            case "shape":
                return web.json_response({"unexpected": ["shape"]})
            case "truncated":
                body = await self._body_of(handler, request)
                return web.Response(body=body[: len(body) // 2], content_type="application/json")
            case "cut":
                return await self._cut(request, await self._body_of(handler, request))
        raise AssertionError(fault.kind)  # pragma: no cover

    async def _body_of(self, handler: Handler, request: web.Request) -> bytes:
        response = await handler(request)
        body = response.body if isinstance(response, web.Response) else None
        if isinstance(body, bytes) and len(body) > 1:
            return body
        return json.dumps({"padding": "x" * 64}).encode()

    async def _cut(self, request: web.Request, body: bytes) -> web.StreamResponse:
        """Promise the whole body, send half, drop the connection."""
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = len(body)
        await response.prepare(request)
        await response.write(body[: len(body) // 2])
        if request.transport is not None:
            request.transport.close()
        return response


def json_answer(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))
