"""A fake TVmaze serving the documented shapes (https://www.tvmaze.com/api) from fixture data.

Shows are stored as TVmaze returns `/shows/{id}` with every `_embedded` part; the other
endpoints are derived from them: search over names and akas, IMDb lookup by redirect, people
and their cast credits from the shows' casts.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from .matching import NameIndex
from .server import FakeProvider, json_answer

DATA = Path(__file__).parent / "data" / "tvmaze"
_COUNTRY_NAMES = {"KR": "Korea, Republic of", "US": "United States", "JP": "Japan"}
EMBEDS = ("cast", "akas", "seasons", "episodes", "castcredits")


def load_shows(directory: Path = DATA) -> list[dict[str, Any]]:
    shows: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.json")):
        shows.extend(json.loads(path.read_text(encoding="utf-8")))
    return shows


def tvmaze_show(
    show_id: int,
    name: str,
    *,
    type: str | None = "Scripted",
    language: str | None = "Korean",
    genres: Sequence[str] = ("Drama",),
    premiered: str | None = None,
    ended: str | None = None,
    status: str = "Ended",
    network: tuple[str, str, str] | None = None,  # (name, country code, timezone)
    web_channel: str | None = None,
    web_channel_country: tuple[str, str] | None = None,  # (code, timezone)
    akas: Sequence[tuple[str, str | None]] = (),  # (name, country code)
    cast: Sequence[tuple[int, str, str | None]] = (),  # (person id, name, character)
    seasons: Sequence[dict[str, Any]] = (),
    episodes: Sequence[dict[str, Any]] = (),
    imdb: str | None = None,
    summary: str | None = None,
    rating: float | None = None,
) -> dict[str, Any]:
    """A show object in the shape of `/shows/{id}` with everything embedded (for tests and
    the enrichment benchmark's synthetic shows)."""
    slug = "-".join(name.lower().split())
    net = None
    if network is not None:
        net = {
            "id": zlib.crc32(network[0].encode()) % 10_000,
            "name": network[0],
            "country": {
                "name": _COUNTRY_NAMES.get(network[1], network[1]),
                "code": network[1],
                "timezone": network[2],
            },
            "officialSite": None,
        }
    web = None
    if web_channel is not None:
        country = None
        if web_channel_country is not None:
            code, zone = web_channel_country
            country = {"name": _COUNTRY_NAMES.get(code, code), "code": code, "timezone": zone}
        web = {
            "id": zlib.crc32(web_channel.encode()) % 10_000,
            "name": web_channel,
            "country": country,
        }
    return {
        "id": show_id,
        "url": f"https://www.tvmaze.com/shows/{show_id}/{slug}",
        "name": name,
        "type": type,
        "language": language,
        "genres": list(genres),
        "status": status,
        "runtime": None,
        "averageRuntime": None,
        "premiered": premiered,
        "ended": ended,
        "officialSite": None,
        "schedule": {"time": "", "days": []},
        "rating": {"average": rating},
        "weight": 50,
        "network": net,
        "webChannel": web,
        "dvdCountry": None,
        "externals": {"tvrage": None, "thetvdb": None, "imdb": imdb},
        "image": None,
        "summary": summary,
        "updated": 1700000000,
        "_links": {"self": {"href": f"https://api.tvmaze.com/shows/{show_id}"}},
        "_embedded": {
            "cast": [_cast_entry(*entry) for entry in cast],
            "akas": [
                {"name": aka, "country": None if code is None else _country(code)}
                for aka, code in akas
            ],
            "seasons": list(seasons),
            "episodes": list(episodes),
        },
    }


def _country(code: str) -> dict[str, str]:
    return {
        "name": _COUNTRY_NAMES.get(code, code),
        "code": code,
        "timezone": "Asia/Seoul" if code == "KR" else "UTC",
    }


def _cast_entry(person_id: int, name: str, character: str | None) -> dict[str, Any]:
    return {
        "person": {
            "id": person_id,
            "url": f"https://www.tvmaze.com/people/{person_id}",
            "name": name,
            "country": None,
            "birthday": None,
            "deathday": None,
            "gender": None,
            "image": None,
            "updated": 1700000000,
            "_links": {"self": {"href": f"https://api.tvmaze.com/people/{person_id}"}},
        },
        "character": None
        if character is None
        else {"id": person_id * 10, "url": None, "name": character, "image": None},
        "self": character is None,
        "voice": False,
    }


def _without_embedded(show: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in show.items() if key != "_embedded"}


@dataclass
class FakeTvmaze(FakeProvider):
    shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    credits: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _names: NameIndex = field(default_factory=NameIndex)
    _people_names: NameIndex = field(default_factory=NameIndex)
    _imdb: dict[str, int] = field(default_factory=dict)
    # False: answer a lookup with the show itself, as a proxy that follows redirects would.
    lookup_redirects: bool = True

    @classmethod
    def with_fixtures(cls, **options: Any) -> FakeTvmaze:
        fake = cls(**options)
        fake.add_shows(load_shows())
        return fake

    def add_shows(self, shows: Iterable[dict[str, Any]]) -> None:
        for show in shows:
            self.add_show(show)

    def add_show(self, show: dict[str, Any]) -> None:
        """Serve one more show (in the shape of `/shows/{id}` with `_embedded`)."""
        show_id = int(show["id"])
        self.shows[show_id] = show
        embedded = show.get("_embedded") or {}
        names = [show["name"], *(aka["name"] for aka in embedded.get("akas", []))]
        self._names.add(show_id, names)
        imdb = (show.get("externals") or {}).get("imdb")
        if imdb:
            self._imdb[imdb] = show_id
        for entry in embedded.get("cast", []):
            person = entry["person"]
            if person["id"] not in self.people:
                self.people[person["id"]] = person
                self._people_names.add(person["id"], [person["name"]])
            character = entry.get("character") or {}
            self.credits.setdefault(person["id"], []).append(
                {
                    "self": entry.get("self", False),
                    "voice": entry.get("voice", False),
                    "_links": {
                        "show": {"href": f"{_API}/shows/{show_id}", "name": show["name"]},
                        "character": {
                            "href": f"{_API}/characters/{character.get('id', 0)}",
                            "name": character.get("name"),
                        },
                    },
                }
            )

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/search/shows", self._search),
            web.get("/singlesearch/shows", self._single_search),
            web.get("/shows/{id:\\d+}", self._show),
            web.get("/lookup/shows", self._lookup),
            web.get("/search/people", self._search_people),
            web.get("/people/{id:\\d+}", self._person),
            web.get("/people/{id:\\d+}/castcredits", self._castcredits),
            web.get("/schedule", self._schedule),
            web.get("/schedule/web", self._web_schedule),
        ]

    @staticmethod
    def _embeds(request: web.Request) -> set[str]:
        wanted = request.query.getall("embed[]", []) + request.query.getall("embed", [])
        return {embed for embed in wanted if embed in EMBEDS}

    def _render(self, show: dict[str, Any], embeds: set[str]) -> dict[str, Any]:
        shown = _without_embedded(show)
        embedded = show.get("_embedded") or {}
        if embeds:
            shown["_embedded"] = {key: embedded.get(key, []) for key in sorted(embeds)}
        return shown

    async def _search(self, request: web.Request) -> web.Response:
        hits = self._names.search(request.query.get("q", ""))
        return json_answer(
            [{"score": score, "show": _without_embedded(self.shows[i])} for i, score in hits]
        )

    async def _single_search(self, request: web.Request) -> web.Response:
        hits = self._names.search(request.query.get("q", ""), limit=1, cutoff=85.0)
        if not hits:
            return _not_found()
        return json_answer(self._render(self.shows[hits[0][0]], self._embeds(request)))

    async def _show(self, request: web.Request) -> web.Response:
        show = self.shows.get(int(request.match_info["id"]))
        if show is None:
            return _not_found()
        return json_answer(self._render(show, self._embeds(request)))

    async def _lookup(self, request: web.Request) -> web.Response:
        show_id = self._imdb.get(request.query.get("imdb", ""))
        if show_id is None:
            return _not_found()
        if not self.lookup_redirects:
            return json_answer(_without_embedded(self.shows[show_id]))
        location = f"http://{request.host}/shows/{show_id}"
        return web.Response(status=301, headers={"Location": location})

    async def _search_people(self, request: web.Request) -> web.Response:
        hits = self._people_names.search(request.query.get("q", ""))
        return json_answer([{"score": score, "person": self.people[i]} for i, score in hits])

    async def _person(self, request: web.Request) -> web.Response:
        person_id = int(request.match_info["id"])
        person = self.people.get(person_id)
        if person is None:
            return _not_found()
        shown = dict(person)
        if "castcredits" in self._embeds(request):
            shown["_embedded"] = {"castcredits": self.credits.get(person_id, [])}
        return json_answer(shown)

    async def _castcredits(self, request: web.Request) -> web.Response:
        person_id = int(request.match_info["id"])
        if person_id not in self.people:
            return _not_found()
        credits = self.credits.get(person_id, [])
        if request.query.get("embed") == "show":
            credits = [
                {**credit, "_embedded": {"show": _without_embedded(self._show_of(credit))}}
                for credit in credits
            ]
        return json_answer(credits)

    def _show_of(self, credit: dict[str, Any]) -> dict[str, Any]:
        href: str = credit["_links"]["show"]["href"]
        return self.shows[int(href.rsplit("/", 1)[1])]

    # -- schedules: derived from the shows' episodes ----------------------------------

    def _airing(self, day: str, keep: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        found = []
        for show in self.shows.values():
            if not keep(show):
                continue
            for episode in (show.get("_embedded") or {}).get("episodes", []):
                if episode.get("airdate") == day:
                    found.append((episode, show))
        # TVmaze lists a day's episodes in the order they air.
        found.sort(key=lambda pair: (pair[0].get("airstamp") or "", pair[0].get("id", 0)))
        return found

    async def _schedule(self, request: web.Request) -> web.Response:
        """Broadcast and cable episodes of one country (default US), the show under `show`."""
        country = request.query.get("country", "US")
        day = request.query.get("date", "")

        def keep(show: dict[str, Any]) -> bool:
            network = show.get("network") or {}
            return bool(network) and (network.get("country") or {}).get("code") == country

        return json_answer(
            [{**e, "show": _without_embedded(s)} for e, s in self._airing(day, keep)]
        )

    async def _web_schedule(self, request: web.Request) -> web.Response:
        """Streaming episodes, the show under `_embedded.show`; without a country, the
        global services (a web channel without a country)."""
        country = request.query.get("country")
        day = request.query.get("date", "")

        def keep(show: dict[str, Any]) -> bool:
            channel = show.get("webChannel")
            if not channel or show.get("network"):
                return False
            code = (channel.get("country") or {}).get("code")
            return code == country if country else code is None

        return json_answer(
            [{**e, "_embedded": {"show": _without_embedded(s)}} for e, s in self._airing(day, keep)]
        )


def tvmaze_episode(
    episode_id: int,
    season: int,
    number: int | None,
    airstamp: str,
    *,
    name: str | None = None,
    airdate: str | None = None,
    airtime: str = "",
    type: str = "regular",
    runtime: int | None = 70,
) -> dict[str, Any]:
    """An episode in TVmaze's shape. `airstamp` is ISO 8601 with offset; the air date
    defaults to the stamp's date in Korea (the broadcasters' calendar)."""
    if airdate is None:
        moment = dt.datetime.fromisoformat(airstamp)
        airdate = moment.astimezone(dt.timezone(dt.timedelta(hours=9))).date().isoformat()
    return {
        "id": episode_id,
        "url": f"https://www.tvmaze.com/episodes/{episode_id}",
        "name": name,
        "season": season,
        "number": number,
        "type": type,
        "airdate": airdate,
        "airtime": airtime,
        "airstamp": airstamp,
        "runtime": runtime,
        "rating": {"average": None},
        "image": None,
        "summary": None,
        "_links": {"self": {"href": f"{_API}/episodes/{episode_id}"}},
    }


_API = "https://api.tvmaze.com"


def _not_found() -> web.Response:
    # TVmaze's 404 body, as its API answers for a missing resource.
    return json_answer({"name": "Not Found", "message": "", "code": 0, "status": 404}, status=404)
