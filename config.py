"""Typed settings, read and validated once from the environment (and `.env`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_PATH = Path("data/hallyu.sqlite3")
DEFAULT_NETFLIX_GLOBAL_URL = "https://www.netflix.com/tudum/top10/data/all-weeks-global.tsv"
DEFAULT_NETFLIX_COUNTRIES_URL = "https://www.netflix.com/tudum/top10/data/all-weeks-countries.tsv"
DEFAULT_NETFLIX_MOST_POPULAR_URL = "https://www.netflix.com/tudum/top10/data/most-popular.tsv"
DEFAULT_TVMAZE_API_URL = "https://api.tvmaze.com"
DEFAULT_TMDB_API_URL = "https://api.themoviedb.org/3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A setting is present but unusable; the message names the variable."""


class Secret:
    """Holds a token so that no repr, log line or traceback can show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}")
    return value


def _int_list(env: Mapping[str, str], name: str) -> tuple[int, ...] | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"{name} must be comma-separated whole numbers, got {raw!r}") from None


def _name(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name, "").strip() or "p0"
    if len(raw) > 32 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in raw):
        raise SettingsError(f"{name} must be 1-32 letters, digits, '-' or '_'")
    return raw


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    if not raw.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be an http:// or https:// URL")
    return raw.rstrip("/")


def _whole(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = _int(env, name)
    if value is None:
        return default
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}")
    return value


def _optional_url(env: Mapping[str, str], name: str, default: str) -> str:
    """A URL setting that `none` switches off (returned as "")."""
    raw = env.get(name, "").strip()
    if raw.lower() == "none":
        return ""
    return raw or default


@dataclass(frozen=True)
class Settings:
    discord_token: Secret = field(default_factory=lambda: Secret(""))
    database_path: Path = DEFAULT_DATABASE_PATH
    log_level: str = "INFO"
    # Whether LOG_LEVEL was set (environment or .env): the console then honours it, and
    # otherwise shows warnings only, so its answers are not buried under INFO lines.
    log_level_set: bool = False
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    dev_guild_id: int | None = None
    netflix_global_url: str = DEFAULT_NETFLIX_GLOBAL_URL
    netflix_countries_url: str = DEFAULT_NETFLIX_COUNTRIES_URL
    netflix_most_popular_url: str = DEFAULT_NETFLIX_MOST_POPULAR_URL  # "": not fetched
    scheduler_enabled: bool = True
    announce_rate_limit: float = 46.5
    announce_concurrency: int = 16
    # A cluster (docs/scaling.md): this process's name, and how long its claims and
    # leases outlive it; Discord's endpoints can point elsewhere (the local test fake).
    cluster_name: str = "p0"
    cluster_lease_seconds: float = 60.0
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    tvmaze_api_url: str = DEFAULT_TVMAZE_API_URL
    tmdb_api_url: str = DEFAULT_TMDB_API_URL
    tmdb_api_token: Secret = field(default_factory=lambda: Secret(""))
    tvmaze_rate_limit: int = 20  # calls per 10 seconds
    tmdb_rate_limit: int = 40  # calls per second
    provider_timeout: float = 10.0
    provider_retries: int = 3
    airing_delay_minutes: int = 0  # episode posts go out this long after the air time

    @property
    def netflix_urls(self) -> tuple[str, ...]:
        """The files the scheduler keeps up to date, in import order."""
        urls = (self.netflix_global_url, self.netflix_countries_url, self.netflix_most_popular_url)
        return tuple(url for url in urls if url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        shard_count = _int(env, "SHARD_COUNT")
        shard_ids = _int_list(env, "SHARD_IDS")
        if shard_count is not None and shard_count < 1:
            raise SettingsError("SHARD_COUNT must be at least 1")
        if shard_ids is not None:
            if shard_count is None:
                raise SettingsError("SHARD_IDS needs SHARD_COUNT")
            if any(not 0 <= shard < shard_count for shard in shard_ids):
                raise SettingsError("every SHARD_IDS entry must be below SHARD_COUNT")
        concurrency = _int(env, "ANNOUNCE_CONCURRENCY")
        if concurrency is not None and not 1 <= concurrency <= 100:
            raise SettingsError("ANNOUNCE_CONCURRENCY must be between 1 and 100")
        scheduler = env.get("SCHEDULER_ENABLED", "true").strip().lower()
        if scheduler not in ("true", "false", "1", "0", "yes", "no"):
            raise SettingsError("SCHEDULER_ENABLED must be true or false")
        return cls(
            discord_token=Secret(env.get("DISCORD_TOKEN", "").strip()),
            database_path=Path(env.get("DATABASE_PATH", "").strip() or DEFAULT_DATABASE_PATH),
            log_level=log_level,
            log_level_set=bool(env.get("LOG_LEVEL", "").strip()),
            shard_count=shard_count,
            shard_ids=shard_ids,
            dev_guild_id=_int(env, "DEV_GUILD_ID"),
            netflix_global_url=env.get("NETFLIX_GLOBAL_URL", "").strip()
            or DEFAULT_NETFLIX_GLOBAL_URL,
            netflix_countries_url=env.get("NETFLIX_COUNTRIES_URL", "").strip()
            or DEFAULT_NETFLIX_COUNTRIES_URL,
            netflix_most_popular_url=_optional_url(
                env, "NETFLIX_MOST_POPULAR_URL", DEFAULT_NETFLIX_MOST_POPULAR_URL
            ),
            scheduler_enabled=scheduler in ("true", "1", "yes"),
            announce_rate_limit=_number(env, "ANNOUNCE_RATE_LIMIT", 46.5, 0.1, 50.0),
            announce_concurrency=16 if concurrency is None else concurrency,
            cluster_name=_name(env, "CLUSTER_NAME"),
            cluster_lease_seconds=_number(env, "CLUSTER_LEASE_SECONDS", 60.0, 1.0, 3600.0),
            discord_api_url=env.get("DISCORD_API_URL", "").strip() or None,
            discord_gateway_url=env.get("DISCORD_GATEWAY_URL", "").strip() or None,
            tvmaze_api_url=_url(env, "TVMAZE_API_URL", DEFAULT_TVMAZE_API_URL),
            tmdb_api_url=_url(env, "TMDB_API_URL", DEFAULT_TMDB_API_URL),
            tmdb_api_token=Secret(env.get("TMDB_API_TOKEN", "").strip()),
            tvmaze_rate_limit=_whole(env, "TVMAZE_RATE_LIMIT", 20, 1, 1000),
            tmdb_rate_limit=_whole(env, "TMDB_RATE_LIMIT", 40, 1, 1000),
            provider_timeout=_number(env, "PROVIDER_TIMEOUT", 10.0, 0.5, 120.0),
            provider_retries=_whole(env, "PROVIDER_RETRIES", 3, 0, 10),
            airing_delay_minutes=_whole(env, "AIRING_DELAY_MINUTES", 0, 0, 1440),
        )
