"""Enrichment through the fake TMDB stores the titles TMDB gives in other languages, and
the cards' read finds them per language."""

from __future__ import annotations

from functools import partial

from db.connection import Database
from db.local_titles import local_titles
from providers import TmdbClient
from services.enrich import EnrichJob
from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb


async def test_tmdb_translations_are_stored_and_read_per_language(
    chart_db: Database, fake_tmdb: FakeTmdb
) -> None:
    tmdb = TmdbClient(TEST_TOKEN, fake_tmdb.url, calls=1000, period=1.0)
    try:
        summary = await EnrichJob(chart_db, [tmdb]).run()
    finally:
        await tmdb.close()
    assert summary.providers["tmdb"].counts["matched"] == 3
    # The one request per show asked for the translations and alternative titles.
    (request,) = fake_tmdb.calls("/tv/80001")
    assert "translations" in (request.param("append_to_response") or "").split(",")
    glory = int(await chart_db.fetchval("SELECT id FROM shows WHERE title = 'The Glory'"))
    stored = await chart_db.fetchall(
        "SELECT a.language, a.country, a.title FROM provider_alt_titles a "
        "JOIN provider_shows ps ON ps.id = a.provider_show_id "
        "WHERE ps.show_id = ? AND ps.provider = 'tmdb' ORDER BY a.position",
        (glory,),
    )
    assert [tuple(r) for r in stored] == [
        ("ko", "KR", "더 글로리"),
        ("ja", "JP", "ザ・グローリー ～輝かしき復讐～"),
        ("zh", "TW", "黑暗榮耀"),
        ("pt", "BR", "A Lição"),
        ("vi", "VN", "Vinh quang trong thù hận"),
    ]  # English's is the show's own name: not stored again

    async def title(tag: str) -> str | None:
        found = await chart_db.read(partial(local_titles, tag=tag, show_ids=[glory]))
        return found.show(glory)

    assert await title("ja") == "ザ・グローリー ～輝かしき復讐～"
    assert await title("zh-TW") == "黑暗榮耀"
    assert await title("pt-BR") == "A Lição"
    assert await title("vi") == "Vinh quang trong thù hận"
    assert await title("ko") == "더 글로리"
    for tag in ("fr", "es-419", "es-ES", "th", "id", "en"):
        assert await title(tag) is None, tag
