"""Every curated note that states Netflix figures agrees with the rows Netflix published.

The rows the notes need ship beside this file (an extract of Netflix's files, as published);
the same check runs against Netflix's full files when they sit beside the checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.catalog_loader import SEED_PATH
from tests.facts.claims import (
    GlobalRow,
    Note,
    PopularRow,
    check,
    check_all,
    notes_from_catalog,
    read_global,
    read_popular,
)

HERE = Path(__file__).resolve().parent
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix"
REAL_GLOBAL = REAL / "all-weeks-global.tsv"
REAL_POPULAR = REAL / "most-popular.tsv"
# The notes that cite Netflix figures today; a note that stops being recognised fails here.
AT_LEAST_CHECKED = 9


def catalog_notes() -> list[Note]:
    return notes_from_catalog(json.loads(SEED_PATH.read_text(encoding="utf-8")))


def fixture_rows() -> tuple[list[GlobalRow], list[PopularRow]]:
    weekly = read_global((HERE / "netflix-global-rows.tsv").read_text(encoding="utf-8"))
    popular = read_popular((HERE / "netflix-most-popular-rows.tsv").read_text(encoding="utf-8"))
    return weekly, popular


def test_every_note_agrees_with_the_shipped_netflix_rows() -> None:
    weekly, popular = fixture_rows()
    checked, problems = check_all(catalog_notes(), weekly, popular)
    assert problems == []
    assert checked >= AT_LEAST_CHECKED


@pytest.mark.skipif(not REAL_GLOBAL.is_file(), reason="real Netflix files not present")
def test_every_note_agrees_with_netflixs_own_files() -> None:
    weekly = read_global(REAL_GLOBAL.read_text(encoding="utf-8"))
    popular = read_popular(REAL_POPULAR.read_text(encoding="utf-8"))
    checked, problems = check_all(catalog_notes(), weekly, popular)
    assert problems == []
    assert checked >= AT_LEAST_CHECKED


@pytest.mark.skipif(not REAL_GLOBAL.is_file(), reason="real Netflix files not present")
def test_the_shipped_rows_are_netflixs_rows() -> None:
    weekly, popular = fixture_rows()
    real_weekly = set(read_global(REAL_GLOBAL.read_text(encoding="utf-8")))
    real_popular = set(read_popular(REAL_POPULAR.read_text(encoding="utf-8")))
    assert set(weekly) <= real_weekly
    assert set(popular) <= real_popular


def weak_hero(season: int | None, text: str, source: str = "netflix-top10") -> Note:
    titles = frozenset({"weakhero"})
    title = None if season is None else f"Weak Hero Class {season}"
    label = None if season is None else f"Class {season}"
    return Note("weak-hero", titles, title, label, text, source)


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        (
            weak_hero(
                1,
                "Class 1 rose to third place on Netflix's global Top 10 for non-English TV in "
                "the week of 2025-03-24 to 2025-03-30.",
            ),
            "says No. 3; Netflix has No. 2",
        ),
        (
            weak_hero(
                1,
                "After arriving on Netflix it rose to third place on Netflix's global TV chart.",
            ),
            "must name its week",
        ),
        (
            weak_hero(
                None,
                "The series had passed 112 million hours viewed on Netflix, according to "
                "FlixPatrol (reported January 2026).",
            ),
            "must name its week",
        ),
        (
            weak_hero(
                2,
                "Class 2 was No. 1 on Netflix's global Top 10 for non-English TV in the week "
                "of 2025-04-21 to 2025-04-27, with 6.1 million views and 36.8 million hours.",
            ),
            "says 36.8 million hours; Netflix has 34900000",
        ),
        (
            weak_hero(
                2,
                "Reached No. 1 in Netflix's non-English category in 32 countries, "
                "resonating especially in Asia and Latin America.",
            ),
            "no English / non-English split",
        ),
        (
            weak_hero(2, "Reached No. 1 in Netflix's non-English category in 32 countries."),
            "does not say it is about Class 2",
        ),
        (
            weak_hero(2, "Class 2 reached No. 1 on Netflix's TV Top 10 in 32 countries."),
            "must name who reported it",
        ),
        (
            weak_hero(
                1,
                "Class 1 was No. 8 on Netflix's global Top 10 in the week of 2025-04-21 to "
                "2025-04-27, its sixth week in the Top 10.",
            ),
            "says week 6 in the Top 10; Netflix has week 5",
        ),
        (
            weak_hero(1, "Class 1 was No. 2 on Netflix's global list, 2025-03-25 to 2025-03-31."),
            "is not a Netflix week",
        ),
    ],
)
def test_the_check_catches_notes_that_disagree_with_netflix(note: Note, problem: str) -> None:
    weekly, popular = fixture_rows()
    found = check(note, weekly, popular)
    assert any(problem in p for p in found), found


def test_a_squid_game_note_must_say_its_season() -> None:
    weekly, popular = fixture_rows()
    titles = frozenset({"squidgame"})
    unclear = Note(
        "squid-game",
        titles,
        "Squid Game Season 2",
        "Season 2",
        "Drew 68 million views on Netflix in its premiere week (2024-12-23 to 2024-12-29).",
        "thewrap-2024-12-31",
    )
    assert check(unclear, weekly, popular) == ["does not say it is about Season 2"]
    clear = Note(
        "squid-game",
        titles,
        "Squid Game Season 2",
        "Season 2",
        "Season 2 drew 68 million views on Netflix in its premiere week "
        "(2024-12-23 to 2024-12-29).",
        "thewrap-2024-12-31",
    )
    assert check(clear, weekly, popular) == []
    wrong_list = Note(
        "squid-game",
        titles,
        "Squid Game Season 1",
        "Season 1",
        "Season 1 is No. 2 on Netflix's all-time Most Popular list for non-English TV, "
        "with 265.2 million views in its first 91 days.",
        "netflix-top10",
    )
    assert check(wrong_list, weekly, popular) == [
        "says No. 2; Netflix's Most Popular list has No. 1"
    ]
