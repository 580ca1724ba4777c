"""TVmaze JSON → the records of `core.providers`.

Shapes from TVmaze's API documentation (https://www.tvmaze.com/api): a show has `id, url,
name, type, language, genres, status, premiered, ended, schedule{time, days}, rating{average},
network{name, country{code, timezone}}, webChannel{name, country}, externals, image, summary`
(HTML) and, when embedded, `_embedded.cast / akas / seasons / episodes`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import providers.fields as f
from core.providers import (
    AltTitle,
    Candidate,
    CastCredit,
    Episode,
    Kind,
    Network,
    PersonHit,
    PersonRecord,
    PersonRole,
    ProviderBadResponse,
    ProviderName,
    ProviderRef,
    SeasonInfo,
    ShowRecord,
    origin_country,
)

PROVIDER: ProviderName = "tvmaze"
TOP_CAST = 20

# TVmaze's show `type` → our kind. Anything not listed (Panel Show, Award Show, Sports is
# listed; missing or new types) is "unknown" rather than a guess.
KIND_BY_TYPE: dict[str, Kind] = {
    "scripted": "drama",
    "reality": "reality",
    "variety": "variety",
    "documentary": "documentary",
    "animation": "animation",
    "talk show": "talk",
    "game show": "game",
    "news": "news",
    "sports": "sports",
}
_SHOW_LINK = re.compile(r"/shows/(\d+)(?:[/?#]|$)")


def kind_of(show_type: object) -> Kind:
    if not isinstance(show_type, str):
        return "unknown"
    return KIND_BY_TYPE.get(show_type.strip().casefold(), "unknown")


def show_id_from_link(link: object) -> int | None:
    """`https://api.tvmaze.com/shows/123` → 123."""
    if not isinstance(link, str):
        return None
    match = _SHOW_LINK.search(link)
    return int(match.group(1)) if match and len(match.group(1)) <= 12 else None


def networks(show: dict[str, Any]) -> tuple[Network, ...]:
    found: list[Network] = []
    for key, streaming in (("network", False), ("webChannel", True)):
        channel = f.dict_at(show, key)
        name = f.text(channel, "name")
        if name:
            code = f.country(f.dict_at(channel, "country").get("code"))
            found.append(Network(name=name, country=code, streaming=streaming))
    return tuple(found)


def _timezone(show: dict[str, Any]) -> str | None:
    for key in ("network", "webChannel"):
        zone = f.text(f.dict_at(f.dict_at(show, key), "country"), "timezone")
        if zone:
            return zone
    return None


def _origin(nets: tuple[Network, ...], language: str | None) -> tuple[str, ...]:
    # TVmaze has no origin field: the broadcaster's country, else the language, decide.
    origin = origin_country((), nets, language)
    return (origin,) if origin else ()


def akas(show: dict[str, Any]) -> tuple[AltTitle, ...]:
    found: dict[tuple[str, str | None], AltTitle] = {}
    for aka in f.list_at(f.dict_at(show, "_embedded"), "akas"):
        name = f.text(aka, "name")
        if name:
            code = f.country(f.dict_at(aka, "country").get("code"))
            found.setdefault((name, code), AltTitle(title=name, country=code))
    return tuple(found.values())


def _original_name(titles: tuple[AltTitle, ...], origin: tuple[str, ...]) -> str | None:
    """The aka for the origin country in its own script (Hangul for a Korean show)."""
    for title in titles:
        if origin and title.country == origin[0] and f.has_non_latin_letters(title.title):
            return title.title
    return None


def candidate(show_data: object, score: float | None = None) -> Candidate:
    show = f.obj(show_data, "show", PROVIDER)
    show_id = f.ident(show, "show", PROVIDER)
    name = f.text(show, "name")
    if name is None:
        raise ProviderBadResponse(f"{PROVIDER}: show {show_id} has no name")
    nets = networks(show)
    language = f.language_code(show.get("language"))
    titles = akas(show)
    origin = _origin(nets, language)
    return Candidate(
        ref=ProviderRef(PROVIDER, show_id),
        name=name,
        original_name=_original_name(titles, origin),
        akas=tuple(t.title for t in titles),
        language=language,
        origin_countries=origin,
        premiered=f.date(show, "premiered"),
        networks=tuple(n.name for n in nets),
        kind=kind_of(show.get("type")),
        provider_score=score,
    )


def search_results(data: object) -> list[Candidate]:
    """`/search/shows`: a list of `{score, show}`."""
    results = []
    for hit in f.items(data, "search result", PROVIDER):
        hit = f.obj(hit, "search hit", PROVIDER)
        results.append(candidate(hit.get("show"), f.number(hit, "score")))
    return results


def _cast(show: dict[str, Any]) -> tuple[CastCredit, ...]:
    credits: list[CastCredit] = []
    seen: set[int] = set()
    for entry in f.list_at(f.dict_at(show, "_embedded"), "cast"):
        person = f.dict_at(entry, "person")
        person_id = f.whole(person, "id")
        name = f.text(person, "name")
        if person_id is None or person_id < 0 or name is None or person_id in seen:
            continue
        seen.add(person_id)
        credits.append(
            CastCredit(
                person=ProviderRef(PROVIDER, person_id),
                name=name,
                character=f.text(f.dict_at(entry, "character"), "name"),
                order=len(credits),
            )
        )
        if len(credits) == TOP_CAST:
            break
    return tuple(credits)


def _seasons(show: dict[str, Any]) -> tuple[SeasonInfo, ...]:
    seasons = []
    for season in f.list_at(f.dict_at(show, "_embedded"), "seasons"):
        number = f.whole(season, "number")
        if number is None:
            continue
        seasons.append(
            SeasonInfo(
                number=number,
                name=f.text(season, "name"),
                episode_count=f.whole(season, "episodeOrder"),
                premiere=f.date(season, "premiereDate"),
                end=f.date(season, "endDate"),
            )
        )
    return tuple(seasons)


def _episodes(show: dict[str, Any]) -> tuple[Episode, ...]:
    episodes = []
    for episode in f.list_at(f.dict_at(show, "_embedded"), "episodes"):
        season = f.whole(episode, "season")
        if season is None:
            continue
        episodes.append(
            Episode(
                season=season,
                number=f.whole(episode, "number"),
                name=f.text(episode, "name"),
                airdate=f.date(episode, "airdate"),
                airstamp=f.timestamp(episode, "airstamp"),
                runtime=f.whole(episode, "runtime"),
            )
        )
    return tuple(episodes)


def _external_ids(show: dict[str, Any], show_id: int) -> tuple[tuple[str, str], ...]:
    found = [("tvmaze", str(show_id))]
    externals = f.dict_at(show, "externals")
    for key in ("imdb", "thetvdb", "tvrage"):
        value = externals.get(key)
        if isinstance(value, str) and value.strip():
            found.append((key, value.strip()))
        elif isinstance(value, int) and not isinstance(value, bool):
            found.append((key, str(value)))
    return tuple(found)


def show_record(data: object, fetched_at: dt.datetime) -> ShowRecord:
    """`/shows/{id}` with `embed[]=cast, akas, seasons, episodes`."""
    base = candidate(data)
    show = f.obj(data, "show", PROVIDER)
    image = f.dict_at(show, "image")
    schedule = f.dict_at(show, "schedule")
    return ShowRecord(
        ref=base.ref,
        name=base.name,
        fetched_at=fetched_at,
        url=f.text(show, "url"),
        original_name=base.original_name,
        kind=base.kind,
        genres=f.strings(show, "genres"),
        language=base.language,
        origin_countries=base.origin_countries,
        status=f.text(show, "status"),
        premiered=base.premiered,
        ended=f.date(show, "ended"),
        networks=networks(show),
        seasons=_seasons(show),
        episodes=_episodes(show),
        overview=f.html_to_text(show.get("summary")),
        rating=f.number(f.dict_at(show, "rating"), "average"),
        poster_url=f.text(image, "medium") or f.text(image, "original"),
        cast=_cast(show),
        alt_titles=akas(show),
        external_ids=_external_ids(show, base.ref.id),
        schedule_time=f.clock_time(schedule, "time"),
        schedule_days=f.strings(schedule, "days"),
        timezone=_timezone(show),
    )


def person_hit(data: object) -> PersonHit:
    person = f.obj(data, "person", PROVIDER)
    person_id = f.ident(person, "person", PROVIDER)
    name = f.text(person, "name")
    if name is None:
        raise ProviderBadResponse(f"{PROVIDER}: person {person_id} has no name")
    return PersonHit(
        ref=ProviderRef(PROVIDER, person_id),
        name=name,
        country=f.country(f.dict_at(person, "country").get("code")),
        birthday=f.date(person, "birthday"),
    )


def people_results(data: object) -> list[PersonHit]:
    """`/search/people`: a list of `{score, person}`."""
    return [
        person_hit(f.obj(hit, "search hit", PROVIDER).get("person"))
        for hit in f.items(data, "people search result", PROVIDER)
    ]


def _role(credit: object) -> PersonRole | None:
    links = f.dict_at(credit, "_links")
    embedded_show = f.dict_at(credit, "_embedded").get("show")
    if isinstance(embedded_show, dict):
        show = candidate(embedded_show)
    else:
        show_link = f.dict_at(links, "show")
        show_id = show_id_from_link(show_link.get("href"))
        name = f.text(show_link, "name")
        if show_id is None or name is None:
            return None
        show = Candidate(ref=ProviderRef(PROVIDER, show_id), name=name)
    return PersonRole(show=show, character=f.text(f.dict_at(links, "character"), "name"))


def person_record(data: object, credits: object, fetched_at: dt.datetime) -> PersonRecord:
    """`/people/{id}` plus `/people/{id}/castcredits?embed=show`."""
    hit = person_hit(data)
    person = f.obj(data, "person", PROVIDER)
    roles = [role for role in map(_role, f.items(credits, "cast credits", PROVIDER)) if role]
    return PersonRecord(
        ref=hit.ref,
        name=hit.name,
        fetched_at=fetched_at,
        country=hit.country,
        birthday=hit.birthday,
        url=f.text(person, "url"),
        roles=tuple(roles),
    )
