"""The TMDB client, used only when a read access token is configured (sent as a Bearer token).

Terms: show "This product uses the TMDB API but is not endorsed or certified by TMDB", keep
TMDB data at most 6 months, and credit JustWatch wherever watch-provider data is shown.
TMDB allows about 40 requests per second and answers 429 (`status_code` 25) beyond it.
Reference: https://developer.themoviedb.org/reference
"""

from __future__ import annotations

import datetime as dt
import re

import providers.tmdb_parse as parse
from core.providers import Candidate, PersonHit, PersonRecord, ProviderName, ProviderRef, ShowRecord
from providers.http import JsonHttpClient, ProviderClientBase, RetryPolicy
from providers.limits import CircuitBreaker, RateLimiter

DEFAULT_URL = "https://api.themoviedb.org/3"
DEFAULT_CALLS = 40
DEFAULT_PERIOD = 1.0
IMAGE_BASE = parse.IMAGE_BASE
SHOW_APPENDS = "aggregate_credits,alternative_titles,translations,watch/providers,external_ids"
MAX_QUERY = 200
_IMDB = re.compile(r"tt\d{5,10}")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY]


class TmdbClient(ProviderClientBase):
    """`core.providers.ShowProvider` for TMDB. Owns its HTTP session: use `async with` or
    call `close()`. The token lives only in the session's headers: never in a repr or a log."""

    name: ProviderName = "tmdb"

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_URL,
        *,
        calls: int = DEFAULT_CALLS,
        period: float = DEFAULT_PERIOD,
        policy: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        image_base: str = IMAGE_BASE,
    ) -> None:
        if not token.strip():
            raise ValueError("TMDB needs a read access token")
        self.image_base = image_base
        self.http = JsonHttpClient(
            "tmdb",
            base_url,
            limiter=RateLimiter(calls, period),
            breaker=breaker,
            policy=policy,
            headers={"Authorization": f"Bearer {token.strip()}"},
        )

    async def search(self, query: str, year: int | None = None) -> list[Candidate]:
        """First page of `search/tv` (20 best matches), limited to shows first aired in
        `year` when given."""
        text = _query(query)
        if not text:
            return []
        params = [("query", text), ("include_adult", "false"), ("page", "1")]
        if year is not None:
            params.append(("first_air_date_year", str(int(year))))
        data = await self.http.get_json("/search/tv", params)
        return [] if data is None else parse.search_results(data)

    async def show(self, show_id: int) -> ShowRecord | None:
        """One request: details with credits, titles, translations, where to watch and ids."""
        data = await self.http.get_json(
            f"/tv/{int(show_id)}", [("append_to_response", SHOW_APPENDS)]
        )
        return None if data is None else parse.show_record(data, _now(), self.image_base)

    async def lookup_imdb(self, imdb_id: str) -> ProviderRef | None:
        imdb = imdb_id.strip()
        if not _IMDB.fullmatch(imdb):
            return None
        data = await self.http.get_json(f"/find/{imdb}", [("external_source", "imdb_id")])
        return None if data is None else parse.find_tv(data)

    async def search_people(self, query: str) -> list[PersonHit]:
        text = _query(query)
        if not text:
            return []
        params = [("query", text), ("include_adult", "false"), ("page", "1")]
        data = await self.http.get_json("/search/person", params)
        return [] if data is None else parse.person_hits(data)

    async def person(self, person_id: int) -> PersonRecord | None:
        data = await self.http.get_json(
            f"/person/{int(person_id)}", [("append_to_response", "tv_credits")]
        )
        return None if data is None else parse.person_record(data, _now())
