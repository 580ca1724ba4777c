"""Records built by the real provider clients (against the local fakes) fit the store."""

from __future__ import annotations

import dataclasses

from db.catalog import CatalogRepository
from db.connection import Database
from db.enrichment import EnrichmentRepository
from db.provider_facts import CAST_KEPT
from providers import TmdbClient, TvmazeClient
from tests.db.records import chart_show
from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb
from tests.fakeproviders.tvmaze import FakeTvmaze

TVMAZE = {"The Glory": 60001, "Physical: 100": 60002, "WWE Raw": 60013, "The Good Doctor": 60006}
TMDB = {"The Glory": 80001, "Physical: 100": 80002, "The Good Doctor": 80006}


async def test_client_records_store_read_back_and_mark_only_korean_shows(
    db: Database, fake_tvmaze: FakeTvmaze, fake_tmdb: FakeTmdb
) -> None:
    repo = EnrichmentRepository(db)
    tvmaze, tmdb = TvmazeClient(fake_tvmaze.url), TmdbClient(TEST_TOKEN, fake_tmdb.url)
    try:
        shows = {title: await chart_show(db, title) for title in TVMAZE}
        for client, ids in ((tvmaze, TVMAZE), (tmdb, TMDB)):
            for title, provider_id in ids.items():
                record = await client.show(provider_id)
                assert record is not None
                assert await repo.store(shows[title], record, "auto")
                stored = await repo.record(shows[title], record.ref.provider)
                kept = sorted(record.cast, key=lambda c: c.order)[:CAST_KEPT]
                assert stored == dataclasses.replace(record, cast=tuple(kept))
                assert not await repo.store(shows[title], record, "auto")
    finally:
        await tvmaze.close()
        await tmdb.close()
    catalog = CatalogRepository(db)
    facts = {}
    for title, show_id in shows.items():
        details = await catalog.show(show_id)
        assert details is not None
        facts[title] = (details.show.kind, details.show.country)
    assert facts["The Glory"] == ("drama", "KR")
    assert facts["Physical: 100"] == ("reality", "KR")
    assert facts["The Good Doctor"][1] == "US"
    assert facts["WWE Raw"] == ("sports", "US")
    glory = await catalog.show(shows["The Glory"])
    assert glory is not None and glory.credits and glory.provider.sources
