"""The shared HTTP client against the fake TVmaze: retries, timeouts, bad bodies, 404, the
circuit breaker and Retry-After."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from core.providers import ProviderBadResponse, ProviderError, ProviderUnavailable
from providers.http import RetryPolicy, retry_after_seconds
from providers.limits import CircuitBreaker
from providers.tvmaze import TvmazeClient
from tests.fakeproviders.tvmaze import FakeTvmaze


def state(breaker: CircuitBreaker) -> str:
    return breaker.state


def one_line(error: BaseException) -> bool:
    return "\n" not in str(error) and "Traceback" not in str(error) and str(error) != ""


async def test_429_is_retried_after_the_time_retry_after_asks(tvmaze, fake_tvmaze):
    fake_tvmaze.fail("429", retry_after="0.3", path="/shows")
    started = time.monotonic()
    record = await tvmaze.show(60001)
    assert record is not None and record.name == "The Glory"
    calls = fake_tvmaze.calls("/shows/60001")
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 0.3
    assert time.monotonic() - started < 2
    assert (tvmaze.stats.throttled, tvmaze.stats.retries, tvmaze.stats.requests) == (1, 1, 2)


async def test_5xx_is_retried_until_it_succeeds(tvmaze, fake_tvmaze):
    fake_tvmaze.fail("503", 2)
    assert await tvmaze.show(60003) is not None
    assert [c.status for c in fake_tvmaze.calls("/shows")] == [503, 503, 200]


@pytest.mark.parametrize("kind", ["500", "502", "503"])
async def test_5xx_gives_up_after_the_attempts_with_one_line(tvmaze, fake_tvmaze, kind):
    fake_tvmaze.fail(kind, 10)
    with pytest.raises(ProviderUnavailable) as raised:
        await tvmaze.show(60001)
    assert f"HTTP {kind}" in str(raised.value) and "3 tries" in str(raised.value)
    assert one_line(raised.value)
    assert len(fake_tvmaze.requests) == 3
    assert tvmaze.stats.failed_calls == 1


async def test_a_hang_past_the_timeout_is_retried(fake_tvmaze):
    policy = RetryPolicy(timeout=0.2, attempts=2, backoff=0.01)
    async with TvmazeClient(fake_tvmaze.url, policy=policy) as client:
        fake_tvmaze.fail("hang")
        started = time.monotonic()
        assert await client.show(60001) is not None
        assert 0.2 <= time.monotonic() - started < 1.5
        fake_tvmaze.fail("hang", 2)
        with pytest.raises(ProviderUnavailable, match=r"no answer within 0\.2 s"):
            await client.show(60001)
    await asyncio.sleep(0.05)
    assert [r.status for r in fake_tvmaze.requests] == [499, 200, 499, 499]


@pytest.mark.parametrize("kind", ["malformed", "truncated", "cut", "shape"])
async def test_bad_bodies_are_bad_responses_and_not_retried(tvmaze, fake_tvmaze, kind):
    fake_tvmaze.fail(kind)
    with pytest.raises(ProviderBadResponse) as raised:
        await tvmaze.show(60001)
    assert raised.value.args[0].startswith("tvmaze: ")
    assert one_line(raised.value)
    assert len(fake_tvmaze.calls("/shows")) == 1
    # The provider is fine afterwards.
    assert await tvmaze.show(60001) is not None


async def test_bad_search_body_is_a_bad_response(tvmaze, fake_tvmaze):
    fake_tvmaze.fail("shape", path="/search")
    with pytest.raises(ProviderBadResponse, match="not a JSON list"):
        await tvmaze.search("the glory")


async def test_404_is_none(tvmaze, fake_tvmaze):
    assert await tvmaze.show(1) is None
    assert await tvmaze.person(1) is None
    assert await tvmaze.lookup_imdb("tt0000001") is None
    assert [c.status for c in fake_tvmaze.requests] == [404, 404, 404]
    assert tvmaze.stats.failed_calls == 0


async def test_connection_refused_is_unavailable(fast_policy):
    async with FakeTvmaze() as fake:
        url = fake.url
    async with TvmazeClient(url, policy=fast_policy) as client:
        with pytest.raises(ProviderUnavailable, match="connection failed") as raised:
            await client.search("the glory")
        assert one_line(raised.value)
        assert client.stats.requests == fast_policy.attempts


async def test_breaker_opens_fails_fast_and_closes_after_cooldown(fake_tvmaze, caplog):
    breaker = CircuitBreaker(threshold=2, cooldown=0.3)
    policy = RetryPolicy(timeout=0.5, attempts=1, backoff=0.01)
    async with TvmazeClient(fake_tvmaze.url, policy=policy, breaker=breaker) as client:
        fake_tvmaze.fail("500", 100)
        for _ in range(2):
            with pytest.raises(ProviderUnavailable, match="HTTP 500"):
                await client.show(60001)
        assert state(breaker) == "open"
        (warning,) = [r for r in caplog.records if r.levelname == "WARNING"]
        assert "tvmaze: treated as down for 0 s" in warning.getMessage()
        assert "HTTP 500" in warning.getMessage()
        sent = len(fake_tvmaze.requests)
        with pytest.raises(ProviderUnavailable, match="treated as down") as raised:
            await client.show(60001)
        assert one_line(raised.value)
        assert len(fake_tvmaze.requests) == sent  # nothing was sent
        assert client.stats.refused_calls == 1

        await asyncio.sleep(0.35)
        assert state(breaker) == "half-open"
        with pytest.raises(ProviderUnavailable, match="HTTP 500"):
            await client.show(60001)  # the trial call fails: open again
        assert state(breaker) == "open" and breaker.times_opened == 2

        fake_tvmaze.faults.clear()
        await asyncio.sleep(0.35)
        assert await client.show(60001) is not None
        assert state(breaker) == "closed"


async def test_half_open_lets_one_trial_call_through():
    breaker = CircuitBreaker(threshold=1, cooldown=0.05)
    breaker.record_failure()
    assert not breaker.allow()
    await asyncio.sleep(0.06)
    assert breaker.allow()
    assert not breaker.allow()  # a second caller waits for the trial's outcome
    breaker.release()  # the trial was cancelled
    assert breaker.allow()
    breaker.record_success()
    assert state(breaker) == "closed" and breaker.allow()


async def test_a_refusal_of_ours_does_not_open_the_breaker(fake_tmdb, fast_policy):
    from providers.tmdb import TmdbClient

    breaker = CircuitBreaker(threshold=1, cooldown=60)
    async with TmdbClient("not-the-token", fake_tmdb.url, policy=fast_policy, breaker=breaker) as c:
        for _ in range(3):
            with pytest.raises(ProviderError, match="HTTP 401") as raised:
                await c.search("the glory")
            assert not isinstance(raised.value, ProviderUnavailable)
    assert state(breaker) == "closed"
    assert len(fake_tmdb.requests) == 3  # not retried


async def test_a_very_long_retry_after_gives_up_at_once(tvmaze, fake_tvmaze):
    fake_tvmaze.fail("429", retry_after="3600")
    with pytest.raises(ProviderUnavailable, match="asked to wait 3600 s"):
        await tvmaze.search("squid game")
    assert len(fake_tvmaze.requests) == 1


async def test_429_without_retry_after_backs_off_and_retries(tvmaze, fake_tvmaze):
    fake_tvmaze.fail("429", retry_after=None)
    assert await tvmaze.search("squid game")
    assert [c.status for c in fake_tvmaze.requests] == [429, 200]


def test_retry_after_reads_seconds_and_http_dates():
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("2") == 2.0
    assert retry_after_seconds(" 0.25 ") == 0.25
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    for unreadable in (None, "", "soon", "nan", "inf", "-inf"):
        assert retry_after_seconds(unreadable) is None
    assert retry_after_seconds("-5") == 0.0


async def test_close_is_idempotent_and_the_client_reopens(fake_tvmaze, fast_policy):
    client = TvmazeClient(fake_tvmaze.url, policy=fast_policy)
    assert await client.search("the glory")
    await client.close()
    await client.close()
    assert await client.search("the glory")  # a new session
    await client.close()


async def test_json_calls_follow_redirects(tvmaze, fake_tvmaze):
    show = await tvmaze.http.get_json("/lookup/shows", [("imdb", "tt10919420")])
    assert isinstance(show, dict) and show["id"] == 60003
    assert [r.status for r in fake_tvmaze.requests] == [301, 200]
