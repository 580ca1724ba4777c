"""What `/chart top` and `/chart history` say in the cases a new server meets first:
returns versus debuts, a fresh store, and a show that charted only in some countries."""

# ruff: noqa: E501

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from db.chart_import import import_netflix_file
from db.connection import Database
from tests.charts.conftest import COUNTRY_HEADER, global_file, import_fixtures, tsv
from tests.fakediscord import FakeDiscord
from tests.live_bot import live_bot

EN = "TV (English)"
# Netflix's global TV (English) lists for the weeks ending 2025-04-20 and 2025-04-27 (real rows).
ENGLISH_ROWS: list[tuple[str, ...]] = [
    ("2025-04-27", EN, "1", "You", "You: Season 5", "85200000", "8.45", "10100000", "1"),
    ("2025-04-27", EN, "2", "Ransom Canyon", "Ransom Canyon: Season 1", "73900000", "7.9", "9400000", "2"),
    ("2025-04-27", EN, "3", "Black Mirror", "Black Mirror: Season 7", "27700000", "6.1833", "4500000", "3"),
    ("2025-04-27", EN, "4", "Adolescence", "Adolescence: Limited Series", "14500000", "3.8333", "3800000", "7"),
    ("2025-04-27", EN, "5", "Raw", "Raw: April 21, 2025", "8700000", "2.3", "3600000", "1"),
    ("2025-04-27", EN, "6", "Special Ops: Lioness", "Special Ops: Lioness: Season 1", "21100000", "5.95", "3500000", "2"),
    ("2025-04-27", EN, "7", "A Discovery of Witches", "A Discovery of Witches: Season 1", "15400000", "5.75", "2700000", "2"),
    ("2025-04-27", EN, "8", "Ms. Rachel", "Ms. Rachel: Season 1", "6900000", "3.0333", "2300000", "9"),
    ("2025-04-27", EN, "9", "PULSE", "PULSE: Season 1", "16200000", "7.9667", "2000000", "4"),
    ("2025-04-27", EN, "10", "You", "You: Season 1", "13600000", "7.5167", "1800000", "8"),
    ("2025-04-20", EN, "1", "Black Mirror", "Black Mirror: Season 7", "65700000", "6.1833", "10600000", "2"),
    ("2025-04-20", EN, "2", "Ransom Canyon", "Ransom Canyon: Season 1", "56600000", "7.9", "7200000", "1"),
    ("2025-04-20", EN, "3", "Adolescence", "Adolescence: Limited Series", "22900000", "3.8333", "6000000", "6"),
    ("2025-04-20", EN, "4", "Bad Influence: The Dark Side of Kidfluencing", "Bad Influence: The Dark Side of Kidfluencing: Season 1", "10600000", "2.5333", "4200000", "2"),
    ("2025-04-20", EN, "5", "A Discovery of Witches", "A Discovery of Witches: Season 1", "19700000", "5.75", "3400000", "1"),
    ("2025-04-20", EN, "6", "Special Ops: Lioness", "Special Ops: Lioness: Season 1", "20000000", "5.95", "3400000", "1"),
    ("2025-04-20", EN, "7", "PULSE", "PULSE: Season 1", "25800000", "7.9667", "3200000", "3"),
    ("2025-04-20", EN, "8", "The Diamond Heist", "The Diamond Heist: Limited Series", "7000000", "2.25", "3100000", "1"),
    ("2025-04-20", EN, "9", "Raw", "Raw: April 14, 2025", "5600000", "1.7333", "2900000", "1"),
    ("2025-04-20", EN, "10", "North of North", "North of North: Season 1", "9100000", "3.35", "2700000", "2"),
]  # fmt: skip


@pytest.fixture
async def answers_live(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    async def fill(db: Database) -> None:
        await import_fixtures(db)
        await import_netflix_file(db, global_file(ENGLISH_ROWS), "all-weeks-global.tsv")

    async with live_bot(settings, fill) as live:
        yield live


def data(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] == 4, reply
    return dict(reply["data"])


def line_of(description: str, title: str) -> str:
    lines = description.split("\n")
    at = next(i for i, line in enumerate(lines) if title in line)
    return lines[at] + "\n" + lines[at + 1]


async def test_a_return_is_not_marked_new(answers_live: tuple[FakeDiscord, HallyuBot]) -> None:
    fake, _ = answers_live
    ix = await fake.slash("chart top", week="2025-04-23", category=EN)
    embed = data(await ix.callback())["embeds"][0]
    description = embed["description"]
    # Ms. Rachel: 9 weeks in the Top 10, not in the week before: back, not new.
    rachel = line_of(description, "Ms. Rachel")
    assert rachel.endswith("9 weeks in Top 10 · RETURN"), rachel
    assert "NEW" not in rachel
    # A debut stays NEW; an older season back in the list is a return too.
    assert line_of(description, "(Season 5)").endswith("1 week in Top 10 · NEW")
    assert line_of(description, "**You** (Season 1)").endswith("8 weeks in Top 10 · RETURN")
    assert "RETURN: back after weeks away" in embed["footer"]["text"]


async def test_history_on_a_fresh_store_says_nothing_is_imported(live) -> None:
    fake, _ = live
    ix = await fake.slash("chart history", show="weak hero")
    embed = data(await ix.callback())["embeds"][0]
    assert embed["description"].startswith("No Netflix Top 10 data is imported yet.")
    assert "import-netflix" in embed["description"]
    assert "has not been in" not in embed["description"]
    top = data(await (await fake.slash("chart top")).callback())
    assert "import-netflix" in top["content"] and "python bot.py" in top["content"]


async def test_a_show_only_in_country_lists_says_where_it_charted(
    answers_live: tuple[FakeDiscord, HallyuBot],
) -> None:
    fake, _ = answers_live
    ix = await fake.slash("chart history", show="my mister")
    # The first command after start may wait for the title index on a busy machine and
    # defer; what the member reads is the same either way.
    embed = (await ix.answer())[0]["embeds"][0]
    description = embed["description"]
    assert description.startswith(
        "My Mister has not been in Netflix's global Top 10, but it was in the Top 10 of "
        "1 country: South Korea (KR, best No. 5, 1 week)."
    )
    assert "`/chart history show:My Mister country:KR`" in description
    follow = await fake.slash("chart history", show="my mister", country="KR")
    reply, _ = await follow.answer()
    assert "Best rank: **No. 5**" in reply["embeds"][0]["description"]


async def test_a_country_it_never_charted_in_names_those_it_did(
    answers_live: tuple[FakeDiscord, HallyuBot],
) -> None:
    # A French list of obviously made-up titles: My Mister is not in it.
    rows = [
        ("France", "FR", "2022-01-23", "TV", str(n), f"Made-up Show {n}", "N/A", "1")
        for n in range(1, 11)
    ]
    fake, bot = answers_live
    await import_netflix_file(bot.db, tsv(COUNTRY_HEADER, rows), "all-weeks-countries.tsv")
    await bot.live.changed()
    ix = await fake.slash("chart history", show="my mister", country="FR")
    embed = data(await ix.callback())["embeds"][0]
    assert embed["description"].startswith(
        "My Mister has not been in Netflix's France Top 10, but it was in the Top 10 of "
        "1 country: South Korea (KR, best No. 5, 1 week)."
    )


async def test_a_show_card_points_to_the_countries_it_charted_in(
    answers_live: tuple[FakeDiscord, HallyuBot],
) -> None:
    # My Mister is curated, never in a global list, once in South Korea's: the card says
    # so and names the command that shows it (read with the card, not asked again).
    fake, _ = answers_live
    ix = await fake.slash("show", query="my mister")
    embed = data(await ix.callback())["embeds"][0]
    chart = next(f for f in embed["fields"] if f["name"] == "Netflix Top 10")
    assert chart["value"] == (
        "Not in the global lists; in 1 country's list: South Korea (KR) 1 week, best No. 5.\n"
        "See `/chart history show:My Mister country:KR`."
    )
    assert "Netflix Top 10" in embed["footer"]["text"]


async def test_a_country_is_taken_by_its_common_name(
    answers_live: tuple[FakeDiscord, HallyuBot],
) -> None:
    fake, _ = answers_live
    by_code = data(await (await fake.slash("chart top", country="KR")).callback())["embeds"][0]
    for typed in ("korea", "Republic of Korea", "한국"):
        reply = data(await (await fake.slash("chart top", country=typed)).callback())
        assert reply["embeds"][0]["title"] == by_code["title"], typed
    refused = data(await (await fake.slash("chart top", country="ZZ")).callback())
    assert "not an ISO 3166 country code" in refused["content"]
