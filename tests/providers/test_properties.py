"""Open-ended input: HTML summaries and arbitrary JSON never crash the parsers."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.providers import ProviderBadResponse
from providers import fields, tmdb_parse, tvmaze_parse
from providers.fields import html_to_text, language_code
from providers.http import retry_after_seconds

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
TVMAZE_KEYS = st.sampled_from(
    [
        "id",
        "name",
        "type",
        "language",
        "genres",
        "premiered",
        "network",
        "webChannel",
        "schedule",
        "rating",
        "image",
        "summary",
        "externals",
        "_embedded",
        "url",
    ]
)
TMDB_KEYS = st.sampled_from(
    [
        "id",
        "name",
        "original_name",
        "type",
        "genres",
        "networks",
        "seasons",
        "origin_country",
        "aggregate_credits",
        "alternative_titles",
        "translations",
        "watch/providers",
        "external_ids",
        "vote_average",
        "vote_count",
        "poster_path",
        "last_episode_to_air",
    ]
)


def words(text: str) -> str:
    return " ".join(text.split())


@given(st.text(max_size=300))
def test_html_to_text_never_raises_and_leaves_no_tags(raw: str) -> None:
    result = html_to_text(f"<p>{html.escape(raw)}</p><br/><b>x</b>")
    assert result is not None
    assert "<p>" not in result and "<b>" not in result and "<br" not in result


@given(st.text(alphabet=st.characters(blacklist_characters="<&\r\x00"), max_size=200))
def test_plain_text_survives_as_its_words(raw: str) -> None:
    result = html_to_text(raw)
    assert words(result or "") == words(raw)


@given(st.text(max_size=200))
def test_escaped_text_comes_back_unescaped(raw: str) -> None:
    cleaned = raw.replace("\r", " ").replace("\x00", "")
    result = html_to_text(f"<p>{html.escape(cleaned)}</p>")
    assert words(result or "") == words(cleaned)


@given(st.text(max_size=500))
def test_any_string_is_safe(raw: str) -> None:
    result = html_to_text(raw)
    assert result is None or result == result.strip()


def _expect_record_or_bad_response(parse: Any, data: object) -> None:
    try:
        parse(data)
    except ProviderBadResponse as error:
        assert "\n" not in str(error)


@settings(max_examples=150)
@given(st.dictionaries(TVMAZE_KEYS, JSON, max_size=10) | JSON)
def test_tvmaze_show_parser_on_any_json(data: object) -> None:
    _expect_record_or_bad_response(lambda d: tvmaze_parse.show_record(d, NOW), data)
    _expect_record_or_bad_response(tvmaze_parse.search_results, data)
    _expect_record_or_bad_response(tvmaze_parse.people_results, data)
    _expect_record_or_bad_response(lambda d: tvmaze_parse.person_record(d, d, NOW), data)


@settings(max_examples=150)
@given(st.dictionaries(TMDB_KEYS, JSON, max_size=10) | JSON)
def test_tmdb_parsers_on_any_json(data: object) -> None:
    _expect_record_or_bad_response(lambda d: tmdb_parse.show_record(d, NOW), data)
    _expect_record_or_bad_response(tmdb_parse.search_results, data)
    _expect_record_or_bad_response(tmdb_parse.find_tv, data)
    _expect_record_or_bad_response(tmdb_parse.person_hits, data)
    _expect_record_or_bad_response(lambda d: tmdb_parse.person_record(d, NOW), data)


@given(st.integers(min_value=0, max_value=10**9), st.text(min_size=1, max_size=40))
def test_valid_minimal_shows_always_parse(show_id: int, name: str) -> None:
    if not name.strip():
        return
    record = tvmaze_parse.show_record({"id": show_id, "name": name}, NOW)
    assert record.ref.id == show_id and record.name == name.strip() and record.kind == "unknown"
    tmdb = tmdb_parse.show_record({"id": show_id, "name": name}, NOW)
    assert tmdb.kind == "unknown" and tmdb.origin_countries == ()


@given(st.text(max_size=60))
def test_retry_after_on_any_header(value: str) -> None:
    seconds = retry_after_seconds(value)
    assert seconds is None or seconds >= 0


@given(st.text(max_size=80))
def test_language_and_country_readers_on_any_text(value: str) -> None:
    code = language_code(value)
    assert code is None or (len(code) == 2 and code.islower())
    country = fields.country(value)
    assert country is None or (len(country) == 2 and country.isupper())
