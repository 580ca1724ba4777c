"""What the card reads after enrichment: provider facts with their sources, in one read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from core.providers import CastCredit, ProviderRef
from db.catalog import CatalogRepository
from db.connection import Database
from db.enrichment import EnrichmentRepository
from tests.db.records import chart_show, glory_tmdb, glory_tvmaze, reality


async def test_show_details_carry_the_providers_facts(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tvmaze(), "auto")
    await repo.store(show_id, glory_tmdb(), "manual")
    details = await CatalogRepository(db).show(show_id)
    assert details is not None
    show, facts = details.show, details.provider
    assert (show.kind, show.country, show.language, show.title_ko) == (
        "drama",
        "KR",
        "ko",
        "더 글로리",
    )
    kind = facts.source_of("kind")
    assert kind is not None and (kind.source, kind.provider) == ("tvmaze:61390", "tvmaze")
    assert kind.fetched_at == dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
    country = facts.source_of("country")
    assert country is not None and country.provider == "tmdb"
    assert facts.genres == ("Drama", "Thriller", "Mystery")
    assert [(n.name, n.streaming) for n in facts.networks] == [("Netflix", True)]
    assert details.premiered_year == 2022
    # TMDB lists no seasons here; TVmaze's season says 16 episodes.
    assert (details.episode_count, facts.episode_count_provider) == (16, "tvmaze")
    assert [(s.number, s.name, s.episode_count, s.provider) for s in facts.seasons] == [
        (1, "Part 1", 16, "tvmaze")
    ]
    assert [(r.label, r.value, r.votes, r.as_of) for r in facts.ratings] == [
        ("TMDB", 8.4, 1834, dt.date(2026, 11, 1)),
        ("TVmaze", 8.1, None, dt.date(2026, 11, 1)),
    ]
    assert facts.poster_url is not None and facts.poster_provider == "tvmaze"
    kr = facts.watch_in("kr")
    assert [(w.service, w.offer, w.credit) for w in kr] == [("Netflix", "flatrate", "JustWatch")]
    assert facts.regions == ("KR", "US")
    assert [(s.label, s.key, s.matched_by) for s in facts.sources] == [
        ("TMDB", "tmdb:136283", "manual"),
        ("TVmaze", "tvmaze:61390", "auto"),
    ]
    assert {"tmdb:136283", "tvmaze:61390"} <= {s.key for s in details.sources}
    # Each actor once, as TMDB (the first provider for cast) lists them.
    assert [(c.person, c.person_ko, c.character, c.provider) for c in details.credits] == [
        ("Song Hye-kyo", "송혜교", "Moon Dong-eun", "tmdb"),
        ("Lee Do-hyun", "이도현", "Joo Yeo-jeong", "tmdb"),
    ]


async def test_a_chart_show_without_provider_data_says_nothing_it_does_not_know(
    db: Database,
) -> None:
    show_id = await chart_show(db, "Physical: 100")
    details = await CatalogRepository(db).show(show_id)
    assert details is not None
    assert details.show.kind == "unknown" and details.show.country is None
    assert details.provider.fact_sources == () and details.provider.sources == ()
    assert details.premiered_year is None and details.episode_count is None
    await EnrichmentRepository(db).store(
        show_id, reality(ProviderRef("tvmaze", 44), "Physical: 100"), "auto"
    )
    details = await CatalogRepository(db).show(show_id)
    assert details is not None and details.show.kind == "reality"


async def test_curated_credits_come_first_and_provider_cast_adds_the_rest(db: Database) -> None:
    repo = EnrichmentRepository(db)
    weak_hero = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    before = await CatalogRepository(db).show(weak_hero)
    assert before is not None
    record = dataclasses.replace(
        reality(ProviderRef("tmdb", 155440), "Weak Hero"),
        kind="drama",
        cast=(
            CastCredit(ProviderRef("tmdb", 1), "Park Ji-hoon", "박지훈", "Yeon Si-eun", 0),
            CastCredit(ProviderRef("tmdb", 2), "Made-up Newcomer", None, "A student", 1),
        ),
    )
    await repo.store(weak_hero, record, "auto")
    details = await CatalogRepository(db).show(weak_hero)
    assert details is not None
    assert details.credits[: len(before.credits)] == before.credits
    added = details.credits[len(before.credits) :]
    assert [(c.person, c.provider, c.source) for c in added] == [
        ("Made-up Newcomer", "tmdb", "tmdb:155440")
    ]
    park = next(c.person_id for c in before.credits if c.person == "Park Ji-hoon")
    person = await CatalogRepository(db).person(park)
    assert person is not None
    assert [r.show_title for r in person.roles].count("Weak Hero") == len(
        [c for c in before.credits if c.person == "Park Ji-hoon"]
    )


async def test_the_title_index_knows_provider_names_and_origin(db: Database) -> None:
    repo = EnrichmentRepository(db)
    show_id = await chart_show(db, "The Glory")
    await repo.store(show_id, glory_tmdb(), "auto")
    index = await CatalogRepository(db).title_index()
    indexed = index.get(show_id)
    assert indexed is not None and (indexed.country, indexed.year) == ("KR", 2022)
    assert index.search("더 글로리")[0].show.id == show_id


async def test_show_details_are_one_read(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    show_id = await chart_show(db, "The Glory")
    await EnrichmentRepository(db).store(show_id, glory_tvmaze(), "auto")
    calls: list[Callable[..., Any]] = []
    real = db.read

    async def counted(fn: Callable[..., Any]) -> Any:
        calls.append(fn)
        return await real(fn)

    monkeypatch.setattr(db, "read", counted)
    assert await CatalogRepository(db).show(show_id) is not None
    assert len(calls) == 1
