"""Provider records for the store's tests: shapes as the provider clients build them."""

from __future__ import annotations

import datetime as dt

from core.providers import (
    AltTitle,
    CastCredit,
    Episode,
    Network,
    ProviderRef,
    SeasonInfo,
    ShowRecord,
    WatchOffer,
)
from db.connection import Database

FETCHED = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def glory_tvmaze(fetched_at: dt.datetime = FETCHED) -> ShowRecord:
    """As TVmaze gives a Netflix original: no network, a web channel without country,
    Korean as the language; no Hangul names."""
    return ShowRecord(
        ref=ProviderRef("tvmaze", 61390),
        name="The Glory",
        fetched_at=fetched_at,
        url="https://www.tvmaze.com/shows/61390/the-glory",
        kind="drama",
        genres=("Drama", "Thriller"),
        language="ko",
        status="Ended",
        premiered="2022-12-30",
        ended="2023-03-10",
        networks=(Network("Netflix", None, True),),
        seasons=(SeasonInfo(1, "Part 1", 16, "2022-12-30", "2023-03-10"),),
        episodes=(
            Episode(1, 1, "Episode 1", "2022-12-30", "2022-12-30T17:00:00+09:00", 50),
            Episode(1, 2, "Episode 2", "2022-12-30", "2022-12-30T17:00:00+09:00", 52),
        ),
        overview="A woman plans revenge on the bullies of her school days.",
        rating=8.1,
        rating_votes=None,
        poster_url="https://static.tvmaze.com/uploads/images/original_untouched/1.jpg",
        cast=(
            CastCredit(ProviderRef("tvmaze", 18201), "Song Hye-kyo", None, "Moon Dong-eun", 0),
            CastCredit(ProviderRef("tvmaze", 18202), "Lee Do-hyun", None, "Joo Yeo-jeong", 1),
        ),
        alt_titles=(AltTitle("더 글로리", "KR"),),
        external_ids=(("imdb", "tt21344706"),),
    )


def glory_tmdb(fetched_at: dt.datetime = FETCHED) -> ShowRecord:
    return ShowRecord(
        ref=ProviderRef("tmdb", 136283),
        name="The Glory",
        fetched_at=fetched_at,
        url="https://www.themoviedb.org/tv/136283",
        original_name="더 글로리",
        kind="drama",
        genres=("Drama", "Mystery"),
        language="ko",
        origin_countries=("KR",),
        premiered="2022-12-30",
        networks=(Network("Netflix", None, True),),
        rating=8.4,
        rating_votes=1834,
        cast=(
            CastCredit(ProviderRef("tmdb", 1250), "Song Hye-kyo", "송혜교", "Moon Dong-eun", 0, 16),
            CastCredit(ProviderRef("tmdb", 1251), "Lee Do-hyun", "이도현", "Joo Yeo-jeong", 1, 16),
        ),
        watch=(
            WatchOffer("KR", "Netflix", "flatrate", "https://www.themoviedb.org/tv/136283/watch"),
            WatchOffer("US", "Netflix", "flatrate", "https://www.themoviedb.org/tv/136283/watch"),
        ),
    )


def reality(ref: ProviderRef, name: str, fetched_at: dt.datetime = FETCHED) -> ShowRecord:
    return ShowRecord(ref=ref, name=name, fetched_at=fetched_at, kind="reality", language="ko")


async def chart_show(db: Database, title: str, *, film: bool = False) -> int:
    """A chart-made show as the importer creates it, linked to its chart title."""
    async with db.transaction() as conn:
        async with conn.execute(
            "INSERT INTO shows (slug, title, kind, origin) VALUES (?, ?, ?, 'chart') RETURNING id",
            ("chart-" + title.lower().replace(" ", "-"), title, "film" if film else "unknown"),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        await conn.execute(
            "INSERT INTO chart_titles (show_title, season_title, is_film, show_id) "
            "VALUES (?, '', ?, ?)",
            (title, int(film), row[0]),
        )
    return int(row[0])


async def counts(db: Database) -> dict[str, int]:
    tables = (
        "shows", "people", "credits", "aliases", "sources", "provider_shows", "provider_cast",
        "provider_episodes", "provider_genres", "watch_offers", "person_provider_ids",
    )  # fmt: skip
    return {t: int(await db.fetchval(f"SELECT COUNT(*) FROM {t}")) for t in tables}
