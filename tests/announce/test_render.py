import datetime as dt

import discord

from core.announce import Schedule
from core.i18n import Text
from db.announce import Delivery, Subscription
from render.announce import RenderedChart, announcement
from render.announce_status import StatusEntry, status_card
from render.limits import TOTAL

from .conftest import W, at

NOW = at("2025-04-30T10:00:00+00:00")


def subscription(role_id: int | None = None, paused: str | None = None, sub_id: int = 7):
    return Subscription(
        id=sub_id,
        guild_id=1,
        channel_id=2,
        category="TV (Non-English)",
        country_iso2="KR",
        schedule=Schedule(1, 18 * 60, "Asia/Seoul"),
        role_id=role_id,
        paused_reason=None if paused is None else Text(paused),
        paused_at=NOW if paused else None,
        created_by=3,
        created_at=NOW,
    )


def chart(
    highlight: str | None = "A Korean show is No. 1: **Weak Hero** (Class 2).",
) -> RenderedChart:
    embed = discord.Embed(title="Netflix Top 10 · South Korea · TV", description="1. …")
    embed.set_footer(text="Source: Netflix Top 10 (top10.netflix.com)")
    return RenderedChart(embed, highlight)


def test_the_post_opens_with_the_highlight_and_carries_its_reference():
    message = announcement(subscription(role_id=55), chart(), W, skipped=2)
    assert message.content is not None
    first, note = message.content.split("\n")
    assert first == "<@&55> A Korean show is No. 1: **Weak Hero** (Class 2)."
    assert "previous 2 weeks were not announced" in note
    # The reference rides in the title's link, not in text members read.
    assert message.embed.url == "https://www.netflix.com/tudum/top10#hallyu-7-2025-04-27"
    assert message.embed.footer.text == "Source: Netflix Top 10 (top10.netflix.com)"
    assert dict(message.allowed_mentions.to_dict()) == {"parse": [], "roles": [55]}


def test_tests_and_previews_never_ping_and_carry_no_reference():
    for kind in ("test", "preview"):
        message = announcement(subscription(role_id=55), chart(), W, skipped=2, kind=kind)
        assert message.content is not None
        assert "<@&" not in message.content and "Catching up" not in message.content
        assert "ref " not in (message.embed.footer.text or "")
        assert message.embed.url == "https://www.netflix.com/tudum/top10"
        assert dict(message.allowed_mentions.to_dict()) == {"parse": []}
        assert message.role_id is None
    test = announcement(subscription(), chart(), W, kind="test")
    assert test.content is not None and test.content.startswith("🧪 **Test announcement**")


def test_a_week_without_a_korean_title_still_has_an_opening_line():
    rendered = chart(highlight=None)
    named = RenderedChart(rendered.embed, None, "South Korea · TV")
    message = announcement(subscription(), named, W)
    # The opening names the list exactly as the embed's title does.
    assert message.content == "📺 Netflix Top 10, South Korea · TV, week of 21–27 Apr 2025"
    assert message.embed.title == "Netflix Top 10 · South Korea · TV"


def test_status_card_fits_discord_limits_whatever_the_reasons():
    reason = "**@everyone** " + "x" * 5000
    failing = Delivery(7, W, "failed", "n", None, 3, "HTTP 503 " + "y" * 3000, NOW, None, None)
    entries = [
        StatusEntry(subscription(paused=reason, sub_id=n), None, failing, NOW, None, W)
        for n in range(1, 6)
    ]
    embed = status_card(entries, 5)
    assert len(embed) <= TOTAL
    assert all(len(field.value or "") <= 1024 for field in embed.fields)
    assert "@everyone" not in (embed.fields[0].value or "").replace("@\u200beveryone", "")
    assert embed.footer.text == "5 of 5 subscriptions · times in your time zone"
    assert (embed.fields[0].value or "").startswith(
        "In <#2>, every Tuesday at 18:00 (Asia/Seoul).\nPings no role.\n"
    )
    empty = status_card([], 5)
    assert empty.description is not None and "/announce setup" in empty.description
    waiting = StatusEntry(subscription(), None, None, NOW + dt.timedelta(days=6), W, None)
    text = status_card([waiting], 5).fields[0].value or ""
    assert "waiting for Netflix's week of 21–27 Apr 2025" in text
    assert "No chart data for this list has been imported yet." in text
