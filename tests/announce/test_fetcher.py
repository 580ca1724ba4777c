"""The Netflix fetcher against a local aiohttp server: validators, retries, limits."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web

from db.fetched import FetchedFiles
from scheduler.fetcher import Fetcher, FetchError

from .conftest import at

BODY = b"week\tcategory\n2025-04-27\tTV (Non-English)\n"
ETAG = '"v1"'
MODIFIED = "Tue, 29 Apr 2025 17:00:00 GMT"


@dataclass
class Server:
    """Serves one file; fails with the queued statuses first."""

    failures: list[int] = field(default_factory=list)
    hang: float = 0.0
    requests: list[dict[str, str]] = field(default_factory=list)
    body: bytes = BODY
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        if self.hang:
            await asyncio.sleep(self.hang)
        if self.failures:
            return web.Response(status=self.failures.pop(0))
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304)
        return web.Response(body=self.body, headers={"ETag": ETAG, "Last-Modified": MODIFIED})


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    app = web.Application()
    app.router.add_get("/top10/all-weeks-global.tsv", state.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    state.url = f"http://127.0.0.1:{port}/top10/all-weeks-global.tsv"
    try:
        yield state
    finally:
        await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def no_wait() -> tuple[list[float], Callable[[float], Awaitable[None]]]:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    return waited, sleep


async def test_conditional_get_uses_the_stored_validators(server, session, db):
    files = FetchedFiles(db)
    fetcher = Fetcher(session)
    first = await fetcher.fetch(server.url, await files.get(server.url))
    assert first.body == BODY and first.etag == ETAG and first.last_modified == MODIFIED
    assert "If-None-Match" not in server.requests[0]
    await files.changed(server.url, first.etag, first.last_modified, at("2025-04-29T18:00:00Z"))
    second = await fetcher.fetch(server.url, await files.get(server.url))
    assert second.body is None, "304: nothing to import"
    assert server.requests[1]["If-None-Match"] == ETAG
    assert server.requests[1]["If-Modified-Since"] == MODIFIED


async def test_5xx_and_429_are_retried_with_backoff(server, session):
    server.failures = [503, 429, 500]
    waited, sleep = no_wait()
    download = await Fetcher(session, retries=3, backoff=5, sleep=sleep).fetch(server.url, None)
    assert download.body == BODY
    assert waited == [5, 10, 20]


async def test_gives_up_after_the_retries(server, session):
    server.failures = [502] * 10
    with pytest.raises(FetchError, match=r"HTTP 502 \(after 3 attempts"):
        await Fetcher(session, retries=2, sleep=no_wait()[1]).fetch(server.url, None)
    assert len(server.requests) == 3


async def test_a_404_is_not_retried(server, session):
    server.failures = [404]
    with pytest.raises(FetchError, match="HTTP 404"):
        await Fetcher(session, sleep=no_wait()[1]).fetch(server.url, None)
    assert len(server.requests) == 1


async def test_timeout_is_retried_then_reported(server, session):
    server.hang = 1.0
    with pytest.raises(FetchError, match="TimeoutError"):
        await Fetcher(session, timeout=0.05, retries=1, sleep=no_wait()[1]).fetch(server.url, None)
    assert len(server.requests) == 2


async def test_an_oversized_file_is_refused(server, session):
    server.body = b"x" * 5000
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        await Fetcher(session, max_bytes=1000).fetch(server.url, None)


async def test_unreachable_host(session):
    waited, sleep = no_wait()
    with pytest.raises(FetchError, match="ClientConnectorError"):
        await Fetcher(session, retries=1, sleep=sleep).fetch("http://127.0.0.1:9/x.tsv", None)
    assert waited == [5.0]
