"""`/chart top`, `/chart history` and their autocompletes through the local fake Discord."""

import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from tests.charts.conftest import import_fixtures
from tests.fakediscord import FakeDiscord
from tests.live_bot import live_bot

EPHEMERAL = 64
DEFERRED = 5  # the interaction callback type of "thinking…"
NO_PINGS: dict[str, list[str]] = {"parse": []}


@pytest.fixture
async def charts_live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    async with live_bot(settings, import_fixtures) as live:
        yield live


def data(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] == 4, reply
    return reply["data"]


async def test_chart_top_shows_weak_hero_class_2_at_no_1(charts_live) -> None:
    fake, _ = charts_live
    ix = await fake.slash("chart top", week="2025-04-27", category="TV (Non-English)")
    reply = data(await ix.callback())
    assert not reply.get("flags", 0) & EPHEMERAL
    assert reply["allowed_mentions"] == NO_PINGS
    embed = reply["embeds"][0]
    assert embed["title"] == "Netflix Top 10 · Global · TV (Non-English)"
    assert embed["description"].startswith("A Korean show is No. 1: **Weak Hero** (Class 2)")
    assert (
        "` 1.` **Weak Hero** (Class 2) 🇰🇷\n      34.9M hours · 6.1M views" in (embed["description"])
    )


async def test_chart_top_for_a_country(charts_live) -> None:
    fake, _ = charts_live
    reply = data(await (await fake.slash("chart top", country="KR")).callback())
    embed = reply["embeds"][0]
    assert embed["title"] == "Netflix Top 10 · South Korea · TV"
    assert "Weak Hero" in embed["description"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"week": "not a week"}, "is not a date"),
        ({"week": "1999-01-01"}, "No global TV (Non-English) list is stored"),
        ({"country": "@everyone"}, "No country list matches"),
        ({"week": "x" * 5000}, "is not a date"),
    ],
)
async def test_bad_options_get_an_ephemeral_message(charts_live, options, expected) -> None:
    fake, _ = charts_live
    reply = data(await (await fake.slash("chart top", **options)).callback())
    assert reply["flags"] & EPHEMERAL
    assert reply["allowed_mentions"] == NO_PINGS
    assert expected in reply["content"]


@pytest.mark.parametrize("defer_after", [None, 0.0], ids=["usual wait", "deferred at once"])
async def test_chart_history_answers_with_the_picture_attached(
    charts_live, monkeypatch: pytest.MonkeyPatch, defer_after: float | None
) -> None:
    fake, _ = charts_live
    if defer_after is not None:
        # The bot's own copy of the module: loading an extension executes it anew.
        monkeypatch.setattr(sys.modules["cogs.charts"], "DRAW_BEFORE_DEFER", defer_after)
    ix = await fake.slash("chart history", show="weak hero")
    if defer_after is not None:
        assert (await ix.callback())["type"] == DEFERRED
    reply, files = await ix.answer()
    embed = reply["embeds"][0]
    assert embed["title"] == "Weak Hero in Netflix's global Top 10"
    assert embed["image"]["url"] == "attachment://rank-history.png"
    assert "Best rank: **No. 1**" in embed["description"]
    (picture,) = files
    assert picture.filename == "rank-history.png"
    assert picture.data.startswith(b"\x89PNG")


async def test_autocomplete_weeks_follow_the_chosen_list(charts_live) -> None:
    fake, _ = charts_live
    reply = await (await fake.autocomplete("chart top", "week", "2025")).callback()
    assert reply["type"] == 8
    values = [choice["value"] for choice in reply["data"]["choices"]]
    assert values == ["2025-05-04", "2025-04-27", "2025-04-20"]
    typed = await (await fake.autocomplete("chart top", "week", "2025-04-23")).callback()
    assert typed["data"]["choices"][0] == {
        "name": "2025-04-27 (21–27 Apr 2025)",
        "value": "2025-04-27",
    }


async def test_autocomplete_countries(charts_live) -> None:
    fake, _ = charts_live
    reply = await (await fake.autocomplete("chart top", "country", "south")).callback()
    assert reply["data"]["choices"] == [{"name": "South Korea (KR)", "value": "KR"}]
    history = await (await fake.autocomplete("chart history", "country", "")).callback()
    assert history["data"]["choices"] == [{"name": "South Korea (KR)", "value": "KR"}]
    shows = await (await fake.autocomplete("chart history", "show", "weak")).callback()
    assert shows["data"]["choices"][0]["value"].startswith("show:")


async def test_a_week_full_of_markdown_is_shown_escaped(charts_live) -> None:
    fake, _ = charts_live
    reply = data(await (await fake.slash("chart top", week="**x** @everyone")).callback())
    assert reply["flags"] & EPHEMERAL
    assert "**x**" not in reply["content"] and "@everyone" not in reply["content"]
    assert "is not a date" in reply["content"]
