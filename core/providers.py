"""What an open data provider (TVmaze, TMDB) says about a show, in one shape for all of them.

Pure data and rules: the clients in `providers/` build these records from the providers'
responses, title matching (`core.title_match`) and the store (`db.enrichment`) read them.
Every value is what the provider gave; a field the provider left empty stays `None` or
empty, never a default that reads like a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

ProviderName = Literal["tvmaze", "tmdb"]
PROVIDERS: tuple[ProviderName, ...] = ("tvmaze", "tmdb")

# What kind of show it is, as the provider classifies it ("drama" is a scripted series).
Kind = Literal[
    "drama",
    "reality",
    "variety",
    "documentary",
    "animation",
    "talk",
    "game",
    "news",
    "sports",
    "film",
    "unknown",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
KOREA = "KR"
KOREAN = "ko"

Offer = Literal["flatrate", "free", "ads", "rent", "buy"]


@dataclass(frozen=True, order=True)
class ProviderRef:
    """A show or person at one provider: `tvmaze:1234`, `tmdb:5678`."""

    provider: ProviderName
    id: int

    def __str__(self) -> str:
        return f"{self.provider}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> ProviderRef:
        """`tvmaze:123` → ProviderRef; ValueError with a readable reason otherwise."""
        provider, _, number = text.strip().partition(":")
        if provider not in PROVIDERS:
            raise ValueError(f"unknown provider {provider!r} (use tvmaze:ID or tmdb:ID)")
        if not number.isdigit() or len(number) > 12:
            raise ValueError(f"{text.strip()!r}: the id after ':' must be a whole number")
        return cls(provider, int(number))


@dataclass(frozen=True)
class Candidate:
    """One search hit: enough to decide a match without fetching the show."""

    ref: ProviderRef
    name: str
    original_name: str | None = None
    akas: tuple[str, ...] = ()  # other names known at search time (may be empty)
    language: str | None = None  # ISO 639-1 ("ko"), mapped from TVmaze's "Korean"
    origin_countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    premiered: str | None = None  # YYYY-MM-DD
    networks: tuple[str, ...] = ()  # network and web-channel names ("tvN", "Netflix")
    kind: Kind = "unknown"
    provider_score: float | None = None  # the provider's own relevance, when it gives one


@dataclass(frozen=True)
class Network:
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    streaming: bool  # a web channel / streaming service rather than a broadcaster


@dataclass(frozen=True)
class SeasonInfo:
    number: int
    name: str | None = None
    episode_count: int | None = None
    premiere: str | None = None  # YYYY-MM-DD
    end: str | None = None


@dataclass(frozen=True)
class Episode:
    season: int
    number: int | None  # None for specials
    name: str | None = None
    airdate: str | None = None  # YYYY-MM-DD in the broadcaster's zone
    airstamp: str | None = None  # ISO 8601 with offset (TVmaze); TMDB gives dates only
    runtime: int | None = None  # minutes


@dataclass(frozen=True)
class CastCredit:
    person: ProviderRef
    name: str
    original_name: str | None = None  # Hangul where the provider gives it
    character: str | None = None
    order: int = 0  # billing order as the provider lists it
    episode_count: int | None = None


@dataclass(frozen=True)
class AltTitle:
    title: str
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str | None = None  # ISO 639-1


@dataclass(frozen=True)
class WatchOffer:
    """Where to watch in one region (TMDB's data comes from JustWatch: credit it)."""

    region: str  # ISO 3166-1 alpha-2
    service: str
    offer: Offer
    link: str | None = None


@dataclass(frozen=True)
class ShowRecord:
    """Everything one provider says about one show, fetched at `fetched_at`."""

    ref: ProviderRef
    name: str
    fetched_at: dt.datetime  # timezone-aware UTC
    url: str | None = None  # the provider's page for the show, for credits
    original_name: str | None = None
    kind: Kind = "unknown"
    genres: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1
    origin_countries: tuple[str, ...] = ()
    status: str | None = None  # the provider's word: "Running", "Ended", "Returning Series"…
    premiered: str | None = None
    ended: str | None = None
    networks: tuple[Network, ...] = ()
    seasons: tuple[SeasonInfo, ...] = ()
    episodes: tuple[Episode, ...] = ()
    overview: str | None = None  # plain text (HTML stripped)
    rating: float | None = None  # on a 10-point scale
    rating_votes: int | None = None
    poster_url: str | None = None
    cast: tuple[CastCredit, ...] = ()
    alt_titles: tuple[AltTitle, ...] = ()
    watch: tuple[WatchOffer, ...] = ()
    external_ids: tuple[tuple[str, str], ...] = ()  # ("imdb", "tt…"), ("tvmaze", "…")
    schedule_time: str | None = None  # HH:MM local to the network
    schedule_days: tuple[str, ...] = ()
    timezone: str | None = None  # the network's IANA zone, when given

    def external_id(self, name: str) -> str | None:
        return next((value for key, value in self.external_ids if key == name), None)


@dataclass(frozen=True)
class PersonHit:
    ref: ProviderRef
    name: str
    country: str | None = None
    birthday: str | None = None


@dataclass(frozen=True)
class PersonRole:
    show: Candidate
    character: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    ref: ProviderRef
    name: str
    fetched_at: dt.datetime
    original_name: str | None = None
    country: str | None = None
    birthday: str | None = None
    url: str | None = None
    roles: tuple[PersonRole, ...] = field(default_factory=tuple)


class ProviderError(Exception):
    """A provider could not answer; the message says why in one line (no traceback)."""


class ProviderUnavailable(ProviderError):
    """Down, unreachable, timing out, answering 5xx or 429 past the retries, or the circuit
    breaker is open: try again later."""


class ProviderBadResponse(ProviderError):
    """The provider answered with a body that is not the documented shape."""


class ShowProvider(Protocol):
    """One provider client. Lookups that find nothing return None or an empty list."""

    name: ProviderName

    async def search(self, query: str, year: int | None = None) -> list[Candidate]: ...

    async def show(self, show_id: int) -> ShowRecord | None: ...

    async def lookup_imdb(self, imdb_id: str) -> ProviderRef | None: ...

    async def search_people(self, query: str) -> list[PersonHit]: ...

    async def person(self, person_id: int) -> PersonRecord | None: ...


def origin_country(
    origin_countries: Sequence[str], networks: Sequence[Network], language: str | None
) -> str | None:
    """The show's country of origin by the provider's own evidence, or None when it gives none.

    The provider's origin list wins; then a broadcaster's country (a streaming service's
    country says where it is based, not where the show was made, so it does not count);
    a Korean-language show with no other evidence is Korean (streaming originals).
    """
    if origin_countries:
        return origin_countries[0]
    broadcast = next((n.country for n in networks if n.country and not n.streaming), None)
    if broadcast:
        return broadcast
    if language == KOREAN:
        return KOREA
    return None
