"""`/chart history` in the member's language, through the fake Discord: the answer's
words, numbers, dates and country names, and the rank picture drawn in the worker
process with that language's labels."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from core.providers import AltTitle, ProviderRef, ShowRecord
from db.charts import CountryRun
from db.enrichment import EnrichmentRepository
from db.pages import history_page
from render.chart_plot import rank_history_png
from render.charts import history_embed
from render.i18n import LANGUAGES
from tests.charts.conftest import import_fixtures
from tests.fakediscord import Actor, FakeDiscord
from tests.live_bot import live_bot


@pytest.fixture
async def charts_live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    async with live_bot(settings, import_fixtures) as live:
        yield live


async def history(
    fake: FakeDiscord, locale: str, **options: Any
) -> tuple[dict[str, Any], bytes | None]:
    """The answer's embed and its attached picture (when there is one)."""
    call = await fake.slash("chart history", actor=Actor(locale=locale), **options)
    payload, files = await call.answer()
    embed: dict[str, Any] = payload["embeds"][0]
    return embed, (files[0].data if files else None)


async def test_korean(charts_live) -> None:
    fake, _ = charts_live
    embed, picture = await history(fake, "ko", show="weak hero")
    # The catalog's Hangul title leads, the English one beside it (as /cast names it).
    assert embed["title"] == "약한영웅 (Weak Hero) · 넷플릭스 글로벌 TOP 10 기록"
    description = embed["description"]
    assert "최고 순위: **1위** (TV 프로그램 (비영어), 2025년 4월 21일~27일 주간)" in description
    assert "TOP 10에 든 주: **3**" in description
    assert "시즌 2개" in description
    field = embed["fields"][0]
    assert field["name"] == "주별 기록 (최신순)"
    assert (
        "`2025/5/4` 약한영웅 (Class 2): 2위 · TV 프로그램 (비영어) · 3680만 시간" in field["value"]
    )
    assert embed["footer"]["text"].startswith("출처: 넷플릭스 TOP 10")
    assert picture is not None and picture.startswith(b"\x89PNG")


async def test_brazilian_portuguese_with_brazilian_numbers(charts_live) -> None:
    fake, _ = charts_live
    embed, _ = await history(fake, "pt-BR", show="weak hero")
    assert embed["title"] == "Weak Hero no Top 10 global da Netflix"
    description = embed["description"]
    week = "semana de 21\u2009–\u200927 de abr. de 2025"
    assert f"Melhor posição: **nº 1** (Séries (língua não inglesa), {week})" in description
    assert "Horas assistidas: **104\u00a0mi**" in description
    value = embed["fields"][0]["value"]
    assert "`04/05/2025` Weak Hero (Class 2): nº 2" in value
    assert "36,8\u00a0mi de horas · 6,4\u00a0mi de visualizações" in value
    assert "36.8M" not in value


async def test_a_country_is_named_in_the_language(charts_live) -> None:
    fake, _ = charts_live
    embed, _ = await history(fake, "ja", show="weak hero", country="KR")
    # No Japanese title is stored for it: the English one alone.
    assert embed["title"] == "Weak Hero：韓国のNetflix TOP10の記録"


async def test_the_picture_is_drawn_in_the_members_language(charts_live) -> None:
    fake, bot = charts_live
    _, english = await history(fake, "en-US", show="weak hero")
    _, korean = await history(fake, "ko", show="weak hero")
    _, again = await history(fake, "ko", show="weak hero")
    assert english and korean and again
    # Each language's picture is its own (the worker got the language and the memo keys
    # by it); the same language is drawn once and sent again.
    assert korean != english
    assert again == korean
    assert bot.pictures.started == 1


async def test_chart_errors_read_in_the_language(charts_live) -> None:
    fake, _ = charts_live
    call = await fake.slash(
        "chart history", show="weak hero", country="Narnia", actor=Actor(locale="ko")
    )
    reply = await call.callback()
    assert reply["data"]["content"].startswith("“Narnia”에 맞는 국가별 순위표가 없어요")
    call = await fake.slash("chart top", week="someday", actor=Actor(locale="pt-BR"))
    reply = await call.callback()
    assert (
        reply["data"]["content"]
        == "“someday” não é uma data; use AAAA-MM-DD, por exemplo 2025-04-27."
    )


async def test_countries_are_suggested_and_understood_in_the_language(charts_live) -> None:
    fake, _ = charts_live
    korean = Actor(locale="ko")
    suggested = await (
        await fake.autocomplete("chart history", "country", "대한", actor=korean)
    ).callback()
    assert suggested["data"]["choices"] == [{"name": "대한민국 (KR)", "value": "KR"}]
    # English typed by a Korean member still finds it, named as typed; an English member
    # reads English names.
    typed = await (
        await fake.autocomplete("chart history", "country", "south", actor=korean)
    ).callback()
    assert typed["data"]["choices"] == [{"name": "South Korea (KR)", "value": "KR"}]
    english = await (await fake.autocomplete("chart history", "country", "kor")).callback()
    assert english["data"]["choices"] == [{"name": "South Korea (KR)", "value": "KR"}]
    # A name typed without picking a suggestion is understood as well.
    embed, _ = await history(fake, "ko", show="weak hero", country="대한민국")
    assert embed["title"] == "약한영웅 (Weak Hero) · 넷플릭스 대한민국 TOP 10 기록"


async def test_the_show_is_named_as_the_members_language_knows_it(charts_live) -> None:
    """A title a provider gave in Japanese names the show in the reply, its weeks and the
    picture's heading; other languages keep theirs."""
    fake, bot = charts_live
    show_id = int(await bot.db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'"))
    fetched = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    record = ShowRecord(
        ref=ProviderRef("tmdb", 154825),
        name="Weak Hero",
        fetched_at=fetched,
        alt_titles=(AltTitle("弱いヒーロー", "JP", "ja"),),
    )
    await EnrichmentRepository(bot.db).store(show_id, record, "auto")
    embed, picture = await history(fake, "ja", show="weak hero")
    assert embed["title"] == "弱いヒーロー（Weak Hero）：NetflixグローバルTOP10の記録"
    value = embed["fields"][0]["value"]
    assert "`2025/5/4` 弱いヒーロー (Class 2)：2位" in value, value
    assert "Weak Hero (Class 2)" not in value
    # The worker drew the heading with the same name (the drawing is deterministic).
    page = await bot.db.read(partial(history_page, show_id=show_id, country_iso2=None))
    assert picture == rank_history_png(page.history, "弱いヒーロー（Weak Hero）", "ja")
    assert picture != rank_history_png(page.history, "Weak Hero", "ja")
    # French has no title of its own here: the English one, as before.
    embed, _ = await history(fake, "fr", show="weak hero")
    assert embed["title"].startswith("Weak Hero ")
    assert "弱いヒーロー" not in str(embed)
    # With no weeks in the list asked for, it is named the same way, and the command
    # shown to see another country's list keeps the English title, which search takes.
    ja = LANGUAGES.get("ja")
    absent = dataclasses.replace(page.history, entries=(), most_popular=())
    runs = [CountryRun("KR", "South Korea", 1, 1)]
    elsewhere = history_embed(absent, "Weak Hero", elsewhere=runs, lang=ja, local="弱いヒーロー")
    assert elsewhere.description is not None
    assert elsewhere.description.startswith("弱いヒーロー（Weak Hero）"), elsewhere.description
    assert "作品:Weak Hero 国:KR`" in elsewhere.description
    never = history_embed(absent, "Weak Hero", lang=ja, local="弱いヒーロー")
    assert never.description is not None and never.description.startswith("弱いヒーロー（")
