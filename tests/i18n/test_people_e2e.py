"""`/actor` and `/cast` in the member's language through the fake Discord, with the shows
named as TMDB names them in that language (stored by enrichment from the fake TMDB)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Secret, Settings
from db.connection import Database
from db.enrichment import EnrichmentRepository
from providers import TmdbClient
from tests.fakediscord import Actor, FakeDiscord
from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb
from tests.fakeproviders.tvmaze import FakeTvmaze
from tests.live_bot import live_bot

EPHEMERAL = 64
SQUID_GAME_AT_TMDB = 80003  # the fake's id (tests/fakeproviders/data/tmdb)


@pytest.fixture
async def people_live(
    settings: Settings, fake_tmdb: FakeTmdb, fake_tvmaze: FakeTvmaze
) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    # The bot searches the fake providers for what its store lacks, as a live bot would.
    settings = dataclasses.replace(
        settings,
        tvmaze_api_url=fake_tvmaze.url,
        tmdb_api_url=fake_tmdb.url,
        tmdb_api_token=Secret(TEST_TOKEN),
    )

    async def fill(db: Database) -> None:
        async with TmdbClient(TEST_TOKEN, fake_tmdb.url) as tmdb:
            squid_game = await tmdb.show(SQUID_GAME_AT_TMDB)
        assert squid_game is not None
        show_id = await db.fetchval("SELECT id FROM shows WHERE slug = 'squid-game'")
        await EnrichmentRepository(db).store(show_id, squid_game, "manual")

    async with live_bot(settings, fill) as live:
        yield live


async def answer(fake: FakeDiscord, command: str, locale: str, **options: Any) -> dict[str, Any]:
    reply = await (await fake.slash(command, actor=Actor(locale=locale), **options)).callback()
    assert reply["type"] == 4, reply
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    data: dict[str, Any] = reply["data"]
    return data


def labels(message: dict[str, Any]) -> dict[str, str]:
    return {
        c["label"]: c["custom_id"]
        for row in message.get("components", [])
        for c in row["components"]
        if c["type"] == 2
    }


async def test_actor_names_the_show_in_japanese(people_live) -> None:
    fake, _ = people_live
    embed = (await answer(fake, "actor", "ja", name="Lee Jung-jae"))["embeds"][0]
    assert embed["fields"][0] == {
        "name": "イカゲーム（Squid Game）",
        "value": "**Seong Gi-hun**（TMDB）",
        "inline": False,
    }
    assert embed["footer"]["text"].startswith("データ：TMDB · 人物 #")


async def test_each_language_reads_its_own_title_or_the_english_one(people_live) -> None:
    fake, _ = people_live
    expected = {
        "pt-BR": "Round 6 (Squid Game)",
        "es-419": "El juego del calamar (Squid Game)",
        "zh-TW": "魷魚遊戲（Squid Game）",
        "ko": "오징어 게임 (Squid Game)",
        "th": "สควิดเกม เล่นลุ้นตาย (Squid Game)",
        # TMDB gave no French or Indonesian title: the English one, never a made-up one.
        "fr": "Squid Game",
        "id": "Squid Game",
        "en-US": "Squid Game",
    }
    for locale, name in expected.items():
        embed = (await answer(fake, "actor", locale, name="Lee Jung-jae"))["embeds"][0]
        assert embed["fields"][0]["name"] == name, locale
    # Each language's card is its own: asking in Japanese again is still Japanese.
    again = (await answer(fake, "actor", "ja", name="Lee Jung-jae"))["embeds"][0]
    assert again["fields"][0]["name"] == "イカゲーム（Squid Game）"


async def test_cast_header_and_lines_in_the_members_language(people_live) -> None:
    fake, _ = people_live
    embed = (await answer(fake, "cast", "pt-BR", show="squid game"))["embeds"][0]
    assert embed["title"] == "Elenco de Round 6 (Squid Game)"
    assert "__Fonte: TMDB__\nLee Jung-jae como **Seong Gi-hun**" in embed["description"]
    assert embed["footer"]["text"].startswith("Página 1/1 · série #")
    english = (await answer(fake, "cast", "en-US", show="squid game"))["embeds"][0]
    assert english["title"] == "Cast of Squid Game"
    assert "__From TMDB__\nLee Jung-jae as **Seong Gi-hun**" in english["description"]


async def test_cast_pages_turn_in_the_pressers_language(people_live) -> None:
    fake, _ = people_live
    first = await answer(fake, "cast", "ja", show="weak hero")
    assert first["embeds"][0]["title"] == "Weak Heroのキャスト"
    buttons = labels(first)
    assert set(buttons) == {"◀ 前へ", "次へ ▶"}
    stranger = Actor(user_id=424242424242424242, locale="ko")
    refused = await (await fake.click(buttons["次へ ▶"], actor=stranger)).callback()
    assert refused["data"]["flags"] & EPHEMERAL
    assert refused["data"]["content"] == "이 명령어를 실행한 멤버만 조작할 수 있어요."
    turned = await (await fake.click(buttons["次へ ▶"], actor=Actor(locale="ja"))).callback()
    assert turned["type"] == 7
    assert turned["data"]["embeds"][0]["footer"]["text"].startswith("2/")
    assert set(labels(turned["data"])) == {"◀ 前へ", "次へ ▶"}


async def test_not_found_and_no_such_season_in_the_members_language(people_live) -> None:
    fake, _ = people_live
    call = await fake.slash("actor", name="Nobody Atall", actor=Actor(locale="fr"))
    missing = await call.callback()
    assert missing["data"]["flags"] & EPHEMERAL
    assert missing["data"]["content"] == (
        "Personne dans le catalogue ne correspond à « Nobody Atall »."
    )
    call = await fake.slash("cast", show="squid game", season=9, actor=Actor(locale="ja"))
    refused = await call.callback()
    assert refused["data"]["content"] == (
        "カタログにイカゲーム（Squid Game）のシーズン9はありません。"
    )
