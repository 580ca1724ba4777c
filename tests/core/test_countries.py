"""One rule for a country typed by a member, whatever the command (core.countries)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.countries import ISO_COUNTRIES, country_code, resolve_country
from core.errors import NotFoundError

STORED = [("KR", "South Korea"), ("FR", "France"), ("RE", "Réunion")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("", None),
        ("  Global ", None),
        ("kr", "KR"),
        ("south korea", "KR"),
        ("reunion", "RE"),  # accents ignored
        ("korea", "KR"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("한국", "KR"),
        ("대한민국", "KR"),
    ],
)
def test_known_countries_and_the_global_list(text: str | None, expected: str | None) -> None:
    assert resolve_country(text, STORED) == expected


def test_a_code_that_is_not_iso_is_refused_as_such() -> None:
    with pytest.raises(NotFoundError, match="not an ISO 3166 country code"):
        resolve_country("ZZ", STORED)
    with pytest.raises(NotFoundError, match="not an ISO 3166 country code"):
        resolve_country("ZZ", [])


def test_a_real_country_without_a_list_is_refused_naming_it() -> None:
    with pytest.raises(NotFoundError, match=r"have none for Japan \(JP\)"):
        resolve_country("jp", STORED)


def test_before_any_country_list_any_iso_country_is_accepted() -> None:
    assert resolve_country("JP", []) == "JP"
    assert resolve_country("south korea", []) == "KR"


def test_the_table_is_iso_3166_alpha_2() -> None:
    assert len(ISO_COUNTRIES) == 249
    assert all(len(code) == 2 and code.isupper() for code in ISO_COUNTRIES)
    assert ISO_COUNTRIES["KR"] == "South Korea" and "ZZ" not in ISO_COUNTRIES


@given(st.text(max_size=300))
def test_any_text_is_a_country_the_global_list_or_a_clear_refusal(text: str) -> None:
    try:
        found = resolve_country(text, STORED, quote=lambda s: f"<{s}>")
    except NotFoundError as exc:
        assert exc.message.startswith("No country list matches “<")
        assert len(exc.message) < 400
        return
    assert found is None or found in dict(STORED)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("US", "US"),
        ("usa", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("united states of america", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Great Britain", "GB"),
        ("korea", "KR"),
        ("日本", "JP"),
        ("Türkiye", "TR"),
    ],
)
def test_common_names_and_aliases_name_their_country(text: str, code: str) -> None:
    assert country_code(text) == code
    assert resolve_country(text, []) == code


@pytest.mark.parametrize("text", ["ZZ", "K", "**KR**", "@everyone", "🇰🇷", "", "x" * 10_000])
def test_anything_else_names_no_country(text: str) -> None:
    assert country_code(text) is None
