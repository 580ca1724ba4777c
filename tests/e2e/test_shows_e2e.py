"""`/show`, `/cast`, `/actor`, `/about` through the local fake Discord and real discord.py."""

import json
from pathlib import Path
from typing import Any

import pytest

from app import HallyuBot, prepare_database
from config import Settings
from db.catalog_loader import load_catalog
from tests.fakediscord import Actor, FakeDiscord, run_bot

EPHEMERAL = 64
NO_PINGS: dict[str, list[str]] = {"parse": []}


def data(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] in (4, 7), reply
    return reply["data"]


async def test_show_card_is_public_and_pings_nobody(live) -> None:
    fake, _ = live
    reply = data(await (await fake.slash("show", query="weak hero")).callback())
    assert not reply.get("flags", 0) & EPHEMERAL
    assert reply["allowed_mentions"] == NO_PINGS
    embed = reply["embeds"][0]
    assert embed["title"] == "Weak Hero (약한영웅)"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Park Ji-hoon as **Yeon Si-eun**" in fields["Cast"]
    assert "Wavve" in fields["Seasons"] and "Netflix" in fields["Seasons"]


@pytest.mark.parametrize("query", ["weak class hero", "약한영웅", "weak heor", "WeakHero"])
async def test_aliases_hangul_and_typos(live, query: str) -> None:
    fake, _ = live
    reply = data(await (await fake.slash("show", query=query)).callback())
    assert reply["embeds"][0]["title"] == "Weak Hero (약한영웅)"


async def test_autocomplete_offers_ids_within_limits(live) -> None:
    fake, _ = live
    reply = await (await fake.autocomplete("show", "query", "weak")).callback()
    assert reply["type"] == 8
    choices = reply["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0]["name"].startswith("Weak Hero (")
    assert choices[0]["value"].startswith("show:")
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    # Picking the suggestion loads that exact show, by id.
    picked = data(await (await fake.slash("show", query=choices[0]["value"])).callback())
    assert picked["embeds"][0]["title"] == "Weak Hero (약한영웅)"
    empty = await (await fake.autocomplete("show", "query", "")).callback()
    assert 1 <= len(empty["data"]["choices"]) <= 25


async def test_stale_autocomplete_id_does_not_search_by_title(live) -> None:
    fake, _ = live
    reply = data(await (await fake.slash("show", query="show:999999")).callback())
    assert reply["flags"] & EPHEMERAL
    assert "no longer in the catalog" in reply["content"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zzqqxx", "No show matches"),
        ("   ", "Type a show"),
        ("x" * 5000, "too long"),
        ("@everyone", "No show matches"),
        ("'; DROP TABLE shows; --", "No show matches"),
        ("🔥🔥", "no letters or numbers"),
    ],
)
async def test_bad_queries_get_an_ephemeral_clear_reply(live, query: str, expected: str) -> None:
    fake, bot = live
    before = await bot.catalog.stats()
    reply = data(await (await fake.slash("show", query=query)).callback())
    assert reply["flags"] & EPHEMERAL
    assert reply["allowed_mentions"] == NO_PINGS
    assert expected in reply["content"]
    assert "@everyone" not in reply["content"]
    assert await bot.catalog.stats() == before


async def test_cast_pages_turn_for_the_owner_only(live) -> None:
    fake, _ = live
    first = data(await (await fake.slash("cast", show="weak hero")).callback())
    assert first["embeds"][0]["footer"]["text"].startswith("Page 1/")
    next_id = next(
        c["custom_id"]
        for row in first["components"]
        for c in row["components"]
        if c.get("label") == "Next ▶"
    )
    stranger = Actor(user_id=424242424242424242)
    refused = await (await fake.click(next_id, actor=stranger)).callback()
    assert refused["data"]["flags"] & EPHEMERAL
    turned = await (await fake.click(next_id)).callback()
    assert turned["type"] == 7
    assert turned["data"]["embeds"][0]["footer"]["text"].startswith("Page 2/")


async def test_actor_and_about(live) -> None:
    fake, _ = live
    actor = data(await (await fake.slash("actor", name="Park Ji-hoon")).callback())
    assert actor["embeds"][0]["title"] == "Park Ji-hoon (박지훈)"
    people = await (await fake.autocomplete("actor", "name", "park")).callback()
    assert any(c["name"] == "Park Ji-hoon" for c in people["data"]["choices"])
    about = data(await (await fake.slash("about")).callback())
    assert about["embeds"][0]["title"] == "Hallyu"


async def test_equally_likely_shows_are_picked_from_a_menu(settings: Settings) -> None:
    db = await prepare_database(settings.database_path)
    twins = {
        "format": 1,
        "shows": [
            {"slug": "mirror-kr", "title": "Mirror", "country": "KR"},
            {"slug": "mirror-jp", "title": "Mirror", "country": "JP"},
        ],
    }
    await load_catalog(db, json.dumps(twins).encode(), "twins.json")
    await db.close()
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            ask = data(await (await fake.slash("show", query="mirror")).callback())
            menu = ask["components"][0]["components"][0]
            assert menu["type"] == 3 and len(menu["options"]) == 2
            japanese = next(o for o in menu["options"] if "JP" in o["label"])
            picked = await (await fake.select(menu["custom_id"], [japanese["value"]])).callback()
            assert picked["type"] == 7
            assert "🇯🇵 JP" in picked["data"]["embeds"][0]["description"]
        fake.assert_clean()


def test_no_spec_copy_in_repo() -> None:
    root = Path(__file__).resolve().parents[2]
    assert not list(root.glob("**/openapi.json"))
