"""`/airing` end to end: injected interactions against the real bot on the fake Discord,
answered from the stored schedule with the test's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.airing import MAX_FOLLOWS
from tests.fakediscord import DEFAULT_EVERYONE_PERMISSIONS, Actor, InjectedInteraction

from .conftest import FANS, MEMBER
from .data import COURT, KST

EPHEMERAL = 64
BAD_TEXT = [
    "",
    "x" * 10_000,
    "달빛 법정 없음",
    "🎬🎬",
    "**bold** `code`",
    "@everyone",
    "'; DROP TABLE airing_follows; --",
]


async def answer(interaction: InjectedInteraction) -> dict[str, Any]:
    body = await interaction.callback()
    if body["type"] == 5:
        await interaction.wait_followups(1)
        original = interaction.original()
        assert original is not None
        return original
    data: dict[str, Any] = body["data"]
    return data


def text_of(data: dict[str, Any]) -> str:
    parts = [data.get("content") or ""]
    for embed in data.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


@pytest.fixture
async def stored(live_airing, clock):
    await live_airing.airing.refresh_schedule(clock(), days=14)
    return live_airing


async def count(bot, table: str) -> int:
    return int(await bot.db.fetchval(f"SELECT COUNT(*) FROM {table}"))


async def test_today_lists_the_nights_korean_episodes_in_discord_time(stored, discord_fake):
    data = await answer(await discord_fake.slash("airing today", timezone="Asia/Seoul"))
    assert not (data.get("flags") or 0) & EPHEMERAL
    embed = data["embeds"][0]
    assert embed["title"] == "Korean episodes on Wednesday 02 December 2026"
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "<t:1796212200:t> · <t:1796212200:R>"  # 20:50 in Seoul
    shown = text_of(data)
    assert "**Moonlit Court** · S01E01 “The Night Court Opens” · tvN" in shown
    assert "Last Train Home" in shown and "JTBC" in shown
    assert "KBS News 9" not in shown  # news fills the broadcast day, not a fan's week
    assert "TVmaze" in embed["footer"]["text"] and "Asia/Seoul" in embed["footer"]["text"]
    assert data["allowed_mentions"] == {"parse": []}
    assert discord_fake.violations == []


async def test_a_day_with_a_double_episode_and_a_platform_filter(stored, discord_fake):
    data = await answer(
        await discord_fake.slash("airing day", day="saturday", timezone="Asia/Seoul")
    )
    shown = text_of(data)
    assert "S01E03 “Verdict” · tvN (double episode)" in shown
    assert "S01E04 “Appeal” · tvN (double episode)" in shown
    netflix = await answer(
        await discord_fake.slash(
            "airing day", day="friday", platform="netflix", timezone="Asia/Seoul"
        )
    )
    text = text_of(netflix)
    assert "Seoul Night Drop" in text and "Han River Chef" not in text
    assert "8 episodes on netflix" in text and "(8 episodes that day)" in text


async def test_the_day_follows_the_servers_zone(stored, discord_fake):
    # In New York (UTC-5) "Thursday 3 December" holds Korea's Friday 12:00 drop on TVING.
    data = await answer(
        await discord_fake.slash("airing day", day="2026-12-03", timezone="America/New_York")
    )
    assert "Han River Chef" in text_of(data)
    assert "Moonlit Court** · S01E02" in text_of(data)
    india = await answer(
        await discord_fake.slash("airing day", day="2026-12-03", timezone="Asia/Kolkata")
    )
    assert "Han River Chef" not in text_of(india)


async def test_a_long_day_is_paginated(stored, discord_fake, schedule_fake, clock):
    from tests.fakeproviders.tvmaze import tvmaze_episode, tvmaze_show

    shows = [
        tvmaze_show(
            92000 + n,
            f"Filler Drama {n}",
            status="Running",
            network=("KBS2", "KR", "Asia/Seoul"),
            episodes=[
                tvmaze_episode(
                    9200000 + n,
                    1,
                    1,
                    dt.datetime(2026, 12, 6, 6 + n // 2, (n % 2) * 30, tzinfo=KST).isoformat(),
                )
            ],
        )
        for n in range(30)
    ]
    schedule_fake.add_shows(shows)
    await stored.airing.refresh_schedule(clock(), days=14)
    data = await answer(await discord_fake.slash("airing day", day="sunday", timezone="Asia/Seoul"))
    assert data["embeds"][0]["footer"]["text"].endswith("page 1/4")
    assert data["components"], "a page turner"
    assert discord_fake.violations == []


async def test_next_episode_finale_and_ended(stored, discord_fake, clock):
    data = await answer(await discord_fake.slash("airing next", show="moonlit court"))
    shown = text_of(data)
    assert "Next: **Moonlit Court** · S01E01" in shown and "in 11 hours 50 minutes" in shown
    clock.at(dt.datetime(2026, 12, 4, 9, 0, tzinfo=KST))
    await stored.airing.refresh_followed(clock())
    await stored.airing.refresh_show(
        (await stored.airing.schedule.find("Last Train Home"))[0].ref, clock()
    )
    ended = await answer(await discord_fake.slash("airing next", show="Last Train Home"))
    assert "Ended on JTBC. The finale, S01E16, aired <t:" in text_of(ended)


async def test_follow_following_unfollow(stored, discord_fake):
    target = discord_fake.guild.text_channels()[1].id
    data = await answer(
        await discord_fake.slash(
            "airing follow", show=f"tvmaze:{COURT}", channel=target, role=FANS.id
        )
    )
    assert f"Following **Moonlit Court** in <#{target}>, pinging <@&{FANS.id}>" in data["content"]
    assert data["allowed_mentions"] == {"parse": []}
    listing = await answer(await discord_fake.slash("airing following"))
    assert listing["flags"] & EPHEMERAL
    assert "Moonlit Court" in text_of(listing) and "1 follow used of 50" in text_of(listing)
    follows = await stored.airing.follows.in_guild(discord_fake.guild.id)
    [f] = follows
    gone = await answer(await discord_fake.slash("airing unfollow", show=str(f.id)))
    assert "Stopped following **Moonlit Court**" in gone["content"]
    assert await stored.airing.follows.in_guild(discord_fake.guild.id) == []


async def test_follow_a_show_found_only_by_a_live_search(stored, discord_fake, schedule_fake):
    from tests.fakeproviders.tvmaze import tvmaze_show

    schedule_fake.add_show(
        tvmaze_show(
            93001, "Spring Comes Late", status="In Development", network=("SBS", "KR", "Asia/Seoul")
        )
    )
    data = await answer(await discord_fake.slash("airing follow", show="Spring Comes Late"))
    assert "Following **Spring Comes Late**" in data["content"]
    assert "No upcoming episode" in data["content"]


async def test_members_cannot_follow_but_can_list(stored, discord_fake):
    member = Actor(user_id=MEMBER.id, permissions=DEFAULT_EVERYONE_PERMISSIONS)
    data = await answer(
        await discord_fake.slash("airing follow", show="Moonlit Court", actor=member)
    )
    assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"]
    assert await count(stored, "airing_follows") == 0
    listing = await answer(await discord_fake.slash("airing today", actor=member))
    assert "Korean episodes" in listing["embeds"][0]["title"]


async def test_everyone_is_never_pinged(stored, discord_fake):
    data = await answer(
        await discord_fake.slash("airing follow", show="Moonlit Court", role=discord_fake.guild.id)
    )
    assert "never ping @everyone" in data["content"]
    assert await count(stored, "airing_follows") == 0


async def test_fifty_follows_per_server(stored, discord_fake, clock):
    from core.providers import ProviderRef

    ref = ProviderRef("tvmaze", COURT)
    for n in range(MAX_FOLLOWS):
        await stored.airing.follows.follow(
            guild_id=discord_fake.guild.id,
            channel_id=10_000 + n,
            show=ref,
            role_id=None,
            by=1,
            now=clock(),
        )
    data = await answer(await discord_fake.slash("airing follow", show="Moonlit Court"))
    assert data["flags"] & EPHEMERAL and "50 shows" in data["content"]
    assert await count(stored, "airing_follows") == MAX_FOLLOWS


@pytest.mark.parametrize("bad", BAD_TEXT)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(stored, discord_fake, bad):
    before = await count(stored, "airing_follows"), await count(stored, "airing_episodes")
    for name, options in (
        ("airing next", {"show": bad}),
        ("airing follow", {"show": bad}),
        ("airing unfollow", {"show": bad}),
        ("airing day", {"day": bad}),
        ("airing today", {"platform": bad}),
        ("airing today", {"timezone": bad or "nowhere"}),
    ):
        data = await answer(await discord_fake.slash(name, **options))
        assert data["allowed_mentions"] == {"parse": []}
        if data.get("flags", 0) & EPHEMERAL:
            assert "Something went wrong" not in data["content"], (name, options)
        assert "@everyone" not in (data.get("content") or "").replace("@\u200beveryone", "")
    after = await count(stored, "airing_follows"), await count(stored, "airing_episodes")
    assert after == before
    assert discord_fake.violations == []


async def test_autocomplete_offers_stored_shows(stored, discord_fake):
    body = await (await discord_fake.autocomplete("airing next", "show", "moon")).callback()
    choices = body["data"]["choices"]
    assert choices[0] == {"name": "Moonlit Court (tvN)", "value": f"tvmaze:{COURT}"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
async def test_find_show_never_crashes(airing, clock, text):
    from core.errors import UserError

    try:
        await airing.find_show(text, clock())
    except UserError as exc:
        assert 0 < len(exc.message) < 1200


async def test_following_fetches_the_shows_own_episodes_once(stored, discord_fake, schedule_fake):
    before = len(schedule_fake.calls(f"/shows/{COURT}"))
    await answer(await discord_fake.slash("airing follow", show="Moonlit Court"))
    target = discord_fake.guild.text_channels()[2].id
    await answer(await discord_fake.slash("airing follow", show="Moonlit Court", channel=target))
    assert len(schedule_fake.calls(f"/shows/{COURT}")) == before + 1
    from core.providers import ProviderRef

    assert await stored.airing.schedule.episodes_fetched(ProviderRef("tvmaze", COURT))
