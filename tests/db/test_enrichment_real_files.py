"""Netflix's real global file (skipped when absent): the kinds it gives and the ones it does not."""

import datetime as dt
from pathlib import Path

import pytest

from core.providers import ProviderRef, ShowRecord
from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from db.enrichment import EnrichmentRepository

GLOBAL = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix" / "all-weeks-global.tsv"
)

pytestmark = pytest.mark.skipif(not GLOBAL.is_file(), reason="real Netflix files not present")


async def test_chart_made_shows_are_films_or_unknown_and_the_glory_is_marked_once_known(
    db: Database,
) -> None:
    await import_netflix_file(db, GLOBAL.read_bytes(), GLOBAL.name)
    kinds = await db.fetchall("SELECT DISTINCT kind FROM shows WHERE origin = 'chart'")
    assert {r[0] for r in kinds} == {"film", "unknown"}
    unsourced = await db.fetchval(
        "SELECT COUNT(*) FROM shows WHERE origin = 'chart' AND kind = 'film' "
        "AND kind_source_id IS NULL"
    )
    assert unsourced == 0
    physical = await db.fetchone("SELECT id, kind FROM shows WHERE title = 'Physical: 100'")
    assert physical is not None and physical["kind"] == "unknown"
    week = dt.date(2023, 1, 8)
    chart = await ChartRepository(db).top(week, "TV (Non-English)")
    assert chart is not None
    glory = chart.entries[0]
    assert glory.show_title == "The Glory" and not glory.is_korean
    record = ShowRecord(
        ref=ProviderRef("tmdb", 136283),
        name="The Glory",
        fetched_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        original_name="더 글로리",
        kind="drama",
        language="ko",
        origin_countries=("KR",),
    )
    await EnrichmentRepository(db).store(glory.show_id, record, "auto")
    chart = await ChartRepository(db).top(week, "TV (Non-English)")
    assert chart is not None and chart.entries[0].is_korean
