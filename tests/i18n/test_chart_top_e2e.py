"""`/chart top` in the member's language, through the fake Discord: words, numbers and
dates as each language writes them; an unknown language reads English."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from tests.charts.conftest import import_fixtures
from tests.fakediscord import Actor, FakeDiscord
from tests.live_bot import live_bot


@pytest.fixture
async def charts_live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    async with live_bot(settings, import_fixtures) as live:
        yield live


async def top(fake: FakeDiscord, locale: str, **options: Any) -> dict[str, Any]:
    call = await fake.slash("chart top", week="2025-04-27", actor=Actor(locale=locale), **options)
    reply = await call.callback()
    assert reply["type"] == 4, reply
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    embed: dict[str, Any] = reply["data"]["embeds"][0]
    return embed


async def test_korean(charts_live) -> None:
    fake, _ = charts_live
    embed = await top(fake, "ko")
    assert embed["title"] == "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어)"
    description = embed["description"]
    # The catalog's Korean titles (약한영웅 Class 2), Netflix's where it has none.
    assert description.startswith("한국 작품이 1위예요: **약한영웅 Class 2**, 첫 주에 바로 정상!")
    assert "` 1.` **약한영웅 Class 2** 🇰🇷" in description
    assert "**I Am Not Mendoza** (Season 1)" in description
    assert "2025년 4월 21일~27일 주간" in description
    assert "3490만 시간 · 시청 수 610만회" in description
    assert embed["footer"]["text"].startswith("출처: 넷플릭스 TOP 10")


async def test_brazilian_portuguese_with_brazilian_numbers(charts_live) -> None:
    fake, _ = charts_live
    embed = await top(fake, "pt-BR")
    assert embed["title"] == "Top 10 da Netflix · Global · Séries (língua não inglesa)"
    description = embed["description"]
    assert description.startswith("Uma produção coreana é a nº 1: **Weak Hero** (Class 2)")
    assert "Semana de 21\u2009–\u200927 de abr. de 2025" in description
    assert "34,9\u00a0mi de horas · 6,1\u00a0mi de visualizações" in description
    assert "34.9M" not in description


async def test_a_country_list_names_the_country_in_the_language(charts_live) -> None:
    fake, _ = charts_live
    embed = await top(fake, "ja", country="KR")
    assert embed["title"] == "Netflix TOP10 · 韓国 · TV"


async def test_an_unknown_locale_reads_english(charts_live) -> None:
    fake, _ = charts_live
    for locale in ("de", "xx-YY", "en-GB"):
        embed = await top(fake, locale)
        assert embed["title"] == "Netflix Top 10 · Global · TV (Non-English)"
        assert "34.9M hours · 6.1M views" in embed["description"]


async def test_week_suggestions_in_the_members_language(charts_live) -> None:
    fake, _ = charts_live
    typed = await (
        await fake.autocomplete("chart top", "week", "2025-04-23", actor=Actor(locale="ko"))
    ).callback()
    assert typed["data"]["choices"][0] == {
        "name": "2025-04-27 (2025년 4월 21일~27일)",
        "value": "2025-04-27",
    }


async def test_korean_only_list_in_the_members_language(charts_live) -> None:
    fake, _ = charts_live
    embed = await top(fake, "ko", korean=True)
    assert embed["title"] == "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어) · 한국 작품"
    assert "` 1.` **약한영웅 Class 2** 🇰🇷" in embed["description"]
    english = await top(fake, "en-US", korean=True)
    assert english["title"] == "Netflix Top 10 · Global · TV (Non-English) · Korean titles"
