"""Netflix's real published files, when they sit beside the checkout (skipped otherwise)."""

import datetime as dt
from pathlib import Path

import pytest

from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from render.charts import top_embed, week_highlight

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix"
GLOBAL = REAL / "all-weeks-global.tsv"
COUNTRIES = REAL / "all-weeks-countries-2022-01.tsv"

pytestmark = pytest.mark.skipif(not GLOBAL.is_file(), reason="real Netflix files not present")


async def test_the_real_global_file_imports_and_shows_weak_hero_at_no_1(db: Database) -> None:
    raw = GLOBAL.read_bytes()
    result = await import_netflix_file(db, raw, GLOBAL.name)
    assert result.kind == "global" and result.rows == len(raw.splitlines()) - 1
    chart = await ChartRepository(db).top(dt.date(2025, 4, 27), "TV (Non-English)")
    assert chart is not None
    first = chart.entries[0]
    assert (first.show_title, first.season_title) == ("Weak Hero", "Weak Hero: Class 2")
    assert (first.hours_viewed, first.views) == (34_900_000, 6_100_000)
    assert first.is_korean
    embed = top_embed(chart, headline=week_highlight(chart))
    assert "**Weak Hero** (Class 2) 🇰🇷" in (embed.description or "")
    again = await import_netflix_file(db, raw, GLOBAL.name)
    assert again.rows_written == 0 and again.weeks_changed == ()


@pytest.mark.skipif(not COUNTRIES.is_file(), reason="real country file not present")
async def test_the_real_country_file_imports_with_its_broad_categories(db: Database) -> None:
    raw = COUNTRIES.read_bytes()
    result = await import_netflix_file(db, raw, COUNTRIES.name)
    assert result.kind == "countries" and result.rows == len(raw.splitlines()) - 1
    assert result.countries > 90
    charts = ChartRepository(db)
    # The early file has only TV and Films: asking for TV (Non-English) gives the TV list.
    chart = await charts.top(dt.date(2022, 1, 23), "TV (Non-English)", "KR")
    assert chart is not None and chart.category == "TV" and len(chart.entries) == 10
    assert chart.requested_category == "TV (Non-English)"
    again = await import_netflix_file(db, raw, COUNTRIES.name)
    assert again.rows_written == 0
