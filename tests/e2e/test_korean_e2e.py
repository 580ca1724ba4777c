"""Korean titles on display: `/chart top korean:true` and `/announce korean`, end to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot, prepare_database
from config import Settings
from core.providers import ProviderRef, ShowRecord
from db.announce import AnnouncementRepository
from db.enrichment import EnrichmentRepository
from tests.charts.conftest import import_fixtures
from tests.fakediscord import FakeDiscord, InjectedInteraction, make_guild, run_bot

EPHEMERAL = 64
NO_PINGS: dict[str, list[str]] = {"parse": []}
FETCHED = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


async def answer(interaction: InjectedInteraction) -> dict[str, Any]:
    body = await interaction.callback()
    if body["type"] == 5:
        await interaction.wait_followups()
        original = interaction.original()
        assert original is not None
        return original
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture
async def korean_bot(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    """The chart fixtures imported; "Our Beloved Summer" (chart-made) enriched as Korean by
    TMDB's origin country, the other chart-made titles left with no known origin."""
    db = await prepare_database(settings.database_path)
    await import_fixtures(db)
    summer = await db.fetchval(
        "SELECT show_id FROM chart_titles WHERE show_title = 'Our Beloved Summer'"
    )
    record = ShowRecord(
        ref=ProviderRef("tmdb", 128940),
        name="Our Beloved Summer",
        fetched_at=FETCHED,
        original_name="그 해 우리는",
        kind="drama",
        language="ko",
        origin_countries=("KR",),
    )
    await EnrichmentRepository(db).store(summer, record, "auto")
    await db.close()
    guild = make_guild(channel_names=["general", "announcements"])
    async with FakeDiscord([guild]) as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            yield fake, bot
        fake.assert_clean()


def list_lines(embed: dict[str, Any]) -> list[str]:
    return [line for line in embed["description"].split("\n") if line.startswith("`")]


async def test_chart_top_keeps_only_korean_titles_with_their_ranks(korean_bot) -> None:
    fake, _ = korean_bot
    reply = await answer(await fake.slash("chart top", week="2025-05-04", korean=True))
    assert reply["allowed_mentions"] == NO_PINGS and not reply.get("flags", 0) & EPHEMERAL
    embed = reply["embeds"][0]
    assert embed["title"] == "Netflix Top 10 · Global · TV (Non-English) · Korean titles"
    assert list_lines(embed) == [
        "` 2.` **Weak Hero** (Class 2) 🇰🇷",
        "` 5.` **Weak Hero** (Class 1) 🇰🇷",
        "` 7.` **Resident Playbook** (Limited Series) 🇰🇷",
    ]
    # The whole list is unchanged without the option.
    whole = await answer(await fake.slash("chart top", week="2025-05-04"))
    assert len(list_lines(whole["embeds"][0])) == 10


async def test_a_list_with_no_known_korean_title_says_so(korean_bot) -> None:
    fake, _ = korean_bot
    reply = await answer(await fake.slash("chart top", week="2021-07-04", korean=True))
    embed = reply["embeds"][0]
    assert list_lines(embed) == []
    assert "None of this list's 4 titles is known to be Korean." in embed["description"]
    # In South Korea's list only the title a source calls Korean is kept; the others'
    # origin is unknown, so they are not counted either way.
    seoul = await answer(
        await fake.slash("chart top", week="2022-01-23", country="KR", korean=True)
    )
    assert list_lines(seoul["embeds"][0]) == ["` 1.` **Our Beloved Summer** (Season 1) 🇰🇷"]


async def test_announcements_post_only_or_highlight_the_korean_titles(korean_bot) -> None:
    fake, bot = korean_bot
    target = next(c.id for c in fake.guild.text_channels() if c.name == "announcements")
    await answer(await fake.slash("announce setup", channel=target))
    [sub] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert sub.korean == "all"

    chosen = await answer(await fake.slash("announce korean", mode="only"))
    assert chosen["flags"] & EPHEMERAL and chosen["allowed_mentions"] == NO_PINGS
    assert "\nEach post shows only the Korean titles.\n" in chosen["content"]
    preview = await answer(await fake.slash("announce preview"))
    embed = preview["embeds"][0]
    assert embed["title"].endswith(" · Korean titles")
    assert [line.split("**")[1] for line in list_lines(embed)] == [
        "Weak Hero",
        "Weak Hero",
        "Resident Playbook",
    ]
    status = await answer(await fake.slash("announce status"))
    assert "Each post shows only the Korean titles." in status["embeds"][0]["fields"][0]["value"]

    # The real weekly post goes out the same way.
    posted = await answer(await fake.slash("announce post"))
    assert "Posted the week of" in posted["content"]
    [message] = fake.messages(target)[-1:]
    assert message["embeds"][0]["title"].endswith(" · Korean titles")
    assert len(list_lines(message["embeds"][0])) == 3

    await answer(await fake.slash("announce korean", mode="highlight"))
    preview = await answer(await fake.slash("announce preview"))
    embed = preview["embeds"][0]
    assert len(list_lines(embed)) == 10
    assert embed["fields"][0] == {
        "name": "🇰🇷 Korean titles this week",
        "value": "No. 2: **Weak Hero** (Class 2)\nNo. 5: **Weak Hero** (Class 1)\n"
        "No. 7: **Resident Playbook** (Limited Series)",
        "inline": False,
    }
    [sub] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert sub.korean == "highlight"


async def test_setup_and_edit_take_the_korean_option(korean_bot) -> None:
    fake, bot = korean_bot
    target = next(c.id for c in fake.guild.text_channels() if c.name == "announcements")
    made = await answer(await fake.slash("announce setup", channel=target, korean="only"))
    assert made["flags"] & EPHEMERAL and made["allowed_mentions"] == NO_PINGS
    assert "\nPings no role.\nEach post shows only the Korean titles.\n" in made["content"]
    [sub] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert sub.korean == "only"

    # Only what is given changes: the day stays, the Korean setting moves.
    edited = await answer(await fake.slash("announce edit", korean="highlight"))
    assert edited["content"].startswith(f"Changed announcement #{sub.id} (")
    assert "): Korean titles.\n" in edited["content"]
    assert "Each post shows the whole list, the Korean titles named first." in edited["content"]
    [after] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert (after.korean, after.schedule) == ("highlight", sub.schedule)

    same = await answer(await fake.slash("announce edit", korean="highlight"))
    assert "already has those settings" in same["content"]
    back = await answer(await fake.slash("announce edit", korean="all"))
    assert "): Korean titles.\n" in back["content"]
    assert "Each post shows the whole list, the Korean titles marked." in back["content"]
    # Setup again on the same channel and list keeps the rest and applies what is given.
    again = await answer(await fake.slash("announce setup", channel=target, korean="only"))
    assert "; changed: Korean titles.\n" in again["content"]
    [last] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert last.korean == "only"
