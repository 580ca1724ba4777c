"""Netflix Top 10 fixtures in the official file formats, written by the tests.

The rows are real: copied from Netflix's published weekly lists (global TV (Non-English)
for the weeks ending 2025-04-20, 2025-04-27 and 2025-05-04, the first global week on
2021-07-04, and South Korea's TV lists for the weeks ending 2022-01-16 and 2022-01-23),
plus Weak Hero: Class 2 at No. 1 in South Korea for the week ending 2025-04-27, which
the catalog's sources report (No. 1 in its category in 32 countries, South Korea among
them). Synthetic rows elsewhere in the tests use obviously made-up titles.
"""

# One row per line, as in the files, reads better than wrapped tuples.
# ruff: noqa: E501

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence

import pytest

from app import HallyuBot
from db.chart_import import import_netflix_file
from db.connection import Database

GLOBAL_HEADER = (
    "week", "category", "weekly_rank", "show_title", "season_title", "weekly_hours_viewed",
    "runtime", "weekly_views", "cumulative_weeks_in_top_10",
)  # fmt: skip
GLOBAL_HEADER_11 = (*GLOBAL_HEADER, "is_staggered_launch", "episode_launch_details")
COUNTRY_HEADER = (
    "country_name", "country_iso2", "week", "category", "weekly_rank", "show_title",
    "season_title", "cumulative_weeks_in_top_10",
)  # fmt: skip

TV = "TV (Non-English)"
GLOBAL_ROWS: list[tuple[str, ...]] = [
    ("2025-05-04", TV, "1", "The Eternaut", "The Eternaut: Season 1", "58300000", "5.4", "10800000", "1"),
    ("2025-05-04", TV, "2", "Weak Hero", "Weak Hero: Class 2", "36800000", "5.7667", "6400000", "2"),
    ("2025-05-04", TV, "3", "Asterix & Obelix: The Big Fight", "Asterix & Obelix: The Big Fight: Limited Series", "17500000", "3.0333", "5800000", "1"),
    ("2025-05-04", TV, "4", "The Gardener", "The Gardener: Limited Series", "12100000", "4.6667", "2600000", "4"),
    ("2025-05-04", TV, "5", "Weak Hero", "Weak Hero: Class 1", "12100000", "5.5167", "2200000", "6"),
    ("2025-05-04", TV, "6", "Heavenly Ever After", "Heavenly Ever After: Limited Series", "14000000", "0", "2100000", "2"),
    ("2025-05-04", TV, "7", "Resident Playbook", "Resident Playbook: Limited Series", "20700000", "10.6", "2000000", "4"),
    ("2025-05-04", TV, "8", "The Glass Dome", "The Glass Dome: Limited Series", "9000000", "4.6333", "1900000", "3"),
    ("2025-05-04", TV, "9", "When Life Gives You Tangerines", "When Life Gives You Tangerines: Limited Series", "26400000", "16.5833", "1600000", "9"),
    ("2025-05-04", TV, "10", "A Tragedy Foretold: Flight 3054", "A Tragedy Foretold: Flight 3054: Season 1", "3400000", "2.3333", "1500000", "2"),
    ("2025-04-27", TV, "1", "Weak Hero", "Weak Hero: Class 2", "34900000", "5.7667", "6100000", "1"),
    ("2025-04-27", TV, "2", "The Gardener", "The Gardener: Limited Series", "23000000", "4.6667", "4900000", "3"),
    ("2025-04-27", TV, "3", "The Glass Dome", "The Glass Dome: Limited Series", "22000000", "4.6333", "4700000", "2"),
    ("2025-04-27", TV, "4", "A Tragedy Foretold: Flight 3054", "A Tragedy Foretold: Flight 3054: Season 1", "9000000", "2.3333", "3900000", "1"),
    ("2025-04-27", TV, "5", "Heavenly Ever After", "Heavenly Ever After: Limited Series", "12000000", "0", "2900000", "1"),
    ("2025-04-27", TV, "6", "Resident Playbook", "Resident Playbook: Limited Series", "16400000", "7.9333", "2100000", "3"),
    ("2025-04-27", TV, "7", "When Life Gives You Tangerines", "When Life Gives You Tangerines: Limited Series", "32800000", "16.5833", "2000000", "8"),
    ("2025-04-27", TV, "8", "Weak Hero", "Weak Hero: Class 1", "10500000", "5.5167", "1900000", "5"),
    ("2025-04-27", TV, "9", "The Haunted Palace", "The Haunted Palace: Season 1", "5800000", "4.2", "1400000", "1"),
    ("2025-04-27", TV, "10", "I Am Not Mendoza", "I Am Not Mendoza: Season 1", "35200000", "29.8667", "1200000", "1"),
    ("2025-04-20", TV, "1", "The Gardener", "The Gardener: Limited Series", "57300000", "4.6667", "12300000", "2"),
    ("2025-04-20", TV, "2", "The Glass Dome", "The Glass Dome: Limited Series", "42600000", "4.6333", "9200000", "1"),
    ("2025-04-20", TV, "3", "Resident Playbook", "Resident Playbook: Limited Series", "15000000", "5.3833", "2800000", "2"),
    ("2025-04-20", TV, "4", "When Life Gives You Tangerines", "When Life Gives You Tangerines: Limited Series", "45200000", "16.5833", "2700000", "7"),
    ("2025-04-20", TV, "5", "How to Sell Drugs Online (Fast)", "How to Sell Drugs Online (Fast): Season 4", "6400000", "3.5333", "1800000", "2"),
    ("2025-04-20", TV, "6", "Weak Hero", "Weak Hero: Class 1", "9700000", "5.5167", "1800000", "4"),
    ("2025-04-20", TV, "7", "Karma", "Karma: Limited Series", "9200000", "5.35", "1700000", "3"),
    ("2025-04-20", TV, "8", "Kian’s Bizarre B&B", "Kian’s Bizarre B&B: Season 1", "9000000", "6.2833", "1400000", "2"),
    ("2025-04-20", TV, "9", "The Lady's Companion", "The Lady's Companion: Season 1", "7200000", "5.5833", "1300000", "4"),
    ("2025-04-20", TV, "10", "Project UFO", "Project UFO: Limited Series", "3800000", "3.35", "1100000", "1"),
    # Before mid-2023: no views and no runtime.
    ("2021-07-04", TV, "1", "Elite", "Elite: Season 4", "38720000", "", "", "1"),
    ("2021-07-04", TV, "2", "The Seven Deadly Sins", "The Seven Deadly Sins: Dragon's Judgement", "33240000", "", "", "1"),
    ("2021-07-04", TV, "3", "Newly Rich, Newly Poor", "Newly Rich, Newly Poor: Season 1", "28270000", "", "", "1"),
    ("2021-07-04", TV, "4", "Lupin", "Lupin: Part 2", "20970000", "", "", "1"),
]  # fmt: skip

KR = ("South Korea", "KR")
COUNTRY_ROWS: list[tuple[str, ...]] = [
    (*KR, "2025-04-27", "TV", "1", "Weak Hero", "Weak Hero: Class 2", "1"),
    (*KR, "2022-01-23", "TV", "1", "Our Beloved Summer", "Our Beloved Summer: Season 1", "7"),
    (*KR, "2022-01-23", "TV", "2", "Bulgasal: Immortal Souls", "Bulgasal: Immortal Souls: Season 1", "5"),
    (*KR, "2022-01-23", "TV", "3", "Single’s Inferno", "Single’s Inferno: Season 1", "5"),
    (*KR, "2022-01-23", "TV", "4", "Itaewon Class", "Itaewon Class: Season 1", "3"),
    (*KR, "2022-01-23", "TV", "5", "My Mister", "My Mister: Season 1", "3"),
    (*KR, "2022-01-23", "TV", "6", "I am Solo", "I am Solo: 5기-", "2"),
    (*KR, "2022-01-23", "TV", "7", "The Silent Sea", "The Silent Sea: Season 1", "5"),
    (*KR, "2022-01-23", "TV", "8", "Guardian: The Lonely and Great God", "Guardian: The Lonely and Great God: Season 1", "11"),
    (*KR, "2022-01-23", "TV", "9", "Hotel Del Luna", "Hotel Del Luna: Season 1", "9"),
    (*KR, "2022-01-23", "TV", "10", "Mad for Each Other", "Mad for Each Other: Season 1", "2"),
    (*KR, "2022-01-16", "TV", "1", "Our Beloved Summer", "Our Beloved Summer: Season 1", "6"),
    (*KR, "2022-01-16", "TV", "2", "Single’s Inferno", "Single’s Inferno: Season 1", "4"),
    (*KR, "2022-01-16", "TV", "3", "Bulgasal: Immortal Souls", "Bulgasal: Immortal Souls: Season 1", "4"),
    (*KR, "2022-01-16", "TV", "4", "The Silent Sea", "The Silent Sea: Season 1", "4"),
    (*KR, "2022-01-16", "TV", "5", "Love After Divorce", "Love After Divorce: Season 2", "11"),
    (*KR, "2022-01-16", "TV", "6", "Itaewon Class", "Itaewon Class: Season 1", "2"),
    (*KR, "2022-01-16", "TV", "7", "Guardian: The Lonely and Great God", "Guardian: The Lonely and Great God: Season 1", "10"),
    (*KR, "2022-01-16", "TV", "8", "I am Solo", "N/A", "9"),
    (*KR, "2022-01-16", "TV", "9", "I am Solo", "I am Solo: 5기-", "1"),
    (*KR, "2022-01-16", "TV", "10", "Hotel Del Luna", "Hotel Del Luna: Season 1", "8"),
]  # fmt: skip


def tsv(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    bom: bool = False,
    crlf: bool = False,
    quote_all: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter="\t",
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def global_file(
    rows: Sequence[Sequence[str]] = GLOBAL_ROWS,
    *,
    bom: bool = False,
    crlf: bool = False,
    quote_all: bool = False,
) -> bytes:
    return tsv(GLOBAL_HEADER, rows, bom=bom, crlf=crlf, quote_all=quote_all)


def country_file(
    rows: Sequence[Sequence[str]] = COUNTRY_ROWS, *, bom: bool = False, crlf: bool = False
) -> bytes:
    return tsv(COUNTRY_HEADER, rows, bom=bom, crlf=crlf)


async def import_fixtures(db: Database) -> None:
    await import_netflix_file(db, global_file(), "all-weeks-global.tsv")
    await import_netflix_file(db, country_file(), "all-weeks-countries.tsv")


@pytest.fixture
async def charts_db(db: Database) -> Database:
    await import_fixtures(db)
    return db


@pytest.fixture
async def chart_bot(offline_bot: HallyuBot) -> AsyncIterator[HallyuBot]:
    await import_fixtures(offline_bot.db)
    await offline_bot.refresh_titles()
    yield offline_bot
