"""Each language's /cast, /actor and /chart top are rendered once per data generation, with
the shows' local titles in the same single read."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from app import HallyuBot
from core.providers import AltTitle, ProviderRef, ShowRecord
from db.chart_import import import_netflix_file
from db.enrichment import EnrichmentRepository
from render.i18n import ENGLISH, LANGUAGES
from tests.charts.conftest import TV, global_file
from tests.services.test_cards import ReadCounter

FETCHED = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
JA = LANGUAGES.get("ja")


@pytest.fixture
async def bot(offline_bot: HallyuBot) -> AsyncIterator[HallyuBot]:
    await offline_bot.live.stop()
    await import_netflix_file(offline_bot.db, global_file(), "all-weeks-global.tsv")
    show_id = await offline_bot.db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    record = ShowRecord(
        ref=ProviderRef("tmdb", 155440),
        name="Weak Hero",
        fetched_at=FETCHED,
        alt_titles=(AltTitle("弱いヒーロー", "JP", "ja"),),
    )
    await EnrichmentRepository(offline_bot.db).store(show_id, record, "auto")
    await offline_bot.live.changed()
    yield offline_bot


async def test_each_language_is_read_once_then_answered_from_memory(bot: HallyuBot) -> None:
    reads = ReadCounter(bot)
    show_id = bot.cards.resolve("weak hero").show_id
    assert show_id is not None
    english = await bot.cards.cast(show_id, None)
    japanese = await bot.cards.cast(show_id, None, JA)
    assert reads.take() == 2, "one read per language, titles included"
    assert english[0].title == "Cast of Weak Hero"
    assert japanese[0].title == "弱いヒーロー（Weak Hero）のキャスト"
    assert await bot.cards.cast(show_id, None, JA) is japanese
    assert await bot.cards.cast(show_id, None, ENGLISH) is english
    assert reads.take() == 0

    actor = await bot.cards.actor("Park Ji-hoon", JA)
    assert reads.take() == 1
    assert actor.fields[0].name == "弱いヒーロー（Weak Hero）"
    assert await bot.cards.actor("park ji-hoon", JA) is actor
    in_english = await bot.cards.actor("park ji-hoon")
    assert reads.take() == 1, "the name is known; only the English card is read"
    assert in_english.fields[0].name == "Weak Hero"


async def test_chart_top_names_the_show_as_the_language_does_in_one_read(bot: HallyuBot) -> None:
    reads = ReadCounter(bot)
    top = await bot.cards.top(dt.date(2025, 4, 27), TV, None, lang=JA)
    assert reads.take() == 1, "the list and its local titles come in one read"
    assert top.embed is not None
    assert "` 1.` **弱いヒーロー** (Class 2)" in (top.embed.description or "")
    english = await bot.cards.top(dt.date(2025, 4, 27), TV, None)
    assert english.embed is not None
    assert "` 1.` **Weak Hero** (Class 2)" in (english.embed.description or "")


async def test_the_show_card_leads_with_the_members_title_in_one_read(bot: HallyuBot) -> None:
    reads = ReadCounter(bot)
    show_id = bot.cards.resolve("weak hero").show_id
    assert show_id is not None
    card = await bot.cards.show(show_id, lang=JA)
    assert reads.take() == 1, "the card and its local title come in one read"
    assert card.embed.title == "弱いヒーロー · Weak Hero (약한영웅)"
    cast = next(f.value or "" for f in card.embed.fields if f.name == "キャスト")
    assert "Park Ji-hoon（**Yeon Si-eun** 役）" in cast
    section = "\n".join(e.description or "" for e in card.section_embeds("cast"))
    assert "Park Ji-hoon（**Yeon Si-eun** 役）" in section and " as **" not in section
    # Korean's local title is the Hangul one the card shows already; English has none.
    korean = await bot.cards.show(show_id, lang=LANGUAGES.get("ko"))
    assert korean.embed.title == "Weak Hero (약한영웅)"
    english = await bot.cards.show(show_id)
    assert english.embed.title == "Weak Hero (약한영웅)"
