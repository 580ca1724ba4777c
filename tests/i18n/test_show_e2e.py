"""`/show` in the member's language, through the fake Discord: the card's words, numbers
and dates as each language writes them, its buttons labelled and answered in the
language of whoever reads them; an unknown language reads English."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from console import Console
from render.i18n import LANGUAGES
from tests.fakediscord import Actor, FakeDiscord
from tests.i18n.show_data import build_store
from tests.live_bot import live_bot

EPHEMERAL = 64


@pytest.fixture
async def shows_live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    async with live_bot(settings, build_store) as live:
        yield live


async def show(fake: FakeDiscord, locale: str, **options: Any) -> dict[str, Any]:
    call = await fake.slash("show", actor=Actor(locale=locale), **options)
    reply = await call.callback()
    assert reply["type"] == 4, reply
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    data: dict[str, Any] = reply["data"]
    return data


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        c["label"]: c["custom_id"]
        for row in message.get("components", [])
        for c in row["components"]
        if c["type"] == 2
    }


async def test_korean(shows_live) -> None:
    fake, _ = shows_live
    card = await show(fake, "ko", query="weak hero", region="KR")
    [embed] = card["embeds"]
    assert embed["title"] == "Weak Hero (약한영웅)"
    facts = embed["description"].split("\n")[0]
    assert facts.startswith("드라마 · 🇰🇷 KR · 액션, 범죄, 액션·모험 · 시즌 2개 · 16부작 · ")
    assert facts.endswith("· 2022 · 8.5/10 (IMDb, Class 1)")
    assert embed["description"].split("\n")[2].startswith("원작: Naver webtoon")
    named = fields(embed)
    assert list(named) == ["시즌", "넷플릭스 TOP 10", "출연진", "🇰🇷 KR에서 볼 수 있는 곳"]
    assert named["시즌"].split("\n")[0] == (
        "**Weak Hero Class 1** (약한영웅 Class 1) · 8부작 · Wavve 2022. 11. 18. · "
        "Netflix 2025. 3. 26."
    )
    assert named["🇰🇷 KR에서 볼 수 있는 곳"].startswith("Netflix (스트리밍) · Wavve (스트리밍)")
    assert embed["footer"]["text"].startswith("데이터: Hallyu 카탈로그, 넷플릭스 TOP 10, ")
    ids = buttons(card)
    assert list(ids) == ["출연진", "노트", "출처"]
    # The custom_ids stay the language-free `card:<section>:<id>` that outlive restarts.
    assert [i.split(":")[1] for i in ids.values()] == ["cast", "notes", "sources"]

    cast = (await (await fake.click(ids["출연진"], actor=Actor(locale="ko"))).callback())["data"]
    assert cast["flags"] & EPHEMERAL
    assert cast["embeds"][0]["title"] == "출연진: Weak Hero"
    assert "Park Ji-hoon — **Yeon Si-eun** 역" in cast["embeds"][0]["description"]
    assert "__TMDB 제공__\nKim Su-gyeom — **Young-bin** 역" in cast["embeds"][0]["description"]
    notes = (await (await fake.click(ids["노트"], actor=Actor(locale="ko"))).callback())["data"]
    text = notes["embeds"][0]["description"]
    assert "**다른 제목**\nWeak Class Hero" in text
    assert "**상태**\n종영 (TVmaze 기준)" in text
    assert "TMDB: **8.6/10**, 420명 평가 (2026. 11. 1. 기준)" in text


async def test_brazilian_portuguese_with_brazilian_numbers(shows_live) -> None:
    fake, _ = shows_live
    card = await show(fake, "pt-BR", query="weak hero", region="BR")
    [embed] = card["embeds"]
    facts = embed["description"].split("\n")[0]
    assert facts.startswith("Dorama · 🇰🇷 KR · Ação, Crime, Ação e aventura · 2 temporadas · ")
    assert facts.endswith(" · 2022 · 8,5/10 (IMDb, Class 1)")
    named = fields(embed)
    assert list(named) == ["Temporadas", "Top 10 da Netflix", "Elenco", "Onde assistir em 🇧🇷 BR"]
    assert "Wavve 18 de nov. de 2022 · Netflix 26 de mar. de 2025" in named["Temporadas"]
    assert named["Onde assistir em 🇧🇷 BR"] == (
        "Nada disponível para BR; disponível para KR, US (opção `região:`)."
    )
    assert embed["footer"]["text"].startswith("Dados: catálogo do Hallyu, Top 10 da Netflix, ")
    assert list(buttons(card)) == ["Elenco", "Notas", "Fontes"]
    # A Brazilian member pressing a button of a card another member asked for in English
    # reads the section in Brazilian Portuguese, numbers included.
    english = await show(fake, "en-US", query="weak hero")
    notes_id = buttons(english)["Notes"]
    notes = (await (await fake.click(notes_id, actor=Actor(locale="pt-BR"))).callback())["data"]
    text = notes["embeds"][0]["description"]
    assert notes["embeds"][0]["title"] == "Notas: Weak Hero"
    assert "TMDB: **8,6/10** com 420 votos (em 1 de nov. de 2026)" in text
    # The catalog's notes are its sources' English, under the language's heading.
    assert "**Notas**\n• First released in 2022 as a Wavve original." in text


async def test_an_unknown_locale_reads_english(shows_live) -> None:
    fake, _ = shows_live
    for locale in ("de", "xx-YY", "en-GB"):
        card = await show(fake, locale, query="weak hero")
        [embed] = card["embeds"]
        assert embed["description"].startswith("Drama · 🇰🇷 KR · Action, Crime, Action & Adventure")
        assert list(fields(embed))[:3] == ["Seasons", "Netflix Top 10", "Cast"]
        assert embed["footer"]["text"].startswith("Data: Hallyu catalog, Netflix Top 10, ")
        assert list(buttons(card)) == ["Cast", "Notes", "Sources"]


async def test_a_film_and_a_chart_made_show_in_the_language(shows_live) -> None:
    fake, _ = shows_live
    film = (await show(fake, "ja", query="parasite"))["embeds"][0]
    assert film["title"] == "Parasite (기생충)"
    assert film["description"] == "映画 · 🇰🇷 KR · コメディ、スリラー、ドラマ · 2019"
    physical = (await show(fake, "fr", query="physical 100"))["embeds"][0]
    assert physical["description"].split("\n") == [
        "2 saisons",
        "Connu seulement par le Top 10 Netflix : pas encore de détails du catalogue ni des "
        "fournisseurs.",
    ]
    assert list(fields(physical)) == ["Top 10 Netflix"]


async def test_a_miss_and_its_suggestions_in_the_language(shows_live) -> None:
    fake, _ = shows_live
    miss = await show(fake, "ko", query="weak heroo zzz")
    assert miss["flags"] & EPHEMERAL
    assert miss["content"].startswith("“weak heroo zzz”와(과) 일치하는 작품이 없어요.")
    common = await show(fake, "es-ES", query="the")
    assert common["content"] == (
        "«the» es demasiado común para buscarlo solo: escribe más del título."
    )


async def test_each_language_has_its_own_memo(shows_live) -> None:
    _, bot = shows_live
    found = bot.cards.resolve("weak hero")
    assert found.show_id is not None
    ko, pt = LANGUAGES.get("ko"), LANGUAGES.get("pt-BR")
    korean = await bot.cards.show(found.show_id, None, ko)
    english = await bot.cards.show(found.show_id)
    assert korean is not english and korean.embed.footer.text != english.embed.footer.text
    assert await bot.cards.show(found.show_id, None, ko) is korean  # memoised per language
    sections = await bot.cards.section(found.show_id, "sources", pt)
    assert sections is await bot.cards.section(found.show_id, "sources", pt)
    assert sections != await bot.cards.section(found.show_id, "sources")
    assert "수집" in korean.console_text()  # the console's text is the card's language


async def test_the_console_prints_the_card_and_its_sections_in_its_locale(
    offline_bot: HallyuBot,
) -> None:
    await build_store(offline_bot.db)
    await offline_bot.refresh_titles()
    out = io.StringIO()
    assert await Console(offline_bot, out, locale="ko").execute("/show weak hero") == 0
    text = out.getvalue()
    assert "드라마 · 🇰🇷 KR" in text and "출연진: Weak Hero" in text
    assert "종영 (TVmaze 기준)" in text  # the Notes, printed under the card
