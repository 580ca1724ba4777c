import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.charts import (
    WeekError,
    broad_category,
    movement,
    parse_week,
    short_number,
    week_label,
    week_of,
)


@pytest.mark.parametrize(
    "text",
    ["2025-04-21", "2025-04-23", "2025-04-27", " 2025-04-25 ", "2025-4-22"],
)
def test_any_day_of_the_week_names_its_sunday(text: str) -> None:
    assert parse_week(text) == dt.date(2025, 4, 27)


def test_monday_starts_the_next_week() -> None:
    assert parse_week("2025-04-28") == dt.date(2025, 5, 4)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 24)))
def test_week_of_is_the_sunday_within_six_days(day: dt.date) -> None:
    sunday = week_of(day)
    assert sunday.weekday() == 6
    assert 0 <= (sunday - day).days <= 6


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2025-02-30", "2025/04/27", "27-04-2025", "x" * 10_000, "２０２５"]
)
def test_bad_weeks_are_refused_with_a_readable_message(text: str) -> None:
    with pytest.raises(WeekError) as caught:
        parse_week(text)
    assert len(str(caught.value)) < 200


def test_week_labels_span_monday_to_sunday() -> None:
    assert week_label(dt.date(2025, 4, 27)) == "21–27 Apr 2025"
    assert week_label(dt.date(2025, 5, 4)) == "28 Apr – 4 May 2025"
    assert week_label(dt.date(2022, 1, 2)) == "27 Dec 2021 – 2 Jan 2022"


@pytest.mark.parametrize(
    ("rank", "previous", "known", "weeks", "expected"),
    [
        (1, 3, True, 2, "▲2"),
        (4, 3, True, 5, "▼1"),
        (5, 5, True, 3, "="),
        (1, None, True, 1, "NEW"),
        (8, None, True, 9, "RETURN"),  # back after weeks away: not a debut
        (1, None, False, 1, ""),
    ],
)
def test_movement(rank: int, previous: int | None, known: bool, weeks: int, expected: str) -> None:
    assert movement(rank, previous, known, weeks) == expected


def test_short_numbers() -> None:
    assert short_number(34_900_000) == "34.9M"
    assert short_number(6_100_000) == "6.1M"
    assert short_number(23_000_000) == "23M"
    assert short_number(1_260) == "1.3K"
    assert short_number(2_500_000_000) == "2.5B"
    assert short_number(0) == "0"


def test_country_lists_use_the_broad_category() -> None:
    assert broad_category("TV (Non-English)") == "TV"
    assert broad_category("Films (English)") == "Films"
