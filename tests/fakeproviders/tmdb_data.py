"""Building TMDB `tv/{id}` objects (with every appended response) for the fake and tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babel import Locale, UnknownLocaleError

GENRES = {
    16: "Animation",
    18: "Drama",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    9648: "Mystery",
    10759: "Action & Adventure",
    10763: "News",
    10764: "Reality",
    10765: "Sci-Fi & Fantasy",
    10767: "Talk",
}
SEARCH_KEYS = (
    "adult",
    "backdrop_path",
    "genre_ids",
    "id",
    "origin_country",
    "original_language",
    "original_name",
    "overview",
    "popularity",
    "poster_path",
    "first_air_date",
    "name",
    "vote_average",
    "vote_count",
)


def language_names(code: str) -> tuple[str, str]:
    """A language's own name and its English name, as TMDB's translations carry them
    (`"name": "日本語", "english_name": "Japanese"`)."""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code, code
    return locale.get_display_name(code) or code, locale.english_name or code


def tmdb_show(
    show_id: int,
    name: str,
    *,
    original_name: str | None = None,
    original_language: str = "ko",
    origin_country: Sequence[str] = ("KR",),
    type: str = "Scripted",
    genre_ids: Sequence[int] = (18,),
    first_air_date: str = "",
    last_air_date: str | None = None,
    status: str = "Ended",
    networks: Sequence[tuple[str, str]] = (),  # (name, origin country)
    seasons: Sequence[tuple[int, str | None, int]] = (),  # (number, air date, episodes)
    cast: Sequence[tuple[int, str, str | None, str | None, int]] = (),
    # cast: (person id, name, original name, character, episodes)
    alternative_titles: Sequence[tuple[str, str]] = (),  # (country, title)
    translations: Sequence[tuple[str, str, str]] = (),  # (language, country, name)
    watch: dict[str, dict[str, Sequence[str]]] | None = None,  # region → offer → services
    imdb_id: str | None = None,
    overview: str = "",
    vote_average: float = 0.0,
    vote_count: int = 0,
    poster_path: str | None = None,
) -> dict[str, Any]:
    """A `tv/{id}` object with every appended response, for tests and benchmarks."""
    return {
        "adult": False,
        "backdrop_path": None,
        "created_by": [],
        "episode_run_time": [],
        "first_air_date": first_air_date,
        "genres": [{"id": g, "name": GENRES.get(g, "Drama")} for g in genre_ids],
        "homepage": "",
        "id": show_id,
        "in_production": status == "Returning Series",
        "languages": [original_language],
        "last_air_date": last_air_date,
        "last_episode_to_air": None,
        "name": name,
        "next_episode_to_air": None,
        "networks": [
            {"id": 1000 + i, "logo_path": None, "name": n, "origin_country": c}
            for i, (n, c) in enumerate(networks)
        ],
        "number_of_episodes": sum(count for _, _, count in seasons),
        "number_of_seasons": len(seasons),
        "origin_country": list(origin_country),
        "original_language": original_language,
        "original_name": original_name or name,
        "overview": overview,
        "popularity": 10.0,
        "poster_path": poster_path,
        "production_companies": [],
        "production_countries": [],
        "seasons": [
            {
                "air_date": air_date,
                "episode_count": count,
                "id": show_id * 100 + number,
                "name": f"Season {number}",
                "overview": "",
                "poster_path": None,
                "season_number": number,
                "vote_average": 0.0,
            }
            for number, air_date, count in seasons
        ],
        "spoken_languages": [],
        "status": status,
        "tagline": "",
        "type": type,
        "vote_average": vote_average,
        "vote_count": vote_count,
        "aggregate_credits": {
            "cast": [
                {
                    "adult": False,
                    "gender": 0,
                    "id": person_id,
                    "known_for_department": "Acting",
                    "name": person,
                    "original_name": original or person,
                    "popularity": 1.0,
                    "profile_path": None,
                    "roles": [
                        {
                            "credit_id": f"{show_id:x}{person_id:x}",
                            "character": character or "",
                            "episode_count": episodes,
                        }
                    ],
                    "total_episode_count": episodes,
                    "order": order,
                }
                for order, (person_id, person, original, character, episodes) in enumerate(cast)
            ],
            "crew": [],
        },
        "alternative_titles": {
            "results": [{"iso_3166_1": c, "title": t, "type": ""} for c, t in alternative_titles]
        },
        "translations": {
            "translations": [
                {
                    "iso_3166_1": country,
                    "iso_639_1": language,
                    "name": language_names(language)[0],
                    "english_name": language_names(language)[1],
                    "data": {"name": title, "overview": "", "homepage": "", "tagline": ""},
                }
                for language, country, title in translations
            ]
        },
        "watch/providers": {
            "results": {
                region: {
                    "link": f"https://www.themoviedb.org/tv/{show_id}/watch?locale={region}",
                    **{
                        offer: [
                            {
                                "logo_path": None,
                                "provider_id": 100 + i,
                                "provider_name": service,
                                "display_priority": i,
                            }
                            for i, service in enumerate(services)
                        ]
                        for offer, services in offers.items()
                    },
                }
                for region, offers in (watch or {}).items()
            }
        },
        "external_ids": {
            "imdb_id": imdb_id,
            "freebase_mid": None,
            "freebase_id": None,
            "tvdb_id": None,
            "tvrage_id": None,
            "wikidata_id": None,
            "facebook_id": None,
            "instagram_id": None,
            "twitter_id": None,
        },
    }
