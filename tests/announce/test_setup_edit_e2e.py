"""`/announce setup` again, `/announce edit`, countries checked like `/chart`, and what
members read in a post: end to end on the fake Discord with the real chart store."""

from __future__ import annotations

import datetime as dt
from typing import Any

import discord

from app import HallyuBot
from db.announce import AnnouncementRepository
from db.chart_import import import_netflix_file
from scheduler.poster import legacy_reference
from tests.charts.conftest import country_file, global_file
from tests.fakediscord import FakeDiscord, InjectedInteraction

from .test_commands import answer

KR_WEEK = dt.date(2025, 4, 27)


def first_channel(fake: FakeDiscord) -> int:
    return fake.guild.text_channels()[0].id


async def text(interaction: InjectedInteraction) -> str:
    data: dict[str, Any] = await answer(interaction)
    assert data["flags"] & 64, "setup and edit answer ephemerally"
    assert data["allowed_mentions"] == {"parse": []}
    return str(data["content"])


async def test_setup_again_keeps_settings_and_edit_changes_only_what_is_given(live) -> None:
    fake, bot = live
    target = first_channel(fake)
    repo = AnnouncementRepository(bot.db)
    await text(
        await fake.slash(
            "announce setup", channel=target, day=4, time="21:30", timezone="Asia/Seoul"
        )
    )
    [sub] = await repo.in_guild(fake.guild.id)
    assert sub.schedule.describe() == "Fridays at 21:30 (Asia/Seoul)"
    # Setup again for the same channel and list: says so, keeps day, time and zone.
    reply = await text(await fake.slash("announce setup", channel=target))
    assert reply.startswith(
        "This channel already has announcement #1 for Global · TV (Non-English); "
        "its settings are kept.\n"
    )
    assert "every Friday at 21:30 (Asia/Seoul)" in reply
    [again] = await repo.in_guild(fake.guild.id)
    assert again.schedule == sub.schedule and again.id == sub.id
    # ...and changes only what is given again.
    reply = await text(await fake.slash("announce setup", channel=target, time="08:00"))
    assert "; changed: time.\n" in reply and "every Friday at 08:00 (Asia/Seoul)" in reply
    # Edit: one option, the rest stays.
    reply = await text(await fake.slash("announce edit", day=0))
    assert reply.startswith("Changed announcement #1 (Global · TV (Non-English)): day.\nIn <#")
    [edited] = await repo.in_guild(fake.guild.id)
    assert edited.schedule.describe() == "Mondays at 08:00 (Asia/Seoul)"
    assert (edited.category, edited.country_iso2, edited.role_id) == (
        sub.category,
        sub.country_iso2,
        sub.role_id,
    )
    reply = await text(await fake.slash("announce edit", timezone="UTC", category="TV (English)"))
    assert reply.startswith(
        "Changed announcement #1 (Global · TV (English)): category and time zone.\n"
    )
    [edited] = await repo.in_guild(fake.guild.id)
    assert edited.schedule.describe() == "Mondays at 08:00 (UTC)"
    assert edited.category == "TV (English)"
    # Nothing given: a clear message, nothing changed.
    data = await answer(await fake.slash("announce edit"))
    assert "Give at least one option to change" in data["content"]
    assert await repo.in_guild(fake.guild.id) == [edited]
    assert fake.violations == []


async def test_countries_are_checked_as_chart_top_checks_them(live) -> None:
    fake, bot = live
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    await import_netflix_file(bot.db, country_file(), "all-weeks-countries.tsv")
    repo = AnnouncementRepository(bot.db)
    for country in ("ZZ", "Atlantis", "FR"):  # FR: a real country with no stored list
        setup = await answer(
            await fake.slash("announce setup", channel=first_channel(fake), country=country)
        )
        chart = await answer(await fake.slash("chart top", country=country))
        assert setup["content"] == chart["content"], country
        assert setup["content"].startswith(f"No country list matches “{country}”")
    assert await repo.in_guild(fake.guild.id) == []
    zz = await answer(await fake.slash("chart top", country="ZZ"))
    assert "not an ISO 3166 country code" in zz["content"]
    fr = await answer(await fake.slash("chart top", country="FR"))
    assert "Netflix's stored lists have none for France (FR)" in fr["content"]
    # A country in the data is taken by name or code, the same way.
    ok = await text(
        await fake.slash("announce setup", channel=first_channel(fake), country="south korea")
    )
    assert "Set up announcement #1: South Korea · TV.\n" in ok


async def test_preview_does_not_claim_no_data_when_data_exists(live) -> None:
    fake, bot = live
    # Subscribed before any data (any ISO country is accepted then)...
    await text(await fake.slash("announce setup", channel=first_channel(fake), country="KR"))
    # ...then only the global file arrives.
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    data = await answer(await fake.slash("announce preview"))
    assert "No chart data is imported yet" not in data["content"]
    assert data["content"].startswith("Netflix's stored lists have no week of South Korea")


async def test_a_post_reads_clean(live) -> None:
    fake, bot = live
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    await import_netflix_file(bot.db, country_file(), "all-weeks-countries.tsv")
    target = first_channel(fake)
    setup = await text(await fake.slash("announce setup", channel=target, country="KR"))
    data = await answer(await fake.slash("announce post"))
    assert "Posted the week of" in data["content"]
    [post] = [m for m in fake.messages(target) if "interaction_metadata" not in m]
    embed = post["embeds"][0]
    assert embed["title"] == "Netflix Top 10 · South Korea · TV"
    # Setup, status and the post name the list the same way (South Korea's stored file
    # has only "TV", which the post shows, not the default "TV (Non-English)").
    assert "Set up announcement #1: South Korea · TV.\n" in setup
    status = await answer(await fake.slash("announce status"))
    assert [f["name"] for f in status["embeds"][0]["fields"]] == ["#1 · South Korea · TV"]
    # No internal reference for members to read; the post is found again by its link.
    assert "ref " not in embed["footer"]["text"]
    assert embed["url"] == f"https://www.netflix.com/tudum/top10#hallyu-1-{KR_WEEK}"
    # The admin chose no category: no note about how country lists are split.
    assert "Country lists rank" not in embed["description"]
    # The post is found again after a crash by that link.
    poster = bot.announcements.engine.poster
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    found = await poster.find(target, f"#hallyu-1-{KR_WEEK}", since)
    assert found == int(post["id"])


async def test_the_opening_line_names_the_list_as_the_embed_does(live) -> None:
    _, bot = live
    await import_netflix_file(bot.db, country_file(), "all-weeks-countries.tsv")
    hb: HallyuBot = bot
    feed = hb.announcements.feed
    rendered = await feed.render("TV (Non-English)", "KR", dt.date(2022, 1, 23))
    assert rendered is not None
    assert rendered.title == "South Korea · TV"
    assert rendered.embed.title == f"Netflix Top 10 · {rendered.title}"


async def test_a_post_from_before_the_link_marker_is_still_found(live) -> None:
    """A claim left by the previous version: its post named itself in the footer."""
    fake, bot = live
    target = first_channel(fake)
    old = discord.Embed(title="Netflix Top 10 · Global · TV (Non-English)", description="…")
    old.set_footer(text="Source: Netflix Top 10 (top10.netflix.com) · ref 3/2025-04-27")
    sent = await bot.get_partial_messageable(target).send(embed=old)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    poster = bot.announcements.engine.poster
    assert await poster.find(target, "#hallyu-3-2025-04-27", since) == sent.id
    assert await poster.find(target, "#hallyu-4-2025-04-27", since) is None
    assert legacy_reference("#hallyu-12-2025-04-27") == "ref 12/2025-04-27"
