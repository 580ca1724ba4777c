"""The TVmaze client: public API, no key, data under CC BY-SA 4.0 (credit TVmaze where shown).

TVmaze allows at least 20 calls per 10 seconds per IP and answers 429 beyond that; the
defaults here stay within it. Endpoints: https://www.tvmaze.com/api
"""

from __future__ import annotations

import datetime as dt
import re

import providers.tvmaze_parse as parse
import providers.tvmaze_schedule as schedules
from core.airing import AiringShow, ScheduledEpisode
from core.providers import (
    Candidate,
    PersonHit,
    PersonRecord,
    ProviderBadResponse,
    ProviderName,
    ProviderRef,
    ShowRecord,
)
from providers.http import JsonHttpClient, ProviderClientBase, RetryPolicy
from providers.limits import CircuitBreaker, RateLimiter

DEFAULT_URL = "https://api.tvmaze.com"
DEFAULT_CALLS = 20
DEFAULT_PERIOD = 10.0
MAX_QUERY = 200  # longer text is no show name; TVmaze gains nothing from it
SHOW_EMBEDS = ("cast", "akas", "seasons", "episodes")
_IMDB = re.compile(r"tt\d{5,10}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY]


class TvmazeClient(ProviderClientBase):
    """`core.providers.ShowProvider` for TVmaze. Owns its HTTP session: use `async with` or
    call `close()`."""

    name: ProviderName = "tvmaze"

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        calls: int = DEFAULT_CALLS,
        period: float = DEFAULT_PERIOD,
        policy: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.http = JsonHttpClient(
            "tvmaze",
            base_url,
            limiter=RateLimiter(calls, period),
            breaker=breaker,
            policy=policy,
        )

    async def search(self, query: str, year: int | None = None) -> list[Candidate]:
        """Shows whose name or aka resembles `query`, best first. TVmaze has no year filter:
        `year` is left to the caller, who sees each candidate's premiere date."""
        text = _query(query)
        if not text:
            return []
        data = await self.http.get_json("/search/shows", [("q", text)])
        return [] if data is None else parse.search_results(data)

    async def single_search(self, query: str) -> ShowRecord | None:
        """TVmaze's one best match (stricter typo tolerance), with everything embedded."""
        text = _query(query)
        if not text:
            return None
        params = [("q", text), *(("embed[]", embed) for embed in SHOW_EMBEDS)]
        data = await self.http.get_json("/singlesearch/shows", params)
        return None if data is None else parse.show_record(data, _now())

    async def show(self, show_id: int) -> ShowRecord | None:
        """One request: the show with its cast, akas, seasons and episodes embedded."""
        params = [("embed[]", embed) for embed in SHOW_EMBEDS]
        data = await self.http.get_json(f"/shows/{int(show_id)}", params)
        return None if data is None else parse.show_record(data, _now())

    async def lookup_imdb(self, imdb_id: str) -> ProviderRef | None:
        """TVmaze answers a lookup with a redirect to the show; its id is in the Location."""
        imdb = imdb_id.strip()
        if not _IMDB.fullmatch(imdb):
            return None
        answer = await self.http.get("/lookup/shows", [("imdb", imdb)])
        if answer.status == 404:
            return None
        if answer.location is not None:
            show_id = parse.show_id_from_link(answer.location)
            if show_id is None:
                raise ProviderBadResponse("tvmaze: lookup redirected somewhere that is not a show")
            return ProviderRef("tvmaze", show_id)
        # A proxy in between may have followed the redirect already: then the body is the show.
        return parse.candidate(self.http.decode(answer.body, "/lookup/shows")).ref

    async def search_people(self, query: str) -> list[PersonHit]:
        text = _query(query)
        if not text:
            return []
        data = await self.http.get_json("/search/people", [("q", text)])
        return [] if data is None else parse.people_results(data)

    async def person(self, person_id: int) -> PersonRecord | None:
        """Two requests: the person, then their cast credits with each show embedded."""
        data = await self.http.get_json(f"/people/{int(person_id)}")
        if data is None:
            return None
        credits = await self.http.get_json(
            f"/people/{int(person_id)}/castcredits", [("embed", "show")]
        )
        return parse.person_record(data, [] if credits is None else credits, _now())

    # -- schedules (airing) -------------------------------------------------------------

    async def schedule(self, day: dt.date, country: str = "KR") -> list[ScheduledEpisode]:
        """`/schedule?country=&date=`: every episode airing on broadcast and cable networks
        of `country` on `day` (the country's own calendar day)."""
        params = [("country", _country(country)), ("date", day.isoformat())]
        data = await self.http.get_json("/schedule", params)
        return [] if data is None else schedules.schedule(data)

    async def web_schedule(
        self, day: dt.date, country: str | None = None
    ) -> list[ScheduledEpisode]:
        """`/schedule/web?date=&country=`: episodes released on streaming services that day;
        without a country, the global services (Netflix, Disney+ ...)."""
        params = [("date", day.isoformat())]
        if country is not None:
            params.append(("country", _country(country)))
        data = await self.http.get_json("/schedule/web", params)
        return [] if data is None else schedules.schedule(data)

    async def episodes(self, show_id: int) -> tuple[AiringShow, list[ScheduledEpisode]] | None:
        """A followed show and all its episodes (with ids and air stamps), one request."""
        data = await self.http.get_json(f"/shows/{int(show_id)}", [("embed", "episodes")])
        return None if data is None else schedules.show_episodes(data)


def _country(code: str) -> str:
    code = code.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise ValueError(f"{code[:10]!r} is not an ISO 3166-1 alpha-2 country code")
    return code
