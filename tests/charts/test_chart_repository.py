"""Reading lists, movement, Korean highlights, country fallback, histories."""

import datetime as dt

from db.charts import ChartRepository
from db.connection import Database

WEEK = dt.date(2025, 4, 27)


async def test_top_gives_weak_hero_class_2_at_no_1_with_its_figures(charts_db: Database) -> None:
    chart = await ChartRepository(charts_db).top(WEEK, "TV (Non-English)")
    assert chart is not None
    assert (chart.week, chart.category, chart.country_iso2) == (WEEK, "TV (Non-English)", None)
    assert [e.rank for e in chart.entries] == list(range(1, 11))
    first = chart.entries[0]
    assert (first.show_title, first.season_title) == ("Weak Hero", "Weak Hero: Class 2")
    assert (first.hours_viewed, first.views, first.weeks_in_top10) == (34_900_000, 6_100_000, 1)
    assert first.movement == "NEW"
    assert first.is_korean


async def test_movement_against_the_previous_week(charts_db: Database) -> None:
    chart = await ChartRepository(charts_db).top(WEEK, "TV (Non-English)")
    assert chart is not None
    moves = {(e.show_title, e.season_title): e.movement for e in chart.entries}
    assert moves[("The Gardener", "The Gardener: Limited Series")] == "▼1"  # 1 → 2
    assert moves[("The Glass Dome", "The Glass Dome: Limited Series")] == "▼1"  # 2 → 3
    assert moves[("Weak Hero", "Weak Hero: Class 1")] == "▼2"  # 6 → 8
    assert moves[("I Am Not Mendoza", "I Am Not Mendoza: Season 1")] == "NEW"
    later = await ChartRepository(charts_db).top(dt.date(2025, 5, 4), "TV (Non-English)")
    assert later is not None
    assert later.entries[4].movement == "▲3"  # Weak Hero: Class 1, 8 → 5
    earliest = await ChartRepository(charts_db).top(dt.date(2025, 4, 20), "TV (Non-English)")
    assert earliest is not None
    assert {e.movement for e in earliest.entries} == {""}  # the week before is not stored


async def test_korean_flags_follow_the_catalog_country(charts_db: Database) -> None:
    chart = await ChartRepository(charts_db).top(WEEK, "TV (Non-English)")
    assert chart is not None
    korean = {e.show_title for e in chart.entries if e.is_korean}
    assert korean == {"Weak Hero", "Resident Playbook"}


async def test_latest_and_listed_weeks(charts_db: Database) -> None:
    charts = ChartRepository(charts_db)
    assert await charts.latest_week("TV (Non-English)") == dt.date(2025, 5, 4)
    assert await charts.latest_week("Films (English)") is None
    assert await charts.weeks("TV (Non-English)") == [
        dt.date(2025, 5, 4), dt.date(2025, 4, 27), dt.date(2025, 4, 20), dt.date(2021, 7, 4),
    ]  # fmt: skip
    assert await charts.weeks("TV (Non-English)", limit=1) == [dt.date(2025, 5, 4)]
    assert await charts.newest_week() == dt.date(2025, 5, 4)


async def test_country_lists_fall_back_to_their_broad_category(charts_db: Database) -> None:
    charts = ChartRepository(charts_db)
    assert await charts.latest_week("TV (Non-English)", "KR") == WEEK
    chart = await charts.top(WEEK, "TV (Non-English)", "KR")
    assert chart is not None
    assert (chart.category, chart.requested_category) == ("TV", "TV (Non-English)")
    assert (chart.country_iso2, chart.country_name) == ("KR", "South Korea")
    assert chart.entries[0].show_title == "Weak Hero"
    assert chart.entries[0].hours_viewed is None
    assert await charts.weeks("TV (English)", "KR") == [
        WEEK, dt.date(2022, 1, 23), dt.date(2022, 1, 16),
    ]  # fmt: skip
    january = await charts.top(dt.date(2022, 1, 23), "TV", "KR")
    assert january is not None and january.requested_category is None
    assert january.entries[0].movement == "="  # Our Beloved Summer stays No. 1
    # My Mister: 3 weeks in the Top 10 but not in the week before, so back, not new.
    assert january.entries[4].movement == "RETURN"


async def test_missing_lists_are_none(charts_db: Database) -> None:
    charts = ChartRepository(charts_db)
    assert await charts.top(dt.date(2030, 1, 6), "TV (Non-English)") is None
    assert await charts.top(WEEK, "Films (English)") is None
    assert await charts.top(WEEK, "TV (Non-English)", "US") is None
    assert await charts.latest_week("TV (Non-English)", "US") is None


async def test_history_covers_every_season_and_sums_figures(charts_db: Database) -> None:
    weak_hero = await charts_db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    history = await ChartRepository(charts_db).history(weak_hero)
    assert history.country_iso2 is None
    assert len(history.entries) == 5  # Class 1 in three weeks, Class 2 in two
    assert history.weeks == 3
    best = history.best
    assert best is not None and (best.rank, best.week) == (1, WEEK)
    assert history.hours_viewed == 36_800_000 + 12_100_000 + 34_900_000 + 10_500_000 + 9_700_000
    assert history.views == 6_400_000 + 2_200_000 + 6_100_000 + 1_900_000 + 1_800_000
    in_korea = await ChartRepository(charts_db).history(weak_hero, "KR")
    assert [(e.week, e.rank, e.category) for e in in_korea.entries] == [(WEEK, 1, "TV")]
    assert in_korea.hours_viewed is None and in_korea.country_name == "South Korea"


async def test_history_of_a_show_that_never_charted_is_empty(charts_db: Database) -> None:
    vagabond = await charts_db.fetchval("SELECT id FROM shows WHERE slug = 'vagabond'")
    history = await ChartRepository(charts_db).history(vagabond)
    assert history.entries == () and history.best is None and history.weeks == 0
    assert history.hours_viewed is None and history.views is None


async def test_countries_are_found_by_code_or_name(charts_db: Database) -> None:
    charts = ChartRepository(charts_db)
    assert await charts.countries() == [("KR", "South Korea")]
    for text in ("KR", "kr", "South Korea", "south korea", " SOUTH  KOREA ", "Korea", "한국"):
        assert await charts.find_country(text) == "KR", text
    for text in ("", "Atlantis", "US", "USA", "x" * 5000, "'; DROP TABLE chart_country; --"):
        assert await charts.find_country(text) is None, text
