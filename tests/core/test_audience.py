"""A server's locale as a where-to-watch region, and the region a member types."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.audience import korean_first, parse_region, region_for_locale
from core.errors import UserError
from core.matching import IndexedShow


@pytest.mark.parametrize(
    ("locale", "region"),
    [("ko", "KR"), ("en-US", "US"), ("en-GB", "GB"), ("pt-BR", "BR"), ("ja", "JP"), ("fr", "FR")],
)
def test_a_locale_names_its_country(locale: str, region: str) -> None:
    assert region_for_locale(locale) == region


@pytest.mark.parametrize("locale", [None, "", "es-419", "xx", "ko-KR-extra"])
def test_a_locale_without_one_country_names_none(locale: str | None) -> None:
    # Spanish (Latin America) spans many countries: a guess would list the wrong services.
    assert region_for_locale(locale) is None


@pytest.mark.parametrize(
    ("typed", "region"),
    [("kr", "KR"), (" US ", "US"), ("", None), ("Korea", "KR"), ("한국", "KR"), ("uk", "GB")],
)
def test_a_typed_region_is_a_country_as_every_command_takes_it(
    typed: str, region: str | None
) -> None:
    assert parse_region(typed) == region


@pytest.mark.parametrize(
    "typed", ["ZZ", "K", "@everyone", "**KR**", "🇰🇷", "x" * 10_000, "'; DROP TABLE--"]
)
def test_anything_else_is_refused_without_echoing_it(typed: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_region(typed)
    assert raised.value.message == (
        "That region is not an ISO 3166 country code (such as KR, US or FR) nor a country's name."
    )


@given(st.text(max_size=50))
def test_a_region_is_two_upper_case_letters_or_refused(typed: str) -> None:
    try:
        region = parse_region(typed)
    except UserError:
        return
    assert region is None or (len(region) == 2 and region.isascii() and region.isupper())


def test_korean_titles_lead_and_each_group_keeps_its_order() -> None:
    shows = [
        IndexedShow(1, "Mirror", 2020, "JP"),
        IndexedShow(2, "Mirror", 2021, "KR"),
        IndexedShow(3, "Mirror", None, None),
        IndexedShow(4, "Mirror", 2019, "KR"),
    ]
    assert [s.id for s in korean_first(shows)] == [2, 4, 1, 3]
    assert korean_first([]) == []
