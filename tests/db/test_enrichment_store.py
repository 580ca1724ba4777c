"""Storing provider records: one transaction, idempotent, curated facts win, every fact sourced."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from core.providers import CastCredit, PersonRecord, ProviderRef, WatchOffer
from db.catalog import CatalogRepository
from db.catalog_loader import load_seed
from db.connection import Database
from db.enrichment import TMDB_MAX_AGE, EnrichmentRepository, RefTaken, UnknownShow
from tests.db.records import FETCHED, chart_show, counts, glory_tmdb, glory_tvmaze, reality


async def _facts(db: Database, show_id: int) -> dict[str, object]:
    row = await db.fetchone(
        "SELECT s.kind, k.key AS kind_by, s.country, c.key AS country_by, s.title_ko, "
        "t.key AS title_ko_by, s.language, l.key AS language_by, s.premiered FROM shows s "
        "LEFT JOIN sources k ON k.id = s.kind_source_id "
        "LEFT JOIN sources c ON c.id = s.country_source_id "
        "LEFT JOIN sources t ON t.id = s.title_ko_source_id "
        "LEFT JOIN sources l ON l.id = s.language_source_id WHERE s.id = ?",
        (show_id,),
    )
    assert row is not None
    return dict(row)


async def test_a_record_fills_a_chart_show_with_sourced_facts(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    assert (await _facts(db, show_id))["kind"] == "unknown"
    assert await repo.store(show_id, glory_tvmaze(), "auto") is True
    facts = await _facts(db, show_id)
    assert facts["kind"] == "drama" and facts["kind_by"] == "tvmaze:61390"
    # No origin list, a streaming channel without country, Korean language: Korean.
    assert facts["country"] == "KR" and facts["country_by"] == "tvmaze:61390"
    assert facts["title_ko"] == "더 글로리" and facts["premiered"] == "2022-12-30"
    source = await db.fetchone("SELECT * FROM sources WHERE key = 'tvmaze:61390'")
    assert source is not None
    assert source["provider"] == "tvmaze" and source["publisher"] == "TVmaze"
    assert source["fetched_at"].startswith("2026-11-01T12:00")
    assert source["url"] == "https://www.tvmaze.com/shows/61390/the-glory"
    # Cast as people and credits, with the provider as the credit's source.
    credits = await db.fetchall(
        "SELECT p.name, c.character, s.key FROM credits c JOIN people p ON p.id = c.person_id "
        "JOIN sources s ON s.id = c.source_id WHERE c.show_id = ? ORDER BY c.billing",
        (show_id,),
    )
    assert [tuple(r) for r in credits] == [
        ("Song Hye-kyo", "Moon Dong-eun", "tvmaze:61390"),
        ("Lee Do-hyun", "Joo Yeo-jeong", "tvmaze:61390"),
    ]
    # Alternative titles reach the title index.
    index = await CatalogRepository(db).title_index()
    assert index.search("더 글로리")[0].show.id == show_id


async def test_each_fact_keeps_the_provider_preferred_for_it(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    await repo.store(show_id, glory_tmdb(), "auto")
    facts = await _facts(db, show_id)
    # TVmaze's type for the kind; TMDB's stated origin and original title.
    assert facts["kind_by"] == "tvmaze:61390"
    assert facts["country_by"] == "tmdb:136283"
    assert facts["title_ko_by"] == "tmdb:136283"
    assert facts["language_by"] == "tmdb:136283"
    # One person per actor across both providers (same folded name, no conflicting Hangul).
    people = await db.fetchall(
        "SELECT p.name, p.name_ko, COUNT(x.provider) AS ids FROM people p "
        "JOIN person_provider_ids x ON x.person_id = p.id GROUP BY p.id ORDER BY p.name"
    )
    assert [tuple(r) for r in people] == [
        ("Lee Do-hyun", "이도현", 2),
        ("Song Hye-kyo", "송혜교", 2),
    ]


async def test_storing_twice_changes_nothing(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    await repo.store(show_id, glory_tmdb(), "auto")
    before = await counts(db)
    changes = await db.fetchval("SELECT total_changes()")
    assert await repo.store(show_id, glory_tvmaze(), "auto") is False
    assert await repo.store(show_id, glory_tmdb(), "auto") is False
    assert await db.fetchval("SELECT total_changes()") == changes
    # A second run a day later with the same facts: only the fetch dates move.
    later = FETCHED + dt.timedelta(days=1)
    assert await repo.store(show_id, glory_tvmaze(later), "auto") is True
    assert await counts(db) == before
    fetched = await db.fetchval("SELECT fetched_at FROM provider_shows WHERE provider = 'tvmaze'")
    assert dt.datetime.fromisoformat(fetched) == later


async def test_two_runs_over_shows_sharing_cast_make_no_duplicates(db: Database) -> None:
    repo = EnrichmentRepository(db)
    first = await chart_show(db, "The Glory")
    second = await chart_show(db, "The Glory Two")
    sequel = dataclasses.replace(
        glory_tvmaze(), ref=ProviderRef("tvmaze", 99), name="The Glory Two"
    )
    for _ in range(2):
        await repo.store(first, glory_tvmaze(FETCHED + dt.timedelta(hours=_)), "auto")
        await repo.store(second, sequel, "auto")
    assert await db.fetchval("SELECT COUNT(*) FROM people WHERE origin = 'provider'") == 2
    provider_credits = (
        "SELECT COUNT(*) FROM credits WHERE source_id IN "
        "(SELECT id FROM sources WHERE provider IS NOT NULL)"
    )
    assert await db.fetchval(provider_credits) == 4
    assert await db.fetchval("SELECT COUNT(*) FROM shows WHERE origin = 'chart'") == 2


async def test_a_newer_fetch_replaces_that_providers_rows(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    newer = dataclasses.replace(
        glory_tvmaze(FETCHED + dt.timedelta(days=40)),
        genres=("Drama",),
        cast=(CastCredit(ProviderRef("tvmaze", 18201), "Song Hye-kyo", None, "Dong-eun", 0),),
        episodes=(),
    )
    assert await repo.store(show_id, newer, "auto") is True
    assert await repo.record(show_id, "tvmaze") == newer
    # The actor no longer in the cast was only the provider's: forgotten, not left dangling.
    names = await db.fetchall("SELECT name FROM people WHERE origin = 'provider'")
    assert [r[0] for r in names] == ["Song Hye-kyo"]
    assert await db.fetchval("SELECT COUNT(*) FROM provider_episodes") == 0


async def test_curated_facts_win_and_both_stay_traceable(db: Database) -> None:
    await load_seed(db)
    repo = EnrichmentRepository(db)
    squid = await db.fetchval("SELECT id FROM shows WHERE slug = 'squid-game'")
    record = dataclasses.replace(
        reality(ProviderRef("tmdb", 93405), "Squid Game"),
        origin_countries=("US",),
        original_name="오징어 게임 다른",
    )
    await repo.store(squid, record, "auto")
    facts = await _facts(db, squid)
    assert facts["kind"] == "drama" and facts["kind_by"] is None
    assert facts["country"] == "KR" and facts["country_by"] is None
    assert facts["title_ko"] == "오징어 게임" and facts["title_ko_by"] is None
    # The provider's own statement is kept with its source.
    said = await db.fetchone(
        "SELECT ps.kind, ps.origin_country, s.key FROM provider_shows ps "
        "JOIN sources s ON s.id = ps.source_id WHERE ps.show_id = ?",
        (squid,),
    )
    assert said is not None and tuple(said) == ("reality", "US", "tmdb:93405")
    # Reloading the curated catalog keeps the provider's data and the curated facts.
    await db.raw.execute("DELETE FROM meta WHERE key = 'seed_sha256'")
    await load_seed(db)
    assert (await _facts(db, squid))["kind"] == "drama"
    assert await repo.record(squid, "tmdb") == record


async def test_a_curated_person_is_linked_not_duplicated(db: Database) -> None:
    await load_seed(db)
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "Made-up Show")
    record = dataclasses.replace(
        reality(ProviderRef("tmdb", 5), "Made-up Show"),
        cast=(CastCredit(ProviderRef("tmdb", 77), "PARK JI-HOON", "박지훈", "Host", 0),),
    )
    await repo.store(show_id, record, "auto")
    person = await CatalogRepository(db).find_people("Park Ji-hoon")
    assert len(person) == 1
    details = await CatalogRepository(db).person(person[0].id)
    assert details is not None
    assert "Made-up Show" in [r.show_title for r in details.roles]


async def test_a_namesake_with_another_hangul_name_is_another_person(db: Database) -> None:
    await load_seed(db)
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "Made-up Show")
    record = dataclasses.replace(
        reality(ProviderRef("tmdb", 5), "Made-up Show"),
        cast=(CastCredit(ProviderRef("tmdb", 78), "Park Ji-hoon", "박지헌", None, 0),),
    )
    await repo.store(show_id, record, "auto")
    rows = await db.fetchall("SELECT name_ko FROM people WHERE name = 'Park Ji-hoon' ORDER BY id")
    assert [r[0] for r in rows] == ["박지훈", "박지헌"]


async def test_a_failing_record_writes_nothing(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    before = await counts(db)
    facts = await _facts(db, show_id)
    bad_offer = WatchOffer("KR", "Netflix", "stream")  # type: ignore[arg-type]
    broken = dataclasses.replace(
        glory_tvmaze(FETCHED + dt.timedelta(days=1)), kind="reality", watch=(bad_offer,)
    )
    with pytest.raises(sqlite3.IntegrityError):
        await repo.store(show_id, broken, "auto")
    assert await counts(db) == before
    assert await _facts(db, show_id) == facts
    assert await repo.record(show_id, "tvmaze") == glory_tvmaze()
    with pytest.raises(UnknownShow):
        await repo.store(999_999, glory_tvmaze(), "auto")


async def test_one_provider_show_belongs_to_one_of_ours(db: Database) -> None:
    repo = EnrichmentRepository(db)
    first = await chart_show(db, "The Glory")
    second = await chart_show(db, "Glory")
    await repo.store(first, glory_tvmaze(), "auto")
    with pytest.raises(RefTaken, match="The Glory"):
        await repo.store(second, glory_tvmaze(), "auto")


async def test_a_live_search_result_becomes_a_show(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id, changed = await repo.store_new(glory_tmdb())
    assert changed
    again, changed = await repo.store_new(glory_tmdb())
    assert (again, changed) == (show_id, False)
    show = await db.fetchone(
        "SELECT title, origin, country, kind FROM shows WHERE id = ?", (show_id,)
    )
    assert show is not None and tuple(show) == ("The Glory", "provider", "KR", "drama")


async def test_unlinking_restores_what_no_source_says(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    assert await repo.unlink(show_id, "tvmaze")
    facts = await _facts(db, show_id)
    assert (facts["kind"], facts["country"], facts["title_ko"]) == ("unknown", None, None)
    assert await db.fetchval("SELECT COUNT(*) FROM sources WHERE provider IS NOT NULL") == 0
    assert await db.fetchval("SELECT COUNT(*) FROM people WHERE origin = 'provider'") == 0


async def test_a_live_person_is_stored_once_and_met_again_in_a_cast(db: Database) -> None:
    repo = EnrichmentRepository(db)
    found = PersonRecord(ProviderRef("tmdb", 1250), "Song Hye-kyo", FETCHED, "송혜교")
    person_id = await repo.store_person(found)
    assert await repo.store_person(found) == person_id
    show_id, _ = await repo.store_new(glory_tmdb())
    credited = await db.fetchval(
        "SELECT person_id FROM credits WHERE show_id = ? ORDER BY billing LIMIT 1", (show_id,)
    )
    assert credited == person_id


async def test_expired_tmdb_data_is_dropped(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tmdb(), "auto")
    await repo.store(show_id, glory_tvmaze(), "auto")
    assert await repo.expire("tmdb", FETCHED) == 0
    assert await repo.expire("tmdb", FETCHED + TMDB_MAX_AGE) == 1
    assert list(await repo.refs(show_id)) == ["tvmaze"]
    assert await db.fetchval("SELECT COUNT(*) FROM watch_offers") == 0
    facts = await _facts(db, show_id)
    assert facts["country_by"] == "tvmaze:61390"  # TVmaze's evidence remains


async def test_a_refresh_keeps_a_manual_match_manual(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "manual")
    later = dataclasses.replace(glory_tvmaze(FETCHED + dt.timedelta(days=31)), rating=8.2)
    await repo.store(show_id, later, "auto")
    matched = await db.fetchval(
        "SELECT matched_by FROM provider_shows WHERE show_id = ?", (show_id,)
    )
    assert matched == "manual"
