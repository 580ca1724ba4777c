"""`/show`, `/actor` and `/chart top` through the fake Discord, with the fake TVmaze behind
the bot: enriched answers, live searches for what the store lacks, and outages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from services.enrich import EnrichJob
from tests.enrich.conftest import import_chart, tvmaze_client
from tests.fakediscord import FakeDiscord, run_bot
from tests.fakeproviders.tvmaze import FakeTvmaze

EPHEMERAL = 64
DEFERRED = 5
Live = tuple[FakeDiscord, HallyuBot, FakeTvmaze]


@pytest.fixture
async def enriched(settings: Settings, fake_tvmaze: FakeTvmaze) -> AsyncIterator[Live]:
    async with FakeDiscord() as fake:
        bot = HallyuBot(settings)
        bot.providers = [tvmaze_client(fake_tvmaze, timeout=5.0)]
        async with run_bot(fake, bot) as running:
            await running.tree.sync()
            yield fake, running, fake_tvmaze
        fake.assert_clean()


def data(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] in (4, 7), reply
    return dict(reply["data"])


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def text_of(embed: dict[str, Any]) -> str:
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


async def test_commands_after_enrichment(enriched: Live) -> None:
    fake, bot, _ = enriched
    await import_chart(bot.db)
    await EnrichJob(bot.db, bot.providers, notify=bot.refresh_titles).run()

    glory = data(await (await fake.slash("show", query="the glory")).callback())["embeds"][0]
    card = text_of(glory)
    assert "Song Hye-kyo" in card
    assert "TVmaze (CC BY-SA 4.0)" in card  # the provider is credited as the source
    facts_line = card.splitlines()[1]
    assert facts_line.startswith("Drama · 🇰🇷 KR")
    facts = await bot.catalog.show(bot.cards.resolve("the glory").show_id or 0)
    assert facts is not None and (facts.show.kind, facts.show.country) == ("drama", "KR")
    physical = data(await (await fake.slash("show", query="physical 100")).callback())
    physical_card = text_of(physical["embeds"][0])
    assert physical_card.splitlines()[1].startswith("Reality show · 🇰🇷 KR")
    assert "Drama" not in physical_card
    facts = await bot.catalog.show(bot.cards.resolve("physical 100").show_id or 0)
    assert facts is not None and facts.show.kind == "reality"

    top = data(await (await fake.slash("chart top", week="2023-01-08")).callback())
    lines = text_of(top["embeds"][0])
    assert "A Korean show is No. 1: **The Glory**" in lines
    assert any("The Glory" in line and "🇰🇷" in line for line in lines.splitlines()), lines
    reina_line = next(line for line in lines.splitlines() if "La Reina del Sur" in line)
    assert "🇰🇷" not in reina_line  # unknown origin is never marked

    # An actor known only from TVmaze's cast list.
    actor = data(await (await fake.slash("actor", name="Lee Do-hyun")).callback())
    assert "The Glory" in text_of(actor["embeds"][0])


async def test_a_show_not_in_the_store_is_searched_live_and_kept(enriched: Live) -> None:
    fake, _, provider = enriched
    reply = data(await (await fake.slash("show", query="good doctor")).callback())
    assert "Good Doctor" in reply["embeds"][0]["title"]
    assert not reply.get("flags", 0) & EPHEMERAL
    # Stored: the next lookup (and autocomplete) is local, with no provider call.
    calls = len(provider.requests)
    again = data(await (await fake.slash("show", query="good doctor")).callback())
    assert "Good Doctor" in again["embeds"][0]["title"]
    assert len(provider.requests) == calls
    choices = await (await fake.autocomplete("show", "query", "good doc")).callback()
    assert any("Good Doctor" in c["name"] for c in choices["data"]["choices"])
    assert len(provider.requests) == calls


async def test_an_actor_not_in_the_store_is_searched_live(enriched: Live) -> None:
    fake, _, _ = enriched
    reply = data(await (await fake.slash("actor", name="Joo Won")).callback())
    assert "Good Doctor" in text_of(reply["embeds"][0])


async def test_a_slow_search_defers_then_answers(enriched: Live) -> None:
    fake, _, provider = enriched
    provider.hang_seconds = 2.5
    provider.fail("hang", times=1, path="/search/shows")
    ix = await fake.slash("show", query="good doctor")
    first = await ix.callback()
    assert first["type"] == DEFERRED
    followups = await ix.wait_followups(1)
    assert "Good Doctor" in followups[0].json["embeds"][0]["title"]


async def test_an_outage_says_so_and_commands_keep_answering(enriched: Live) -> None:
    fake, bot, provider = enriched
    await provider.close()
    reply = data(await (await fake.slash("show", query="good doctor")).callback())
    assert reply["flags"] & EPHEMERAL
    assert "could not be reached" in reply["content"]
    assert "Traceback" not in reply["content"]
    person = data(await (await fake.slash("actor", name="Joo Won")).callback())
    assert person["flags"] & EPHEMERAL and "could not be reached" in person["content"]
    # The store still answers, and the job run alongside writes nothing.
    weak = data(await (await fake.slash("show", query="weak hero")).callback())
    assert weak["embeds"][0]["title"].startswith("Weak Hero")
    job = asyncio.create_task(EnrichJob(bot.db, bot.providers).run())
    top = data(await (await fake.slash("chart top")).callback())
    assert top
    summary = await job
    assert summary.count("matched") == 0
    assert await bot.db.fetchval("SELECT COUNT(*) FROM provider_shows") == 0


async def test_a_slow_miss_is_still_an_ephemeral_answer(enriched: Live) -> None:
    fake, _, provider = enriched
    provider.hang_seconds = 2.5
    provider.fail("hang", times=1, path="/search/shows")
    ix = await fake.slash("show", query="a show nobody has heard of")
    assert (await ix.callback())["type"] == DEFERRED
    followups = await ix.wait_followups(1)
    error = followups[0].json
    assert error["flags"] & EPHEMERAL
    assert error["content"].startswith("No show matches")
    # The public "thinking…" placeholder was taken back, so only the member sees the miss.
    assert await fake.wait_for_request("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
