"""The rate limiter keeps every window within the limit (checked on the server's side too),
and a 429 from a rate-limited fake is absorbed by retries."""

from __future__ import annotations

import asyncio
import time

import pytest

from providers.http import RetryPolicy
from providers.limits import CircuitBreaker, RateLimiter
from providers.tvmaze import TvmazeClient
from tests.fakeproviders.tvmaze import FakeTvmaze


def most_in_window(times: list[float], seconds: float) -> int:
    times = sorted(times)
    best = start = 0
    for end, at in enumerate(times):
        while at - times[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_sliding_window_never_exceeds_the_limit():
    limiter = RateLimiter(5, 0.2)
    granted: list[float] = []

    async def take() -> None:
        async with limiter.slot():
            granted.append(time.monotonic())
            await asyncio.sleep(0.01)

    started = time.monotonic()
    await asyncio.gather(*(take() for _ in range(15)))
    elapsed = time.monotonic() - started
    assert most_in_window(granted, 0.2) <= 5
    # 15 calls at 5 per 0.2 s: the third batch cannot start before 0.4 s.
    assert 0.4 <= elapsed < 1.0


async def test_calls_in_flight_count_and_the_window_starts_at_the_answer():
    limiter = RateLimiter(2, 0.1)
    started = time.monotonic()
    async with limiter.slot(), limiter.slot():
        await asyncio.sleep(0.15)  # both in flight longer than the period
    answered = time.monotonic()
    await limiter.acquire()  # must wait a full period after the answers
    assert time.monotonic() - answered >= 0.095
    assert time.monotonic() - started >= 0.24
    limiter.release()


async def test_first_calls_go_out_at_once():
    limiter = RateLimiter(10, 5.0)
    started = time.monotonic()
    for _ in range(10):
        await limiter.acquire()
    assert time.monotonic() - started < 0.1


async def test_hold_pauses_every_caller():
    limiter = RateLimiter(100, 1.0)
    limiter.hold(0.2)
    started = time.monotonic()
    await limiter.acquire()
    assert time.monotonic() - started >= 0.2


def test_limits_reject_nonsense():
    with pytest.raises(ValueError):
        RateLimiter(0, 1.0)
    with pytest.raises(ValueError):
        RateLimiter(1, 0)
    with pytest.raises(ValueError):
        CircuitBreaker(0)


async def test_client_keeps_the_fakes_window(fake_tvmaze):
    async with TvmazeClient(fake_tvmaze.url, calls=4, period=0.2) as client:
        started = time.monotonic()
        await asyncio.gather(*(client.show(60001) for _ in range(12)))
        elapsed = time.monotonic() - started
    assert fake_tvmaze.max_in_window(0.2) <= 4
    assert 0.4 <= elapsed < 2.0
    assert client.stats.throttled == 0


async def test_a_client_over_the_fakes_limit_gets_429s_and_recovers():
    policy = RetryPolicy(timeout=1.0, attempts=6, backoff=0.01, backoff_cap=0.05)
    async with FakeTvmaze.with_fixtures(rate_limit=(3, 0.3)) as fake:
        async with TvmazeClient(fake.url, calls=100, period=0.3, policy=policy) as client:
            results = await asyncio.gather(*(client.show(60001) for _ in range(6)))
        assert all(r is not None and r.name == "The Glory" for r in results)
        assert client.stats.throttled >= 1
        assert fake.max_in_window(0.3) >= 3
        accepted = [r.at for r in fake.requests if r.status == 200]
        assert most_in_window(accepted, 0.3) <= 3
