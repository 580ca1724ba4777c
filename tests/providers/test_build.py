"""`build_providers`: TVmaze always, TMDB only with a token, settings as plain values."""

from __future__ import annotations

from providers import build_providers
from providers.tmdb import TmdbClient
from providers.tvmaze import TvmazeClient
from tests.fakeproviders.tmdb import TEST_TOKEN


async def test_tvmaze_only_without_a_token(fake_tvmaze):
    providers = build_providers(tvmaze_url=fake_tvmaze.url, tmdb_token="  ")
    try:
        assert [p.name for p in providers] == ["tvmaze"]
        assert isinstance(providers[0], TvmazeClient)
        assert (await providers[0].search("squid game"))[0].name == "Squid Game"
    finally:
        for provider in providers:
            await provider.close()


async def test_both_with_a_token_and_the_settings_are_used(fake_tvmaze, fake_tmdb):
    providers = build_providers(
        tvmaze_url=fake_tvmaze.url,
        tmdb_url=fake_tmdb.url,
        tmdb_token=TEST_TOKEN,
        tvmaze_rate=(7, 3.0),
        tmdb_rate=(9, 2.0),
        timeout=4.0,
        attempts=2,
        breaker_failures=3,
        breaker_cooldown=30.0,
    )
    try:
        tvmaze, tmdb = providers
        assert isinstance(tvmaze, TvmazeClient) and isinstance(tmdb, TmdbClient)
        assert (tvmaze.http.limiter.calls, tvmaze.http.limiter.period) == (7, 3.0)
        assert (tmdb.http.limiter.calls, tmdb.http.limiter.period) == (9, 2.0)
        assert tmdb.http.policy.timeout == 4.0 and tmdb.http.policy.attempts == 2
        assert (tmdb.http.breaker.threshold, tmdb.http.breaker.cooldown) == (3, 30.0)
        assert tvmaze.http.breaker is not tmdb.http.breaker
        assert (await tmdb.search("the glory"))[0].original_name == "더 글로리"
        assert TEST_TOKEN not in repr(providers)
        assert all(p.stats.requests == 1 for p in providers[1:])
    finally:
        for provider in providers:
            await provider.close()
