"""TMDB JSON → the records of `core.providers`.

Shapes from TMDB's API reference (https://developer.themoviedb.org/reference): `search/tv`
returns `{page, results[...], total_pages, total_results}`; `tv/{id}` with
`append_to_response=aggregate_credits,alternative_titles,translations,watch/providers,
external_ids` carries each appended response under its own key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, get_args

import providers.fields as f
from core.providers import (
    AltTitle,
    Candidate,
    CastCredit,
    Episode,
    Kind,
    Network,
    Offer,
    PersonHit,
    PersonRecord,
    PersonRole,
    ProviderBadResponse,
    ProviderName,
    ProviderRef,
    SeasonInfo,
    ShowRecord,
    WatchOffer,
    origin_country,
)

PROVIDER: ProviderName = "tmdb"
TOP_CAST = 20
IMAGE_BASE = "https://image.tmdb.org/t/p/w342"
SHOW_URL = "https://www.themoviedb.org/tv/{id}"
PERSON_URL = "https://www.themoviedb.org/person/{id}"
OFFERS: tuple[Offer, ...] = get_args(Offer)

# TMDB's TV genre ids that decide a kind on their own (search results carry ids, not names).
KIND_BY_GENRE_ID: dict[int, Kind] = {
    16: "animation",
    99: "documentary",
    10763: "news",
    10764: "reality",
    10767: "talk",
}
KIND_BY_GENRE: dict[str, Kind] = {
    "animation": "animation",
    "documentary": "documentary",
    "news": "news",
    "reality": "reality",
    "talk": "talk",
}
KIND_BY_TYPE: dict[str, Kind] = {
    "reality": "reality",
    "documentary": "documentary",
    "news": "news",
    "talk show": "talk",
}
SCRIPTED_TYPES = frozenset({"scripted", "miniseries"})
# TMDB's networks include streaming services but do not say so; a streaming service's
# country says where it is based, not where the show was made (see core.providers).
STREAMING = frozenset(
    name.casefold()
    for name in (
        "Netflix",
        "Disney+",
        "Amazon",
        "Prime Video",
        "Amazon Prime Video",
        "Apple TV+",
        "Hulu",
        "Max",
        "HBO Max",
        "Paramount+",
        "Peacock",
        "Wavve",
        "TVING",
        "Coupang Play",
        "Watcha",
        "Viki",
        "iQIYI",
        "Viu",
        "U+ Mobile TV",
        "Genie TV",
    )
)


def kind_of(show_type: object, genres: Iterable[str] = (), genre_ids: Iterable[int] = ()) -> Kind:
    """Animation by genre first; then a non-scripted type; then a telling genre; a scripted
    series or miniseries is a drama; anything else is unknown."""
    names = {g.casefold() for g in genres}
    ids = set(genre_ids)
    if "animation" in names or 16 in ids:
        return "animation"
    kind_type = show_type.strip().casefold() if isinstance(show_type, str) else ""
    if kind_type in KIND_BY_TYPE:
        return KIND_BY_TYPE[kind_type]
    for name in sorted(names):
        if name in KIND_BY_GENRE:
            return KIND_BY_GENRE[name]
    for genre_id in sorted(ids):
        if genre_id in KIND_BY_GENRE_ID:
            return KIND_BY_GENRE_ID[genre_id]
    return "drama" if kind_type in SCRIPTED_TYPES else "unknown"


def _countries(data: object, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in map(f.country, f.list_at(data, key)) if c))


def _genre_ids(data: object) -> list[int]:
    return [g for g in f.list_at(data, "genre_ids") if isinstance(g, int)]


def _original(data: object, name: str) -> str | None:
    original = f.text(data, "original_name")
    return original if original and original != name else None


def candidate(data: object) -> Candidate:
    """A `search/tv` result, a `find` tv result or a person's tv credit."""
    show = f.obj(data, "show", PROVIDER)
    show_id = f.ident(show, "show", PROVIDER)
    name = f.text(show, "name") or f.text(show, "original_name")
    if name is None:
        raise ProviderBadResponse(f"{PROVIDER}: show {show_id} has no name")
    return Candidate(
        ref=ProviderRef(PROVIDER, show_id),
        name=name,
        original_name=_original(show, name),
        language=f.iso_language(show.get("original_language")),
        origin_countries=_countries(show, "origin_country"),
        premiered=f.date(show, "first_air_date"),
        kind=kind_of(None, genre_ids=_genre_ids(show)),
    )


def search_results(data: object) -> list[Candidate]:
    page = f.obj(data, "search answer", PROVIDER)
    return [candidate(hit) for hit in f.items(page.get("results"), "search results", PROVIDER)]


def find_tv(data: object) -> ProviderRef | None:
    answer = f.obj(data, "find answer", PROVIDER)
    results = f.items(answer.get("tv_results", []), "tv_results", PROVIDER)
    return candidate(results[0]).ref if results else None


def _networks(show: dict[str, Any]) -> tuple[Network, ...]:
    found = []
    for network in f.list_at(show, "networks"):
        name = f.text(network, "name")
        if name:
            found.append(
                Network(
                    name=name,
                    country=f.country(network.get("origin_country")),
                    streaming=name.casefold() in STREAMING,
                )
            )
    return tuple(found)


def _seasons(show: dict[str, Any]) -> tuple[SeasonInfo, ...]:
    seasons = []
    for season in f.list_at(show, "seasons"):
        number = f.whole(season, "season_number")
        if number is not None:
            seasons.append(
                SeasonInfo(
                    number=number,
                    name=f.text(season, "name"),
                    episode_count=f.whole(season, "episode_count"),
                    premiere=f.date(season, "air_date"),
                )
            )
    return tuple(seasons)


def _episodes(show: dict[str, Any]) -> tuple[Episode, ...]:
    episodes: dict[tuple[int, int | None], Episode] = {}
    for key in ("last_episode_to_air", "next_episode_to_air"):
        episode = show.get(key)
        season = f.whole(episode, "season_number")
        if season is None:
            continue
        number = f.whole(episode, "episode_number")
        episodes.setdefault(
            (season, number),
            Episode(
                season=season,
                number=number,
                name=f.text(episode, "name"),
                airdate=f.date(episode, "air_date"),
                runtime=f.whole(episode, "runtime"),
            ),
        )
    return tuple(episodes.values())


def _billing(person: object) -> int:
    order = f.whole(person, "order")
    return (1 << 30) if order is None else order


def _cast(show: dict[str, Any]) -> tuple[CastCredit, ...]:
    people = [
        p for p in f.list_at(f.dict_at(show, "aggregate_credits"), "cast") if f.whole(p, "id")
    ]
    people.sort(key=_billing)
    credits: list[CastCredit] = []
    seen: set[int] = set()
    for person in people:
        person_id = f.whole(person, "id")
        name = f.text(person, "name")
        if person_id is None or person_id < 0 or name is None or person_id in seen:
            continue
        seen.add(person_id)
        roles = sorted(
            (r for r in f.list_at(person, "roles") if f.text(r, "character")),
            key=lambda r: -(f.whole(r, "episode_count") or 0),
        )
        characters = dict.fromkeys(c for c in (f.text(r, "character") for r in roles) if c)
        credits.append(
            CastCredit(
                person=ProviderRef(PROVIDER, person_id),
                name=name,
                original_name=_original(person, name),
                character=" / ".join(characters) or None,
                order=len(credits),
                episode_count=f.whole(person, "total_episode_count"),
            )
        )
        if len(credits) == TOP_CAST:
            break
    return tuple(credits)


def _alt_titles(show: dict[str, Any], name: str) -> tuple[AltTitle, ...]:
    found: dict[tuple[str, str | None, str | None], AltTitle] = {}
    for alt in f.list_at(f.dict_at(show, "alternative_titles"), "results"):
        title = f.text(alt, "title")
        if title and title != name:
            country = f.country(alt.get("iso_3166_1"))
            found.setdefault((title, country, None), AltTitle(title, country))
    for translation in f.list_at(f.dict_at(show, "translations"), "translations"):
        title = f.text(f.dict_at(translation, "data"), "name")
        if title and title != name:
            country = f.country(translation.get("iso_3166_1"))
            language = f.iso_language(translation.get("iso_639_1"))
            found.setdefault((title, country, language), AltTitle(title, country, language))
    return tuple(found.values())


def _watch(show: dict[str, Any]) -> tuple[WatchOffer, ...]:
    offers: list[WatchOffer] = []
    regions = f.dict_at(f.dict_at(show, "watch/providers"), "results")
    for region_code in sorted(regions):
        region = f.country(region_code)
        entry = regions[region_code]
        if region is None or not isinstance(entry, dict):
            continue
        link = f.text(entry, "link")
        for offer in OFFERS:
            services = sorted(
                (s for s in f.list_at(entry, offer) if f.text(s, "provider_name")),
                key=lambda s: f.whole(s, "display_priority") or 0,
            )
            for service in services:
                name = f.text(service, "provider_name")
                if name:
                    offers.append(WatchOffer(region, name, offer, link))
    return tuple(offers)


def _external_ids(show: dict[str, Any], show_id: int) -> tuple[tuple[str, str], ...]:
    found = [("tmdb", str(show_id))]
    ids = f.dict_at(show, "external_ids")
    imdb = f.text(ids, "imdb_id")
    if imdb:
        found.append(("imdb", imdb))
    tvdb = f.whole(ids, "tvdb_id")
    if tvdb is not None:
        found.append(("thetvdb", str(tvdb)))
    wikidata = f.text(ids, "wikidata_id")
    if wikidata:
        found.append(("wikidata", wikidata))
    return tuple(found)


def show_record(data: object, fetched_at: dt.datetime, image_base: str = IMAGE_BASE) -> ShowRecord:
    base = candidate(data)
    show = f.obj(data, "show", PROVIDER)
    genres = tuple(g for g in (f.text(x, "name") for x in f.list_at(show, "genres")) if g)
    nets = _networks(show)
    origin = base.origin_countries
    if not origin:
        found = origin_country((), nets, base.language)
        origin = (found,) if found else ()
    votes = f.whole(show, "vote_count")
    poster = f.text(show, "poster_path")
    status = f.text(show, "status")
    return ShowRecord(
        ref=base.ref,
        name=base.name,
        fetched_at=fetched_at,
        url=SHOW_URL.format(id=base.ref.id),
        original_name=base.original_name,
        kind=kind_of(show.get("type"), genres),
        genres=genres,
        language=base.language,
        origin_countries=origin,
        status=status,
        premiered=base.premiered,
        ended=f.date(show, "last_air_date") if status in ("Ended", "Canceled") else None,
        networks=nets,
        seasons=_seasons(show),
        episodes=_episodes(show),
        overview=f.text(show, "overview"),
        # A rating nobody voted for is no rating.
        rating=f.number(show, "vote_average") if votes else None,
        rating_votes=votes or None,
        poster_url=f"{image_base.rstrip('/')}{poster}" if poster and poster[0] == "/" else None,
        cast=_cast(show),
        alt_titles=_alt_titles(show, base.name),
        watch=_watch(show),
        external_ids=_external_ids(show, base.ref.id),
    )


def person_hits(data: object) -> list[PersonHit]:
    page = f.obj(data, "people search answer", PROVIDER)
    hits = []
    for hit in f.items(page.get("results"), "people results", PROVIDER):
        person = f.obj(hit, "person", PROVIDER)
        person_id = f.ident(person, "person", PROVIDER)
        name = f.text(person, "name")
        if name:
            hits.append(PersonHit(ProviderRef(PROVIDER, person_id), name))
    return hits


def _hangul_name(person: dict[str, Any]) -> str | None:
    for name in f.strings(person, "also_known_as"):
        if any("\uac00" <= ch <= "\ud7a3" for ch in name):
            return name
    return None


def person_record(data: object, fetched_at: dt.datetime) -> PersonRecord:
    """`person/{id}?append_to_response=tv_credits`."""
    person = f.obj(data, "person", PROVIDER)
    person_id = f.ident(person, "person", PROVIDER)
    name = f.text(person, "name")
    if name is None:
        raise ProviderBadResponse(f"{PROVIDER}: person {person_id} has no name")
    roles = []
    for credit in f.list_at(f.dict_at(person, "tv_credits"), "cast"):
        if (
            isinstance(credit, dict)
            and f.whole(credit, "id") is not None
            and f.text(credit, "name")
        ):
            roles.append(PersonRole(candidate(credit), f.text(credit, "character")))
    return PersonRecord(
        ref=ProviderRef(PROVIDER, person_id),
        name=name,
        fetched_at=fetched_at,
        original_name=_hangul_name(person),
        birthday=f.date(person, "birthday"),
        url=PERSON_URL.format(id=person_id),
        roles=tuple(roles),
    )
