"""A fake TMDB serving the documented shapes (https://developer.themoviedb.org/reference)
from fixture data, behind a Bearer token like the real API v3 with a read access token.

Shows are stored as `tv/{id}` with every appended response (`aggregate_credits`,
`alternative_titles`, `translations`, `watch/providers`, `external_ids`); people come from
the shows' credits, completed by `data/tmdb/people/*.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from .matching import NameIndex
from .server import FakeProvider, json_answer
from .tmdb_data import SEARCH_KEYS, tmdb_show

__all__ = ["TEST_TOKEN", "FakeTmdb", "load", "tmdb_show"]

DATA = Path(__file__).parent / "data" / "tmdb"
TEST_TOKEN = "test-read-access-token"
APPENDS = (
    "aggregate_credits",
    "alternative_titles",
    "translations",
    "watch/providers",
    "external_ids",
)


def load(directory: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.json")):
        found.extend(json.loads(path.read_text(encoding="utf-8")))
    return found


def _summary(show: dict[str, Any]) -> dict[str, Any]:
    """The shape of a `search/tv` or `find` result."""
    summary = {key: show.get(key) for key in SEARCH_KEYS if key != "genre_ids"}
    summary["genre_ids"] = [g["id"] for g in show.get("genres", [])]
    return summary


def _error(status: int, code: int, message: str) -> web.Response:
    return json_answer(
        {"success": False, "status_code": code, "status_message": message}, status=status
    )


@dataclass
class FakeTmdb(FakeProvider):
    token: str = TEST_TOKEN
    prefix: str = "/3"
    shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    credits: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _names: NameIndex = field(default_factory=NameIndex)
    _people_names: NameIndex = field(default_factory=NameIndex)
    _imdb: dict[str, int] = field(default_factory=dict)

    @classmethod
    def with_fixtures(cls, **options: Any) -> FakeTmdb:
        fake = cls(**options)
        fake.add_shows(load(DATA))
        fake.add_people(load(DATA / "people"))
        return fake

    def add_shows(self, shows: Iterable[dict[str, Any]]) -> None:
        for show in shows:
            self.add_show(show)

    def add_show(self, show: dict[str, Any]) -> None:
        """Serve one more show (a `tv/{id}` object with its appended responses)."""
        show_id = int(show["id"])
        self.shows[show_id] = show
        titles = [t["title"] for t in show.get("alternative_titles", {}).get("results", [])]
        self._names.add(show_id, [show["name"], show.get("original_name") or "", *titles])
        imdb = (show.get("external_ids") or {}).get("imdb_id")
        if imdb:
            self._imdb[imdb] = show_id
        for member in show.get("aggregate_credits", {}).get("cast", []):
            person_id = member["id"]
            if person_id not in self.people:
                self.people[person_id] = {
                    "adult": False,
                    "also_known_as": [],
                    "biography": "",
                    "birthday": None,
                    "deathday": None,
                    "gender": member.get("gender", 0),
                    "homepage": None,
                    "id": person_id,
                    "imdb_id": None,
                    "known_for_department": "Acting",
                    "name": member["name"],
                    "place_of_birth": None,
                    "popularity": member.get("popularity", 0.0),
                    "profile_path": None,
                }
                self._people_names.add(person_id, [member["name"], member.get("original_name", "")])
            roles = member.get("roles") or [{}]
            self.credits.setdefault(person_id, []).append(
                {
                    **_summary(show),
                    "character": roles[0].get("character", ""),
                    "credit_id": roles[0].get("credit_id", ""),
                    "episode_count": member.get("total_episode_count", 0),
                }
            )

    def add_people(self, people: Iterable[dict[str, Any]]) -> None:
        """Complete people (birthday, `also_known_as`…) in the shape of `person/{id}`."""
        for person in people:
            merged = {**self.people.get(person["id"], {}), **person}
            self.people[person["id"]] = merged
            self._people_names.add(person["id"], [person["name"], *person.get("also_known_as", [])])

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/3/search/tv", self._search),
            web.get("/3/tv/{id:\\d+}", self._show),
            web.get("/3/find/{external_id}", self._find),
            web.get("/3/search/person", self._search_people),
            web.get("/3/person/{id:\\d+}", self._person),
        ]

    def too_many(self, retry_after: str | None) -> web.Response:
        response = _error(429, 25, "Your request count (#) is over the allowed limit of (40).")
        if retry_after is not None:
            response.headers["Retry-After"] = retry_after
        return response

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def _refused(self) -> web.Response:
        return _error(401, 7, "Invalid API key: You must be granted a valid key.")

    def _not_found(self) -> web.Response:
        return _error(404, 34, "The resource you requested could not be found.")

    @staticmethod
    def _page(results: list[dict[str, Any]]) -> web.Response:
        return json_answer(
            {
                "page": 1,
                "results": results[:20],
                "total_pages": max(1, -(-len(results) // 20)),
                "total_results": len(results),
            }
        )

    async def _search(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refused()
        year = request.query.get("first_air_date_year")
        hits = []
        for show_id, _score in self._names.search(request.query.get("query", ""), limit=40):
            show = self.shows[show_id]
            if year and not str(show.get("first_air_date") or "").startswith(f"{year}-"):
                continue
            hits.append(_summary(show))
        return self._page(hits)

    async def _show(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refused()
        show = self.shows.get(int(request.match_info["id"]))
        if show is None:
            return self._not_found()
        wanted = set(request.query.get("append_to_response", "").split(","))
        shown = {k: v for k, v in show.items() if k not in APPENDS or k in wanted}
        return json_answer(shown)

    async def _find(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refused()
        if request.query.get("external_source") != "imdb_id":
            return _error(400, 5, "Invalid parameters: Your request parameters are incorrect.")
        show_id = self._imdb.get(request.match_info["external_id"])
        tv = [] if show_id is None else [_summary(self.shows[show_id])]
        return json_answer(
            {
                "movie_results": [],
                "person_results": [],
                "tv_results": tv,
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        )

    async def _search_people(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refused()
        hits = self._people_names.search(request.query.get("query", ""))
        results = []
        for person_id, _score in hits:
            person = self.people[person_id]
            results.append(
                {
                    "adult": False,
                    "gender": person.get("gender", 0),
                    "id": person_id,
                    "known_for_department": person.get("known_for_department"),
                    "name": person["name"],
                    "original_name": person["name"],
                    "popularity": person.get("popularity", 0.0),
                    "profile_path": None,
                    "known_for": [],
                }
            )
        return self._page(results)

    async def _person(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refused()
        person_id = int(request.match_info["id"])
        person = self.people.get(person_id)
        if person is None:
            return self._not_found()
        shown = dict(person)
        if "tv_credits" in request.query.get("append_to_response", "").split(","):
            shown["tv_credits"] = {
                "cast": self.credits.get(person_id, []),
                "crew": [],
                "id": person_id,
            }
        return json_answer(shown)
