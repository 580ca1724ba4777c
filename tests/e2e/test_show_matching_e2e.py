"""Weak matches through the fake Discord, with Netflix's real chart titles in the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from db.chart_import import import_netflix_file
from tests.charts.conftest import global_file
from tests.fakediscord import FakeDiscord

EPHEMERAL = 64
TITLES = Path(__file__).resolve().parents[1] / "core" / "netflix-titles.tsv"


def chart_rows() -> list[tuple[str, ...]]:
    """The shipped real titles as global TV (English) lists, ten to a week."""
    titles = [
        line.partition("\t")[0]
        for line in TITLES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    week = dt.date(2024, 12, 29)
    rows: list[tuple[str, ...]] = []
    for start in range(0, len(titles) - len(titles) % 10, 10):
        for rank, title in enumerate(titles[start : start + 10], 1):
            rows.append((week.isoformat(), "TV (English)", str(rank), title, "N/A", "1000000",
                         "1.5", "500000", "1"))  # fmt: skip
        week -= dt.timedelta(days=7)
    return rows


@pytest.fixture
async def charted(live: tuple[FakeDiscord, Any]) -> FakeDiscord:
    fake, bot = live
    await import_netflix_file(bot.db, global_file(chart_rows()), "all-weeks-global.tsv")
    await bot.refresh_titles()
    assert bot.titles.search("bee movie")[0].show.title == "Bee Movie"
    return fake


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The tests' providers are unreachable, so the live search says so.
        (
            "moving",
            "No show matches “moving”.\nNot found here, and the show providers (TVmaze, TMDB) "
            "could not be reached to search further; try again later.",
        ),
        ("the", "“the” is too common to look up on its own: type more of the title."),
        ("<@123>", "“<@123>” has no letters or numbers to look up."),
    ],
)
async def test_weak_queries_get_a_clear_no_match(
    charted: FakeDiscord, query: str, expected: str
) -> None:
    reply = await (await charted.slash("show", query=query)).callback()
    assert reply["data"]["flags"] & EPHEMERAL
    assert reply["data"]["content"] == expected  # no unrelated "Did you mean" titles


@pytest.mark.parametrize("query", ["moving", "the", "<@123>", "THE "])
async def test_autocomplete_offers_no_noise(charted: FakeDiscord, query: str) -> None:
    reply = await (await charted.autocomplete("show", "query", query)).callback()
    assert reply["data"]["choices"] == []


async def test_autocomplete_puts_korean_titles_first(charted: FakeDiscord) -> None:
    reply = await (await charted.autocomplete("show", "query", "sweet")).callback()
    names = [choice["name"] for choice in reply["data"]["choices"]]
    assert names[0].startswith("Sweet Home (") and "KR" in names[0]
    assert any(name.startswith("Sweet Girl") for name in names)
