"""Open data providers (TVmaze, TMDB): one client each behind `core.providers.ShowProvider`.

Services layer: imports `core` only. Settings arrive as plain values (no `config` import).
"""

from __future__ import annotations

from typing import Protocol

from core.providers import ShowProvider
from providers.http import ClientStats, RetryPolicy
from providers.limits import CircuitBreaker
from providers.tmdb import TmdbClient
from providers.tvmaze import TvmazeClient

__all__ = ["ProviderClient", "TmdbClient", "TvmazeClient", "build_providers"]


class ProviderClient(ShowProvider, Protocol):
    """A provider client as built here: it owns a session to close and counts its requests."""

    @property
    def stats(self) -> ClientStats: ...

    async def close(self) -> None: ...


def build_providers(
    *,
    tvmaze_url: str = "https://api.tvmaze.com",
    tmdb_url: str = "https://api.themoviedb.org/3",
    tmdb_token: str = "",
    tvmaze_rate: tuple[int, float] = (20, 10.0),
    tmdb_rate: tuple[int, float] = (40, 1.0),
    timeout: float = 10.0,
    attempts: int = 4,
    breaker_failures: int = 5,
    breaker_cooldown: float = 60.0,
) -> list[ProviderClient]:
    """TVmaze always, TMDB only with a token; rates are (calls, seconds). The caller owns the
    clients: close each one (`await client.close()`) when done."""
    policy = RetryPolicy(timeout=timeout, attempts=attempts)
    providers: list[ProviderClient] = [
        TvmazeClient(
            tvmaze_url,
            calls=tvmaze_rate[0],
            period=tvmaze_rate[1],
            policy=policy,
            breaker=CircuitBreaker(breaker_failures, breaker_cooldown),
        )
    ]
    if tmdb_token.strip():
        providers.append(
            TmdbClient(
                tmdb_token,
                tmdb_url,
                calls=tmdb_rate[0],
                period=tmdb_rate[1],
                policy=policy,
                breaker=CircuitBreaker(breaker_failures, breaker_cooldown),
            )
        )
    return providers
