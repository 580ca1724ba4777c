"""What the enrichment job reads and writes: backlog, attempts, review, the owner's links."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.providers import PROVIDERS, AltTitle, Candidate, ProviderRef
from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from db.enrichment import DecisionConflict, EnrichmentRepository, RefTaken, UnknownTitle
from render.charts import top_embed
from tests.charts.conftest import TV, country_file, global_file, import_fixtures
from tests.db.records import glory_tvmaze, reality

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


async def _show(db: Database, title: str) -> int:
    value = await db.fetchval(
        "SELECT show_id FROM chart_titles WHERE show_title = ? ORDER BY id LIMIT 1", (title,)
    )
    assert value is not None, title
    return int(value)


async def test_backlog_is_newest_charting_then_highest_charting_first(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    targets = await repo.backlog(50, "tvmaze", now=NOW)
    titles = [t.title for t in targets]
    # Week ending 2025-05-04 first, by best rank ever; Weak Hero (curated) reached No. 1.
    assert titles[:4] == ["Weak Hero", "The Eternaut", "The Gardener", "The Glass Dome"]
    weeks = [t.last_week for t in targets if t.last_week]
    assert weeks == sorted(weeks, reverse=True)
    # A title only in South Korea's list is there too, with that list's week.
    summer = next(t for t in targets if t.title == "Our Beloved Summer")
    assert summer.last_week == dt.date(2022, 1, 23) and summer.best_rank == 1
    assert summer.chart_titles == ("Our Beloved Summer",) and summer.categories == ("TV",)
    eternaut = next(t for t in targets if t.title == "The Eternaut")
    assert eternaut.first_week == dt.date(2025, 5, 4) and eternaut.categories == (TV,)
    # Curated shows that never charted come last.
    assert targets[-1].last_week is None and targets[-1].origin == "catalog"


async def test_films_are_left_out_unless_asked(db: Database) -> None:
    rows = [("2024-01-07", "Films (English)", "1", "Made-up Film", "N/A", "1", "1.5", "1", "1")]
    await import_netflix_file(db, global_file(rows), "g.tsv")
    repo = EnrichmentRepository(db)
    assert "Made-up Film" not in [t.title for t in await repo.backlog(100, "tmdb", now=NOW)]
    films = [t for t in await repo.backlog(100, "tmdb", now=NOW, films=True) if t.is_film]
    assert [t.title for t in films] == ["Made-up Film"]


async def test_stored_shows_leave_the_backlog_until_stale(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    eternaut = await _show(db, "The Eternaut")
    fetched = NOW - dt.timedelta(days=100)
    await repo.store(eternaut, reality(ProviderRef("tmdb", 1), "The Eternaut", fetched), "auto")
    assert eternaut not in [t.show_id for t in await repo.backlog(100, "tmdb", now=NOW)]
    # Another provider still wants it.
    assert eternaut in [t.show_id for t in await repo.backlog(100, "tvmaze", now=NOW)]
    # TMDB data is refreshed well before its six-month cache limit.
    later = NOW + dt.timedelta(days=60)
    stale = [t for t in await repo.backlog(100, "tmdb", now=later) if t.show_id == eternaut]
    assert stale and stale[0].stored == ProviderRef("tmdb", 1)
    assert stale[0].fetched_at == fetched and stale[0].matched_by == "auto"
    cut = await repo.backlog(100, "tmdb", fetched - dt.timedelta(days=1), now=NOW)
    assert eternaut not in [t.show_id for t in cut]


async def test_a_failed_attempt_waits_for_its_retry_time(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    gardener = await _show(db, "The Gardener")
    retry = NOW + dt.timedelta(hours=6)
    await repo.record_attempt(gardener, "tvmaze", "failed", (), "timeout", retry, now=NOW)
    await repo.record_attempt(gardener, "tvmaze", "failed", (), "timeout", retry, now=NOW)
    assert gardener not in [t.show_id for t in await repo.backlog(100, "tvmaze", now=NOW)]
    later = await repo.backlog(100, "tvmaze", now=retry)
    target = next(t for t in later if t.show_id == gardener)
    assert (target.status, target.attempts) == ("failed", 2)
    counts = {(c.provider, c.status): c.shows for c in await repo.counts()}
    assert counts == {("tvmaze", "failed"): 1}


async def test_review_lists_undecided_titles_with_their_candidates(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    gardener = await _show(db, "The Gardener")
    candidates = (
        Candidate(ProviderRef("tvmaze", 80001), "The Gardener", None, ("El jardinero",), "es"),
        Candidate(ProviderRef("tvmaze", 12), "The Gardener", language="en", premiered="2012-01-01"),
    )
    await repo.record_attempt(gardener, "tvmaze", "ambiguous", candidates, "two alike", now=NOW)
    items = await repo.review()
    assert [(i.title, i.status, i.reason) for i in items] == [
        ("The Gardener", "ambiguous", "two alike")
    ]
    assert items[0].candidates == candidates
    await repo.link("The Gardener", ProviderRef("tvmaze", 80001), now=NOW)
    assert await repo.review() == []


async def test_a_link_persists_across_reimports_and_the_job_cannot_override_it(
    db: Database,
) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    summer = await _show(db, "Our Beloved Summer")
    chosen = ProviderRef("tvmaze", 41234)
    result = await repo.link("our beloved summer", chosen, now=NOW)  # folded spelling works
    assert result.title == "Our Beloved Summer" and result.show_ids == (summer,)
    await import_fixtures(db)
    await import_netflix_file(db, country_file(), "again.tsv")
    target = next(t for t in await repo.backlog(100, "tvmaze", now=NOW) if t.show_id == summer)
    assert target.decided == chosen
    with pytest.raises(DecisionConflict, match="tvmaze:41234"):
        await repo.store(summer, reality(ProviderRef("tvmaze", 5), "Summer"), "auto")
    await repo.store(summer, reality(chosen, "Our Beloved Summer"), "auto")
    assert (await repo.refs(summer)) == {"tvmaze": chosen}
    matched = await db.fetchval(
        "SELECT matched_by FROM provider_shows WHERE show_id = ?", (summer,)
    )
    assert matched == "manual"
    assert summer not in [t.show_id for t in await repo.backlog(100, "tvmaze", now=NOW)]
    # "none" drops what was stored and keeps the job away, for every provider.
    await repo.link("Our Beloved Summer", None, now=NOW)
    assert await repo.refs(summer) == {}
    for provider in PROVIDERS:
        ids = [t.show_id for t in await repo.backlog(100, provider, now=NOW)]
        assert summer not in ids
    decisions = await repo.decisions()
    assert {(d.title, d.provider, d.ref) for d in decisions} == {
        ("Our Beloved Summer", "tvmaze", None),
        ("Our Beloved Summer", "tmdb", None),
    }


async def test_link_refuses_unknown_titles_and_taken_refs(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    with pytest.raises(UnknownTitle, match="catalog review"):
        await repo.link("No Such Show @everyone'; DROP TABLE shows;--", None)
    with pytest.raises(UnknownTitle):
        await repo.link("   ", None)
    with pytest.raises(UnknownTitle) as long:
        await repo.link("약" * 10_000, None)
    assert len(str(long.value)) < 200
    await repo.store(await _show(db, "Karma"), reality(ProviderRef("tvmaze", 7), "Karma"), "auto")
    with pytest.raises(RefTaken, match="Karma"):
        await repo.link("Project UFO", ProviderRef("tvmaze", 7))
    assert await repo.decisions() == []


async def test_a_korean_record_marks_the_chart_entry(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    charts = ChartRepository(db)
    week = dt.date(2025, 5, 4)
    chart = await charts.top(week, TV)
    assert chart is not None
    glass = next(e for e in chart.entries if e.show_title == "The Glass Dome")
    assert not glass.is_korean  # origin unknown: never marked
    glory = dataclasses.replace(glory_tvmaze(), name="The Glass Dome")
    await repo.store(glass.show_id, glory, "auto")
    chart = await charts.top(week, TV)
    assert chart is not None
    assert next(e for e in chart.entries if e.show_title == "The Glass Dome").is_korean
    spanish = dataclasses.replace(
        reality(ProviderRef("tmdb", 8), "The Gardener"), language="es", origin_countries=("ES",)
    )
    await repo.store(await _show(db, "The Gardener"), spanish, "auto")
    chart = await charts.top(week, TV)
    assert chart is not None
    assert not next(e for e in chart.entries if e.show_title == "The Gardener").is_korean


async def test_the_footer_explains_the_mark_only_when_a_title_carries_it(db: Database) -> None:
    await import_fixtures(db)
    charts = ChartRepository(db)
    week = dt.date(2021, 7, 4)  # Elite, The Seven Deadly Sins, …: none known to be Korean
    chart = await charts.top(week, TV)
    assert chart is not None and not any(e.is_korean for e in chart.entries)
    assert "🇰🇷" not in (top_embed(chart).footer.text or "")
    lupin = next(e for e in chart.entries if e.show_title == "Lupin")
    korean = dataclasses.replace(glory_tvmaze(), name="Lupin")  # a Korean record, for the test
    await EnrichmentRepository(db).store(lupin.show_id, korean, "auto")
    chart = await charts.top(week, TV)
    assert chart is not None
    assert "🇰🇷 Korean title" in (top_embed(chart).footer.text or "")


async def test_a_provider_alias_never_decides_which_show_a_chart_title_is(db: Database) -> None:
    await import_fixtures(db)
    repo = EnrichmentRepository(db)
    karma = await _show(db, "Karma")
    record = dataclasses.replace(
        reality(ProviderRef("tmdb", 9), "Karma"), alt_titles=(AltTitle("Made-up Other Show"),)
    )
    await repo.store(karma, record, "auto")
    rows = [("2025-05-11", TV, "1", "Made-up Other Show", "", "1", "1", "1", "1")]
    await import_netflix_file(db, global_file(rows), "later.tsv")
    assert await _show(db, "Made-up Other Show") != karma


async def test_link_by_a_folded_spelling_finds_the_series(db: Database) -> None:
    rows = [
        ("2025-05-11", TV, "1", "Made-up: Twin", "", "1", "1", "1", "1"),
        ("2025-05-11", TV, "2", "Made-up Twin", "", "1", "1", "1", "1"),
        ("2025-05-11", "Films (English)", "1", "Made-up Twin!", "", "1", "1", "1", "1"),
    ]
    await import_netflix_file(db, global_file(rows), "twins.tsv")
    repo = EnrichmentRepository(db)
    series = await _show(db, "Made-up Twin")
    # Two spellings of the one series, and a film: providers list series, so the series.
    result = await repo.link("made up twin", None)
    assert result.show_ids == (series,)
    assert result.title in ("Made-up: Twin", "Made-up Twin")
