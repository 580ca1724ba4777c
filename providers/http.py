"""One JSON-over-HTTP client shared by every provider.

It owns its aiohttp session, sends each request through the provider's rate limiter and
circuit breaker, retries what is worth retrying (429 honouring Retry-After, 5xx, timeouts,
connection errors) with jittered exponential backoff, and turns everything else into the
one-line `ProviderError` family of `core.providers`. A 404 is an answer: "nothing there".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Self

import aiohttp

from core.providers import ProviderBadResponse, ProviderError, ProviderUnavailable
from providers.limits import CircuitBreaker, RateLimiter

log = logging.getLogger(__name__)

Params = Sequence[tuple[str, str]]
USER_AGENT = "Hallyu/0.1 (Discord bot for K-drama communities)"


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 10.0  # seconds for one request, body included
    attempts: int = 4  # tries per call, the first one included
    backoff: float = 0.5  # first retry waits about this long, doubling each time
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After gives up at once


@dataclass
class ClientStats:
    """Counters for benchmarks and logs."""

    requests: int = 0  # HTTP requests sent, retries included
    retries: int = 0
    throttled: int = 0  # 429 answers
    failed_calls: int = 0  # calls that ended in a ProviderError
    refused_calls: int = 0  # calls refused at once by the open circuit


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    location: str | None


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After in seconds (a number or an HTTP date); None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    return max(0.0, seconds)


class JsonHttpClient:
    """GET JSON from one provider's base URL, politely and defensively."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        limiter: RateLimiter,
        breaker: CircuitBreaker | None = None,
        policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter
        self.breaker = breaker or CircuitBreaker()
        self.policy = policy or RetryPolicy()
        self.stats = ClientStats()
        # Kept only to build the session: may hold a bearer token, so never logged or shown.
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"JsonHttpClient({self.name!r}, {self.base_url!r})"

    async def __aenter__(self) -> JsonHttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _session_now(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=self.policy.timeout),
            )
        return self._session

    async def get_json(self, path: str, params: Params = ()) -> Any | None:
        """The decoded JSON body (redirects followed), or None for 404."""
        answer = await self.get(path, params, follow=True)
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise ProviderBadResponse(f"{self.name}: unexpected HTTP {answer.status} from {path}")
        return self.decode(answer.body, path)

    def decode(self, body: bytes, path: str) -> Any:
        try:
            return json.loads(body)
        except ValueError:
            raise ProviderBadResponse(
                f"{self.name}: malformed or truncated JSON from {path} ({len(body)} bytes)"
            ) from None

    async def get(self, path: str, params: Params = (), *, follow: bool = False) -> Answer:
        """One call: 200, 404 and (unless `follow`) redirects come back as answers; anything
        else raises a ProviderError once the retries are spent."""
        if not self.breaker.allow():
            self.stats.refused_calls += 1
            raise ProviderUnavailable(
                f"{self.name} is treated as down after repeated failures; "
                f"next try in {self.breaker.retry_in():.0f} s"
            )
        answered = False
        try:
            answer = await self._attempts(path, params, follow)
            answered = True
            self.breaker.record_success()
            return answer
        except (ProviderUnavailable, ProviderBadResponse) as error:
            answered = True
            self.stats.failed_calls += 1
            if self.breaker.record_failure():
                log.warning(
                    "%s: treated as down for %.0f s after repeated failures (last: %s)",
                    self.name,
                    self.breaker.cooldown,
                    error,
                )
            raise
        except ProviderError:
            # Refused for a reason of ours (401, 400): the provider itself is up.
            answered = True
            self.stats.failed_calls += 1
            self.breaker.record_success()
            raise
        finally:
            if not answered:
                self.breaker.release()

    async def _attempts(self, path: str, params: Params, follow: bool) -> Answer:
        attempts = max(1, self.policy.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return await self._once(path, params, follow)
            except _Retryable as retry:
                if attempt == attempts:
                    raise ProviderUnavailable(
                        f"{self.name}: {retry.reason} on {path}, gave up after {attempts} tries"
                    ) from None
                delay = self._backoff(attempt)
                if retry.retry_after is not None:
                    if retry.retry_after > self.policy.max_retry_after:
                        raise ProviderUnavailable(
                            f"{self.name}: rate limited on {path}, "
                            f"asked to wait {retry.retry_after:.0f} s"
                        ) from None
                    self.limiter.hold(retry.retry_after)
                    delay = max(delay, retry.retry_after)
                self.stats.retries += 1
                log.debug(
                    "%s: %s on %s, retry %d in %.2f s",
                    self.name,
                    retry.reason,
                    path,
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.policy.backoff_cap, self.policy.backoff * 2.0 ** (attempt - 1))
        # Jitter needs no cryptographic randomness: it only spreads retries apart.
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311

    async def _once(self, path: str, params: Params, follow: bool) -> Answer:
        async with self.limiter.slot():
            self.stats.requests += 1
            return await self._send(path, params, follow)

    async def _send(self, path: str, params: Params, follow: bool) -> Answer:
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            async with self._session_now().get(
                url, params=list(params), allow_redirects=follow
            ) as response:
                status = response.status
                if status == 429:
                    self.stats.throttled += 1
                    wait = retry_after_seconds(response.headers.get("Retry-After"))
                    raise _Retryable("rate limited (HTTP 429)", wait)
                if status >= 500:
                    raise _Retryable(f"HTTP {status}")
                if status in (301, 302, 303, 307, 308):
                    return Answer(status, b"", response.headers.get("Location"))
                if status == 404:
                    return Answer(status, b"", None)
                if status in (401, 403):
                    raise ProviderError(
                        f"{self.name}: HTTP {status}, the credentials were refused on {path}"
                    )
                if status != 200:
                    raise ProviderError(f"{self.name}: HTTP {status} {response.reason} on {path}")
                return Answer(status, await response.read(), None)
        except aiohttp.ClientPayloadError:
            raise ProviderBadResponse(f"{self.name}: truncated response from {path}") from None
        except TimeoutError:
            raise _Retryable(f"no answer within {self.policy.timeout:g} s") from None
        except aiohttp.ClientError as error:
            raise _Retryable(f"connection failed ({type(error).__name__})") from None


class ProviderClientBase:
    """What every provider client shares: its HTTP client's counters and lifecycle."""

    http: JsonHttpClient

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.http.base_url!r})"

    @property
    def stats(self) -> ClientStats:
        return self.http.stats

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.close()
