"""Numbers and dates as each language writes them (CLDR through Babel)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.charts import short_number, week_label
from core.locales import SHIPPED, SOURCE
from render import formats

WEEK = dt.date(2025, 4, 27)


def test_english_keeps_the_established_short_forms() -> None:
    assert formats.compact(SOURCE, 653_900_000) == "653.9M"
    assert formats.compact(SOURCE, 34_900_000) == "34.9M"
    assert formats.week_range(SOURCE, WEEK) == "21–27 Apr 2025"
    assert formats.date(SOURCE, dt.date(2024, 3, 9)) == "9 Mar 2024"


@given(st.integers(min_value=0, max_value=10**12))
def test_english_compact_is_the_chart_short_number(value: int) -> None:
    assert formats.compact(SOURCE, value) == short_number(value)


def test_brazilian_portuguese() -> None:
    assert formats.compact("pt-BR", 653_900_000) == "653,9\u00a0mi"
    assert formats.number("pt-BR", 1_234_567) == "1.234.567"
    assert formats.week_range("pt-BR", WEEK) == "21\u2009–\u200927 de abr. de 2025"
    assert formats.weekday("pt-BR", WEEK) == "domingo"


def test_korean_uses_cldr_units() -> None:
    assert formats.compact("ko", 653_900_000) == "6.5억"
    assert formats.compact("ko", 34_900_000) == "3490만"
    assert formats.week_range("ko", WEEK) == "2025년 4월 21일~27일"


def test_other_languages() -> None:
    assert formats.compact("ja", 34_900_000) == "3490万"
    assert formats.compact("zh-TW", 653_900_000) == "6.5億"
    assert formats.number("fr", 1_234_567) == "1\u202f234\u202f567"
    assert formats.compact("id", 653_900_000) == "653,9\u00a0jt"
    assert formats.week_range("es-ES", WEEK) == "21–27 abr 2025"
    assert formats.join("pt-BR", ["a", "b", "c"]) == "a, b e c"


def test_week_ranges_across_months_and_years() -> None:
    assert formats.week_range(SOURCE, dt.date(2025, 1, 5)) == week_label(dt.date(2025, 1, 5))
    assert formats.week_range("fr", dt.date(2025, 1, 5)) == "30 déc. 2024\u2009–\u20095 janv. 2025"


@pytest.mark.parametrize("tag", SHIPPED)
@given(value=st.integers(min_value=0, max_value=10**13))
def test_every_language_formats_any_figure(tag: str, value: int) -> None:
    assert formats.compact(tag, value)
    assert formats.number(tag, value)


def test_plain_runs_of_items_use_the_language_separator() -> None:
    """Genres, networks and offers: no "and", the separator the language lists with."""
    assert formats.items(SOURCE, ["Drama", "Thriller"]) == "Drama, Thriller"
    assert formats.items("ja", ["ドラマ", "スリラー"]) == "ドラマ、スリラー"
    assert formats.items("zh-TW", ["劇情", "驚悚"]) == "劇情、驚悚"
    assert formats.items("pt-BR", ["Drama"]) == "Drama"
    assert formats.items("ko", []) == ""
