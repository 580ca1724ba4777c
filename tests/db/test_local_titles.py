"""Shows' titles in a member's language, stored from the providers and read back (a real
migrated SQLite file)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial

from core.providers import AltTitle, CastCredit, ProviderRef, ShowRecord
from db.catalog import build_title_index
from db.connection import Database
from db.enrichment import EnrichmentRepository
from db.local_titles import LocalTitles, local_titles
from db.pages import person_page, show_page, top_page

FETCHED = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def record(provider: str, provider_id: int, *titles: AltTitle) -> ShowRecord:
    return ShowRecord(
        ref=ProviderRef(provider, provider_id),  # type: ignore[arg-type]
        name="Squid Game",
        fetched_at=FETCHED,
        alt_titles=titles,
    )


TMDB_TITLES = (
    AltTitle("イカゲーム", "JP", "ja"),
    AltTitle("鱿鱼游戏", "CN", "zh"),
    AltTitle("Round 6", "BR", "pt"),
    AltTitle("El juego del calamar", "ES", "es"),
)


async def squid_game(db: Database) -> int:
    return int(await db.fetchval("SELECT id FROM shows WHERE slug = 'squid-game'"))


async def titles(db: Database, tag: str, *show_ids: int) -> LocalTitles:
    return await db.read(partial(local_titles, tag=tag, show_ids=list(show_ids)))


async def test_each_language_reads_what_the_provider_gave_for_it(db: Database) -> None:
    show_id = await squid_game(db)
    await EnrichmentRepository(db).store(show_id, record("tmdb", 93405, *TMDB_TITLES), "auto")
    assert (await titles(db, "ja", show_id)).shows == {show_id: "イカゲーム"}
    assert (await titles(db, "pt-BR", show_id)).shows == {show_id: "Round 6"}
    assert (await titles(db, "pt-BR", show_id)).providers == {show_id: "tmdb"}
    # Spain's Spanish title is Spanish for Latin America too, when it is the only one.
    assert (await titles(db, "es-419", show_id)).show(show_id) == "El juego del calamar"
    # China's title is not Taiwan's; no French title was given: nothing is made up.
    for tag in ("zh-TW", "fr", "id", "th", "vi", "en"):
        assert (await titles(db, tag, show_id)).shows == {}, tag
    # Korean reads the catalog's Hangul title.
    assert (await titles(db, "ko", show_id)).shows == {show_id: "오징어 게임"}


async def test_titles_are_stored_with_their_provider_region_and_fetch_date(db: Database) -> None:
    show_id = await squid_game(db)
    await EnrichmentRepository(db).store(show_id, record("tmdb", 93405, *TMDB_TITLES), "auto")
    rows = await db.fetchall(
        "SELECT a.title, a.language, a.country, ps.provider, ps.fetched_at, s.provider AS source "
        "FROM provider_alt_titles a JOIN provider_shows ps ON ps.id = a.provider_show_id "
        "JOIN sources s ON s.id = ps.source_id WHERE ps.show_id = ? ORDER BY a.position",
        (show_id,),
    )
    assert [tuple(r) for r in rows][:2] == [
        ("イカゲーム", "ja", "JP", "tmdb", FETCHED.isoformat(timespec="microseconds"), "tmdb"),
        ("鱿鱼游戏", "zh", "CN", "tmdb", FETCHED.isoformat(timespec="microseconds"), "tmdb"),
    ]
    # And searchable: the title index finds the show by its local titles.
    index = await db.read(build_title_index)
    for title in ("イカゲーム", "Round 6", "El juego del calamar"):
        assert index.search(title, limit=1)[0].show.id == show_id, title


async def test_a_refetch_replaces_and_an_unlink_forgets_the_titles(db: Database) -> None:
    show_id = await squid_game(db)
    repo = EnrichmentRepository(db)
    await repo.store(show_id, record("tmdb", 93405, *TMDB_TITLES), "auto")
    later = record("tmdb", 93405, AltTitle("イカ・ゲーム", "JP", "ja"))
    await repo.store(show_id, later, "auto")
    assert (await titles(db, "ja", show_id)).shows == {show_id: "イカ・ゲーム"}
    assert (await titles(db, "pt-BR", show_id)).shows == {}
    await repo.unlink(show_id, "tmdb")
    assert (await titles(db, "ja", show_id)).shows == {}


async def test_tvmaze_alternative_titles_count_in_their_script(db: Database) -> None:
    show_id = await squid_game(db)
    repo = EnrichmentRepository(db)
    # TVmaze's akas carry a country only.
    await repo.store(
        show_id,
        record("tvmaze", 43687, AltTitle("イカゲーム", "JP"), AltTitle("Round 6", "BR")),
        "auto",
    )
    assert (await titles(db, "ja", show_id)).shows == {show_id: "イカゲーム"}
    assert (await titles(db, "ja", show_id)).providers == {show_id: "tvmaze"}
    assert (await titles(db, "pt-BR", show_id)).shows == {}
    # TMDB's translation, tagged Japanese, is preferred to TVmaze's alternative title.
    await repo.store(show_id, record("tmdb", 93405, AltTitle("イカ・ゲーム", "JP", "ja")), "auto")
    assert (await titles(db, "ja", show_id)).shows == {show_id: "イカ・ゲーム"}


async def test_many_shows_in_one_read(db: Database) -> None:
    show_id = await squid_game(db)
    await EnrichmentRepository(db).store(show_id, record("tmdb", 93405, *TMDB_TITLES), "auto")
    # More ids than one statement takes: read in chunks, the answer is the same.
    many = [*range(100_000, 101_200), show_id]
    assert (await titles(db, "ja", *many)).shows == {show_id: "イカゲーム"}
    assert (await titles(db, "ja")).shows == {}


async def test_the_pages_carry_the_titles_in_the_language_asked_for(db: Database) -> None:
    show_id = await squid_game(db)
    lee = CastCredit(ProviderRef("tmdb", 1), "Lee Jung-jae", "이정재", "Seong Gi-hun", 0, 9)
    with_cast = dataclasses.replace(record("tmdb", 93405, *TMDB_TITLES), cast=(lee,))
    await EnrichmentRepository(db).store(show_id, with_cast, "auto")
    page = await db.read(partial(show_page, show_id=show_id, tag="ja"))
    assert page is not None and page.titles.show(show_id) == "イカゲーム"
    english = await db.read(partial(show_page, show_id=show_id))
    assert english is not None and english.titles.shows == {}
    person_id = await db.fetchval(
        "SELECT person_id FROM credits WHERE show_id = ? LIMIT 1", (show_id,)
    )
    person = await db.read(partial(person_page, person_id=person_id, name=None, tag="pt-BR"))
    assert person is not None and person.titles.show(show_id) == "Round 6"
    empty = await db.read(
        partial(top_page, week=None, category="TV (Non-English)", country_iso2=None, tag="ja")
    )
    assert empty.chart is None and empty.titles.shows == {}
