"""A store holding real shows as the /show card meets them: Weak Hero (curated, Netflix's
real weeks, TMDB's cast and where to watch), Squid Game (curated), Physical: 100 (known
only from Netflix's real chart rows) and Parasite (a film brought in by a provider)."""

from __future__ import annotations

import datetime as dt

from core.providers import Network, ProviderRef, SeasonInfo, ShowRecord
from db.chart_import import import_netflix_file
from db.connection import Database
from db.enrichment import EnrichmentRepository
from tests.charts.conftest import GLOBAL_HEADER, import_fixtures, tsv
from tests.e2e.test_show_card_e2e import weak_hero_tmdb

FETCHED = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
# Netflix's real rows for Physical: 100's two seasons.
PHYSICAL_100_ROWS = [
    ("2023-02-12", "TV (Non-English)", "1", "Physical: 100", "Physical: 100: Season 1",
     "52380000", "", "", "2"),
    ("2024-03-24", "TV (Non-English)", "2", "Physical: 100", "Physical: 100: Season 2",
     "30500000", "", "", "1"),
]  # fmt: skip
SHOWS = ("Weak Hero", "Squid Game", "Physical: 100", "Parasite")


def weak_hero_tvmaze() -> ShowRecord:
    """TVmaze's view: its status, network and seasons (Class 1 and Class 2)."""
    return ShowRecord(
        ref=ProviderRef("tvmaze", 63041),
        name="Weak Hero",
        fetched_at=FETCHED,
        url="https://www.tvmaze.com/shows/63041/weak-hero",
        kind="drama",
        genres=("Drama", "Action", "Crime"),
        language="ko",
        origin_countries=("KR",),
        status="Ended",
        premiered="2022-11-18",
        networks=(Network("Wavve", "KR", True),),
        seasons=(
            SeasonInfo(1, "Weak Hero Class 1", 8, "2022-11-18", "2022-11-18"),
            SeasonInfo(2, "Weak Hero Class 2", 8, "2025-04-25", "2025-04-25"),
        ),
    )


def parasite_tmdb() -> ShowRecord:
    """Bong Joon-ho's film, as TMDB describes it (no rating: none is claimed here)."""
    return ShowRecord(
        ref=ProviderRef("tmdb", 496243),
        name="Parasite",
        original_name="기생충",
        fetched_at=FETCHED,
        url="https://www.themoviedb.org/movie/496243",
        kind="film",
        genres=("Comedy", "Thriller", "Drama"),
        language="ko",
        origin_countries=("KR",),
        status="Released",
        premiered="2019-05-30",
    )


async def build_store(db: Database) -> dict[str, int]:
    """The four shows' ids by title."""
    await import_fixtures(db)  # Weak Hero's real weeks, and the country lists
    store = EnrichmentRepository(db)
    weak_hero = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    await store.store(weak_hero, weak_hero_tmdb(), "auto")
    await store.store(weak_hero, weak_hero_tvmaze(), "auto")
    parasite, _ = await store.store_new(parasite_tmdb())
    await import_netflix_file(db, tsv(GLOBAL_HEADER, PHYSICAL_100_ROWS), "physical-100.tsv")
    ids = {
        "Weak Hero": weak_hero,
        "Squid Game": await db.fetchval("SELECT id FROM shows WHERE slug = 'squid-game'"),
        "Physical: 100": await db.fetchval(
            "SELECT show_id FROM chart_titles WHERE show_title = 'Physical: 100' LIMIT 1"
        ),
        "Parasite": parasite,
    }
    assert all(isinstance(show_id, int) for show_id in ids.values()), ids
    return ids
