"""The enrichment job over a store of real chart titles, against the fake TVmaze."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.providers import ProviderRef
from db.connection import Database
from db.enrichment import EnrichmentRepository
from providers import TmdbClient, TvmazeClient
from services.enrich import EnrichJob
from tests.enrich.conftest import KNOWN, import_chart
from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb
from tests.fakeproviders.tvmaze import FakeTvmaze, tvmaze_show


async def show_row(db: Database, title: str) -> dict[str, object]:
    row = await db.fetchone("SELECT * FROM shows WHERE title = ?", (title,))
    assert row is not None, title
    return dict(row)


async def cast_names(db: Database, show_id: object) -> list[str]:
    rows = await db.fetchall(
        "SELECT p.name FROM credits c JOIN people p ON p.id = c.person_id "
        "WHERE c.show_id = ? ORDER BY c.billing",
        (show_id,),
    )
    return [r["name"] for r in rows]


async def all_shows(db: Database) -> int:
    """Curated and chart-made alike: every show without provider data is in the backlog."""
    return int(await db.fetchval("SELECT COUNT(*) FROM shows"))


async def duplicates(db: Database) -> dict[str, int]:
    """Rows that would be there twice if a run wrote a show or a person again."""
    queries = {
        "people": "SELECT name FROM people GROUP BY name, origin HAVING COUNT(*) > 1",
        "credits": "SELECT 1 FROM credits GROUP BY person_id, show_id, season_id, character, "
        "source_id HAVING COUNT(*) > 1",
        "shows": "SELECT title FROM shows GROUP BY title, kind HAVING COUNT(*) > 1",
        "provider shows": "SELECT 1 FROM provider_shows GROUP BY show_id, provider "
        "HAVING COUNT(*) > 1",
        "aliases": "SELECT 1 FROM aliases GROUP BY show_id, normalized HAVING COUNT(*) > 1",
    }
    return {name: len(await db.fetchall(sql)) for name, sql in queries.items()}


async def test_job_enriches_the_known_titles_and_records_the_rest(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    notices = 0

    async def notify() -> None:
        nonlocal notices
        notices += 1

    summary = await EnrichJob(chart_db, [tvmaze], notify=notify).run()

    assert summary.count("matched") == len(KNOWN)
    assert summary.total == await all_shows(chart_db)
    assert summary.count("failed") == 0
    assert summary.requests == len(fake_tvmaze.requests) > 0
    assert notices >= 1  # the data generation moved on
    glory = await show_row(chart_db, "The Glory")
    assert (glory["country"], glory["kind"]) == ("KR", "drama")
    assert "Song Hye-kyo" in await cast_names(chart_db, glory["id"])
    physical = await show_row(chart_db, "Physical: 100")
    assert physical["kind"] == "reality"
    # A title the provider does not know is never given a kind or a country.
    reina = await show_row(chart_db, "La Reina del Sur")
    assert (reina["kind"], reina["country"]) == ("unknown", None)
    states = await chart_db.fetchall("SELECT status, retry_after FROM match_state")
    assert len(states) == await all_shows(chart_db)
    assert all(s["retry_after"] for s in states if s["status"] != "matched")
    # One request per show for the fetch (cast, akas, seasons, episodes embedded).
    assert len(fake_tvmaze.calls("/shows/")) == len(KNOWN)


async def test_second_run_has_nothing_to_do_and_a_refresh_duplicates_nothing(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    await EnrichJob(chart_db, [tvmaze]).run()
    counts = {
        table: await chart_db.fetchval(f"SELECT COUNT(*) FROM {table}")
        for table in ("shows", "people", "credits", "provider_shows", "aliases")
    }
    again = await EnrichJob(chart_db, [tvmaze]).run()
    assert again.total == 0 and again.requests == 0

    # Months later every stored show is stale and every retry time has passed.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)
    refreshed = await EnrichJob(chart_db, [tvmaze], clock=lambda: later).run()
    assert refreshed.count("matched") == len(KNOWN)
    assert await duplicates(chart_db) == dict.fromkeys(
        ("people", "credits", "shows", "provider shows", "aliases"), 0
    )
    for table, before in counts.items():
        assert await chart_db.fetchval(f"SELECT COUNT(*) FROM {table}") == before


async def test_interrupted_run_resumes_where_it_stopped(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    first = EnrichJob(chart_db, [tvmaze], workers=1)
    seen: list[str] = []
    stop = asyncio.Event()

    def progress(provider: str, outcome: str) -> None:
        seen.append(outcome)
        if len(seen) == 3:
            stop.set()

    run = asyncio.create_task(first.run(progress=progress))
    await stop.wait()
    run.cancel()  # a shutdown or a crash mid-run
    with pytest.raises(asyncio.CancelledError):
        await run
    total = await all_shows(chart_db)
    settled = await chart_db.fetchval("SELECT COUNT(*) FROM match_state")
    assert 3 <= settled < total

    rest = await EnrichJob(chart_db, [tvmaze]).run()
    assert rest.total == total - settled
    assert await chart_db.fetchval("SELECT COUNT(*) FROM match_state") == total
    assert await chart_db.fetchval("SELECT COUNT(*) FROM provider_shows") == len(KNOWN)
    # Only the title in flight when the run stopped is searched again.
    searched = [r.param("q") for r in fake_tvmaze.calls("/search/shows")]
    assert len(set(searched)) == total
    assert len(searched) - total <= 1


async def test_newest_and_highest_charting_titles_go_first(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    await EnrichJob(chart_db, [tvmaze], workers=1).run(limit=2)
    searched = [r.param("q") for r in fake_tvmaze.calls("/search/shows")]
    # Physical: 100 charted last (2023-02-12); then the week of 2023-01-08's No. 1.
    assert searched == ["Physical: 100", "The Glory"]


async def test_manual_decisions_persist_across_a_reimport(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    # Netflix's English title; TVmaze lists it under its Japanese name only.
    fake_tvmaze.add_show(
        tvmaze_show(
            70002,
            "Imawa no Kuni no Alice",
            language="Japanese",
            premiered="2020-12-10",
            web_channel="Netflix",
        )
    )
    store = EnrichmentRepository(chart_db)
    await store.link("Alice in Borderland", ProviderRef("tvmaze", 70002))
    await store.link("Single’s Inferno", None)
    await import_chart(chart_db)  # the same week again: links and decisions stay

    summary = await EnrichJob(chart_db, [tvmaze]).run()

    alice = await show_row(chart_db, "Alice in Borderland")
    held = await chart_db.fetchone(
        "SELECT provider_id, matched_by FROM provider_shows WHERE show_id = ?", (alice["id"],)
    )
    assert held is not None and (held["provider_id"], held["matched_by"]) == (70002, "manual")
    inferno = await show_row(chart_db, "Single’s Inferno")
    assert (
        await chart_db.fetchval(
            "SELECT COUNT(*) FROM provider_shows WHERE show_id = ?", (inferno["id"],)
        )
        == 0
    )
    assert summary.count("matched") == len(KNOWN)  # Alice in, Single's Inferno out
    # The owner's pick is fetched directly, never searched for.
    assert "Alice in Borderland" not in [r.param("q") for r in fake_tvmaze.calls("/search/")]


async def test_both_providers_side_by_side(
    chart_db: Database,
    tvmaze: TvmazeClient,
    fake_tvmaze: FakeTvmaze,
    fake_tmdb: FakeTmdb,
) -> None:
    tmdb = TmdbClient(TEST_TOKEN, fake_tmdb.url, calls=1000, period=1.0)
    try:
        summary = await EnrichJob(chart_db, [tvmaze, tmdb]).run()
    finally:
        await tmdb.close()
    assert set(summary.providers) == {"tvmaze", "tmdb"}
    # TMDB's search results carry no networks, so the curated Squid Game (no chart week
    # to date it) stays for review there; the three chart titles are matched.
    assert summary.providers["tmdb"].counts["matched"] == 3
    # One request per show at TMDB: the details with everything appended.
    assert len(fake_tmdb.calls("/tv/")) == 3
    glory = await show_row(chart_db, "The Glory")
    refs = await EnrichmentRepository(chart_db).refs(int(str(glory["id"])))
    assert set(refs) == {"tvmaze", "tmdb"}
    assert await duplicates(chart_db) == dict.fromkeys(
        ("people", "credits", "shows", "provider shows", "aliases"), 0
    )
    # The two providers' casts are one set of people, not two.
    people = await chart_db.fetchval("SELECT COUNT(*) FROM people WHERE name = 'Song Hye-kyo'")
    assert people == 1
