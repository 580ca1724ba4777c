"""The compact card, its buttons, provider cast, regions and credits, through the fake Discord."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from app import HallyuBot, prepare_database
from config import Settings
from core.providers import CastCredit, ProviderRef, SeasonInfo, ShowRecord, WatchOffer
from db.catalog_loader import load_catalog
from db.chart_import import import_netflix_file
from db.enrichment import EnrichmentRepository
from tests.charts.conftest import GLOBAL_HEADER, tsv
from tests.fakediscord import Actor, FakeDiscord, make_guild, run_bot

EPHEMERAL = 64
NO_PINGS: dict[str, list[str]] = {"parse": []}
STRANGER = Actor(user_id=424242424242424242)
FETCHED = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
PHYSICAL_100 = ("2023-02-12", "TV (Non-English)", "1", "Physical: 100", "Physical: 100: Season 1")
TMDB_NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB"


def data(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] in (4, 7), reply
    return reply["data"]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        c["label"]: c["custom_id"]
        for row in message.get("components", [])
        for c in row["components"]
        if c["type"] == 2
    }


def weak_hero_tmdb() -> ShowRecord:
    """TMDB's view of Weak Hero as its client builds it: one cast member the catalog lacks,
    and where to watch in two regions."""
    link = "https://www.themoviedb.org/tv/155440/watch"
    return ShowRecord(
        ref=ProviderRef("tmdb", 155440),
        name="Weak Hero",
        fetched_at=FETCHED,
        url="https://www.themoviedb.org/tv/155440",
        kind="drama",
        genres=("Drama", "Action & Adventure"),
        language="ko",
        origin_countries=("KR",),
        rating=8.6,
        rating_votes=420,
        poster_url="https://image.tmdb.org/t/p/w500/weak-hero.jpg",
        cast=(
            CastCredit(ProviderRef("tmdb", 1), "Park Ji-hoon", "박지훈", "Yeon Si-eun", 0, 16),
            CastCredit(ProviderRef("tmdb", 77), "Kim Su-gyeom", None, "Young-bin", 5, 8),
        ),
        watch=(
            WatchOffer("KR", "Netflix", "flatrate", link),
            WatchOffer("KR", "Wavve", "flatrate", link),
            WatchOffer("US", "Netflix", "flatrate", link),
        ),
    )


async def enrich_weak_hero(settings: Settings) -> None:
    db = await prepare_database(settings.database_path)
    try:
        show_id = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
        await EnrichmentRepository(db).store(show_id, weak_hero_tmdb(), "auto")
    finally:
        await db.close()


def card_lines(embed: dict[str, Any]) -> int:
    count = 1 + len(embed.get("description", "").split("\n"))
    count += sum(1 + len(f["value"].split("\n")) for f in embed.get("fields", []))
    return count + 1


def embed_size(embed: dict[str, Any]) -> int:
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f["name"] + f["value"] for f in embed.get("fields", [])]
    parts.append(embed.get("footer", {}).get("text", ""))
    return sum(len(p) for p in parts)


async def test_the_card_is_compact_and_its_buttons_answer_whoever_presses(live) -> None:
    fake, _ = live
    card = data(await (await fake.slash("show", query="weak hero")).callback())
    assert card["allowed_mentions"] == NO_PINGS and not card.get("flags", 0) & EPHEMERAL
    embed = card["embeds"][0]
    assert embed_size(embed) < 1200 and card_lines(embed) <= 20
    assert "…and" not in str(embed) and " more" not in str(embed)
    ids = buttons(card)
    assert list(ids) == ["Cast", "Notes", "Sources"]
    show_id = embed["footer"]["text"].rsplit("#", 1)[1]
    assert ids == {name: f"card:{name.lower()}:{show_id}" for name in ids}

    notes = data(await (await fake.click(ids["Notes"], actor=STRANGER)).callback())
    assert notes["flags"] & EPHEMERAL and notes["allowed_mentions"] == NO_PINGS
    assert notes["embeds"][0]["title"] == "Notes: Weak Hero"
    assert "Weak Class Hero" in notes["embeds"][0]["description"]
    assert "Rotten Tomatoes audience score: **95%**" in notes["embeds"][0]["description"]

    sources = data(await (await fake.click(ids["Sources"])).callback())
    assert sources["flags"] & EPHEMERAL and sources["allowed_mentions"] == NO_PINGS
    assert "](https://en.wikipedia.org/wiki/Weak_Hero)" in sources["embeds"][0]["description"]

    cast = data(await (await fake.click(ids["Cast"], actor=STRANGER)).callback())
    assert cast["flags"] & EPHEMERAL
    assert "Lee Jun-young as **Geum Seong-j" in cast["embeds"][0]["description"]


async def test_buttons_still_answer_after_a_restart(settings: Settings) -> None:
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            card = data(await (await fake.slash("show", query="squid game")).callback())
        notes_id = buttons(card)["Notes"]
        # A new process: nothing of the first one's views is left, only the custom_id.
        async with run_bot(fake, HallyuBot(settings)):
            notes = data(await (await fake.click(notes_id, actor=STRANGER)).callback())
            assert notes["flags"] & EPHEMERAL and notes["allowed_mentions"] == NO_PINGS
            assert notes["embeds"][0]["title"] == "Notes: Squid Game"
        fake.assert_clean()


async def test_a_button_of_a_show_gone_from_the_store_says_so(settings: Settings) -> None:
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            card = data(await (await fake.slash("show", query="squid game")).callback())
            show_id = int(buttons(card)["Notes"].rsplit(":", 1)[1])
        db = await prepare_database(settings.database_path)
        async with db.transaction() as conn:
            await conn.execute(
                "UPDATE chart_titles SET show_id = NULL WHERE show_id = ?", (show_id,)
            )
            await conn.execute("DELETE FROM shows WHERE id = ?", (show_id,))
        await db.close()
        async with run_bot(fake, HallyuBot(settings)):
            gone = data(await (await fake.click(buttons(card)["Sources"])).callback())
            assert gone["flags"] & EPHEMERAL
            assert "no longer in the catalog" in gone["content"]
        fake.assert_clean()


async def test_region_from_the_servers_locale_or_the_option(settings: Settings) -> None:
    await enrich_weak_hero(settings)
    async with FakeDiscord([make_guild("Seoul fans", preferred_locale="ko")]) as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            card = data(await (await fake.slash("show", query="weak hero")).callback())
            embed = card["embeds"][0]
            fields = {f["name"]: f["value"] for f in embed["fields"]}
            assert fields["Where to watch in 🇰🇷 KR"] == (
                "Netflix (stream) · Wavve (stream) "
                "(data: [JustWatch](https://www.themoviedb.org/tv/155440/watch))"
            )
            assert embed["thumbnail"]["url"] == "https://image.tmdb.org/t/p/w500/weak-hero.jpg"
            assert embed["footer"]["text"].startswith(
                "Data: Hallyu catalog, TMDB, JustWatch · show #"
            )
            assert "Action & Adventure" in embed["description"].split("\n")[0]
            assert embed_size(embed) < 1200 and card_lines(embed) <= 20

            us = data(await (await fake.slash("show", query="weak hero", region="us")).callback())
            names = [f["name"] for f in us["embeds"][0]["fields"]]
            assert "Where to watch in 🇺🇸 US" in names

            offered = await (
                await fake.autocomplete("show", "region", "", query="weak hero")
            ).callback()
            assert offered["type"] == 8
            assert [c["value"] for c in offered["data"]["choices"]] == ["KR", "US"]
            typed = await (await fake.autocomplete("show", "region", "u", query="weak")).callback()
            assert [c["value"] for c in typed["data"]["choices"]] == ["US"]
            unknown = await (await fake.autocomplete("show", "region", "", query="zzqq")).callback()
            assert unknown["data"]["choices"] == []

            bad = data(
                await (await fake.slash("show", query="weak hero", region="@everyone")).callback()
            )
            assert bad["flags"] & EPHEMERAL and bad["allowed_mentions"] == NO_PINGS
            refusal = (
                "That region is not an ISO 3166 country code (such as KR, US or FR) nor a "
                "country's name."
            )
            assert bad["content"] == refusal
            # ZZ is two letters but no country: refused as /chart top refuses it.
            zz = data(await (await fake.slash("show", query="weak hero", region="ZZ")).callback())
            assert zz["flags"] & EPHEMERAL and zz["content"] == refusal
            # A country's name or alias is taken, as everywhere.
            korea = data(
                await (await fake.slash("show", query="weak hero", region="korea")).callback()
            )
            names = [f["name"] for f in korea["embeds"][0]["fields"]]
            assert "Where to watch in 🇰🇷 KR" in names
        fake.assert_clean()


async def test_cast_and_actor_show_the_providers_cast(settings: Settings) -> None:
    await enrich_weak_hero(settings)
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            first = data(await (await fake.slash("cast", show="weak hero")).callback())
            pages = [first["embeds"][0]["description"]]
            next_id = buttons(first)["Next ▶"]
            while True:
                turned = data(await (await fake.click(next_id)).callback())
                pages.append(turned["embeds"][0]["description"])
                if turned["embeds"][0]["footer"]["text"].startswith(
                    "Page {0}/{0}".format(len(pages))
                ):
                    break
            joined = "\n".join(pages)
            assert "__From TMDB__\nKim Su-gyeom as **Young-bin**" in joined
            # Park Ji-hoon is curated: TMDB's listing of him adds no second line.
            assert joined.count("Park Ji-hoon") == 2  # Class 1 and Class 2, as curated

            actor = data(await (await fake.slash("actor", name="Kim Su-gyeom")).callback())
            embed = actor["embeds"][0]
            assert embed["fields"][0] == {
                "name": "Weak Hero",
                "value": "**Young-bin** (TMDB)",
                "inline": False,
            }
            assert embed["footer"]["text"].startswith("Data: TMDB · person #")
        fake.assert_clean()


async def test_about_credits_the_providers(live) -> None:
    fake, _ = live
    about = data(await (await fake.slash("about")).callback())
    credits = next(
        f["value"] for f in about["embeds"][0]["fields"] if f["name"] == "Data and credits"
    )
    assert f"{TMDB_NOTICE}." in credits
    assert "[TVmaze](https://www.tvmaze.com)" in credits
    assert "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)" in credits
    assert "JustWatch" in credits


async def test_a_chart_made_show_says_what_it_is_known_from(settings: Settings) -> None:
    rows = [(*PHYSICAL_100, "52380000", "", "", "2")]
    db = await prepare_database(settings.database_path)
    await import_netflix_file(db, tsv(GLOBAL_HEADER, rows), "all-weeks-global.tsv")
    await db.close()
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            card = data(await (await fake.slash("show", query="physical 100")).callback())
            embed = card["embeds"][0]
            assert embed["description"] == (
                "Known from Netflix's Top 10 only: no catalog or provider details yet."
            )
            assert "Drama" not in str(embed)
            assert [f["name"] for f in embed["fields"]] == ["Netflix Top 10"]
            assert embed["footer"]["text"].startswith("Data: Netflix Top 10 · show #")
            assert list(buttons(card)) == []
        fake.assert_clean()


async def test_the_picker_lists_korean_titles_first_among_near_equal_matches(
    settings: Settings,
) -> None:
    db = await prepare_database(settings.database_path)
    # Loaded Japanese first, so only the Korean-first rule can put the Korean one on top.
    triplets = {
        "format": 1,
        "shows": [
            {"slug": "mirror-jp", "title": "Mirror", "country": "JP"},
            {"slug": "mirror-us", "title": "Mirror", "country": "US"},
            {"slug": "mirror-kr", "title": "Mirror", "country": "KR"},
        ],
    }
    await load_catalog(db, json.dumps(triplets).encode(), "mirrors.json")
    await db.close()
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            ask = data(await (await fake.slash("show", query="mirror")).callback())
            menu = ask["components"][0]["components"][0]
            labels = [o["label"] for o in menu["options"]]
            assert labels[0] == "Mirror (KR)" and sorted(labels[1:]) == [
                "Mirror (JP)",
                "Mirror (US)",
            ]
            picked = data(
                await (
                    await fake.select(menu["custom_id"], [menu["options"][0]["value"]])
                ).callback()
            )
            assert picked["embeds"][0]["description"].startswith("🇰🇷 KR")
            assert list(buttons(picked)) == []  # nothing behind buttons for a bare show
        fake.assert_clean()


async def test_the_season_count_agrees_with_the_seasons_listed(settings: Settings) -> None:
    # Netflix charted two seasons (real rows); TVmaze, as fetched, lists only the first.
    rows = [
        (*PHYSICAL_100, "52380000", "", "", "2"),
        ("2024-03-24", "TV (Non-English)", "2", "Physical: 100", "Physical: 100: Season 2",
         "30500000", "", "", "1"),
    ]  # fmt: skip
    db = await prepare_database(settings.database_path)
    await import_netflix_file(db, tsv(GLOBAL_HEADER, rows), "all-weeks-global.tsv")
    show_id = await db.fetchval("SELECT show_id FROM chart_titles LIMIT 1")
    record = ShowRecord(
        ref=ProviderRef("tvmaze", 64587),
        name="Physical: 100",
        fetched_at=FETCHED,
        url="https://www.tvmaze.com/shows/64587/physical-100",
        kind="reality",
        origin_countries=("KR",),
        seasons=(SeasonInfo(1, None, 9, "2023-01-24", "2023-02-07"),),
    )
    await EnrichmentRepository(db).store(show_id, record, "auto")
    await db.close()
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            card = data(await (await fake.slash("show", query="physical 100")).callback())
            embed = card["embeds"][0]
            assert "2 seasons" in embed["description"]
            fields = {f["name"]: f["value"] for f in embed["fields"]}
            assert fields["Seasons"].split("\n") == [
                "**Season 1** · 9 episodes · 24 Jan 2023 – 7 Feb 2023 · TVmaze",
                "**Season 2** · Netflix Top 10",
            ]
        fake.assert_clean()
