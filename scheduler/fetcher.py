"""Downloading Netflix's Top 10 files politely: conditional GETs, a timeout, retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp

from db.fetched import FetchedFile

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 5.0
MAX_BYTES = 256 * 1024 * 1024
USER_AGENT = "Hallyu (a Discord bot for K-drama fans; weekly Netflix Top 10 check)"


class FetchError(Exception):
    """The file could not be downloaded; the message says why."""


@dataclass(frozen=True)
class Download:
    url: str
    #: None when the server said "not modified" (our copy is current).
    body: bytes | None
    etag: str | None
    last_modified: str | None


class Fetcher:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.session = session
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep

    async def fetch(self, url: str, known: FetchedFile | None) -> Download:
        """GET `url`, sending our validators; retried with exponential backoff on 429, 5xx,
        timeouts and connection errors, never on other 4xx."""
        headers = {"User-Agent": USER_AGENT}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        last_error = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                await self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return await self._get(url, headers)
            except _Retryable as exc:
                last_error = str(exc)
                if attempt < self.retries:  # the last failure is the caller's to report
                    log.warning("fetching %s failed (attempt %d): %s", url, attempt + 1, exc)
        raise FetchError(f"{url}: {last_error} (after {self.retries + 1} attempts)")

    async def _get(self, url: str, headers: dict[str, str]) -> Download:
        try:
            async with self.session.get(url, headers=headers, timeout=self.timeout) as response:
                if response.status == 304:
                    return Download(url, None, None, None)
                if response.status == 429 or response.status >= 500:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    raise FetchError(f"{url}: HTTP {response.status}")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.content.iter_chunked(1 << 16):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return Download(
                    url,
                    b"".join(chunks),
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc


class _Retryable(Exception):
    pass
