"""Matching Netflix chart titles to provider shows: the traps, the labelled set, properties."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.providers import KINDS, Candidate, ProviderRef
from core.title_match import ChartTitle, MatchDecision, decide, name_similarity, rank
from tests.matching.labelled import LabelledTitle, evaluate, load

NON_ENGLISH = "TV (Non-English)"
ENGLISH = "TV (English)"


@cache
def labelled() -> tuple[LabelledTitle, ...]:
    return tuple(load())


def case(show: str, category: str, season: str | None = None, nth: int = 0) -> LabelledTitle:
    found = [
        c
        for c in labelled()
        if c.title.show_title == show
        and c.category == category
        and (season is None or c.title.season_title == season)
    ]
    assert len(found) > nth, f"{show} ({category}) is not in the labelled set"
    return found[nth]


def chosen(labelled_case: LabelledTitle) -> Candidate | None:
    decision = decide(labelled_case.title, labelled_case.candidates)
    if decision.ref is None:
        return None
    return next(c for c in labelled_case.candidates if c.ref == decision.ref)


# --- The traps the issue names -----------------------------------------------------------


def test_good_doctor_in_the_english_chart_is_the_american_remake() -> None:
    picked = chosen(case("The Good Doctor", ENGLISH, "The Good Doctor: Season 1"))
    assert picked is not None
    assert (picked.language, picked.origin_countries, picked.premiered) == (
        "en",
        ("US",),
        "2017-09-25",
    )


def test_good_doctor_korean_original_is_never_taken_for_the_english_chart() -> None:
    only_korean = case("The Good Doctor", ENGLISH, nth=1)
    assert [c.language for c in only_korean.candidates] == ["ko"]
    assert decide(only_korean.title, only_korean.candidates).status == "not_found"


def test_itaewon_class_is_not_its_japanese_remake_roppongi_class() -> None:
    both = case("Itaewon Class", "TV")
    picked = chosen(both)
    assert picked is not None and picked.name == "Itaewon Class"
    remake_only = case("Itaewon Class", "TV", nth=1)
    assert decide(remake_only.title, remake_only.candidates).ref is None


def test_money_heist_korea_is_not_the_spanish_original() -> None:
    picked = chosen(case("Money Heist: Korea - Joint Economic Area", NON_ENGLISH))
    assert picked is not None and picked.language == "ko"
    original_only = case("Money Heist: Korea - Joint Economic Area", NON_ENGLISH, nth=1)
    assert decide(original_only.title, original_only.candidates).ref is None


def test_money_heist_is_not_the_korean_remake_that_premiered_later() -> None:
    labelled_case = case("Money Heist", NON_ENGLISH, "Money Heist: Part 5")
    decision = decide(labelled_case.title, labelled_case.candidates)
    picked = chosen(labelled_case)
    assert picked is not None and picked.language == "es"
    remake = next(s for s in decision.candidates if s.candidate.language == "ko")
    assert remake.ruled_out and "after it charted" in remake.reason


def test_sweet_home_is_not_sweet_home_alabama() -> None:
    picked = chosen(case("Sweet Home", NON_ENGLISH, "Sweet Home: Season 2"))
    assert picked is not None and picked.name == "Sweet Home"
    without = case("Sweet Home", NON_ENGLISH, "Sweet Home: Season 3")
    assert decide(without.title, without.candidates).ref is None


def test_sweet_home_alabama_the_film_is_neither_the_series_nor_sweet_home() -> None:
    picked = chosen(case("Sweet Home Alabama", "Films (English)"))
    assert picked is not None and (picked.kind, picked.premiered) == ("film", "2002-09-27")


def test_the_glory_is_not_another_glory_title() -> None:
    picked = chosen(case("The Glory", NON_ENGLISH))
    assert picked is not None and picked.name == "The Glory"
    without = case("The Glory", NON_ENGLISH, nth=1)
    assert decide(without.title, without.candidates).ref is None


def test_a_show_called_glory_is_not_the_glory() -> None:
    glory = case("Glory", NON_ENGLISH)
    assert decide(glory.title, glory.candidates).ref is None


def test_a_sequel_ranked_first_by_the_search_is_not_taken() -> None:
    picked = chosen(case("Squid Game", NON_ENGLISH, "Squid Game: Season 2"))
    assert picked is not None and picked.name == "Squid Game"
    spin_off = chosen(case("Squid Game: The Challenge", ENGLISH))
    assert spin_off is not None and spin_off.kind == "reality"


def test_weak_hero_class_numbers_must_agree() -> None:
    class_1 = chosen(case("Weak Hero", NON_ENGLISH, "Weak Hero: Class 1"))
    class_2 = chosen(case("Weak Hero", NON_ENGLISH, "Weak Hero: Class 2"))
    assert class_1 is not None and class_1.name == "Weak Hero Class 1"
    assert class_2 is not None and class_2.name == "Weak Hero Class 2"
    assert name_similarity("Weak Hero: Class 2", "Weak Hero Class 1") <= 60


@pytest.mark.parametrize(
    ("show", "category"),
    [
        ("Physical: 100", NON_ENGLISH),
        ("Single’s Inferno", NON_ENGLISH),
        ("Single’s Inferno", "TV"),
        ("Culinary Class Wars", NON_ENGLISH),
        ("The Devil's Plan", NON_ENGLISH),
        ("Zombieverse", NON_ENGLISH),
    ],
)
def test_reality_and_variety_shows_are_matched(show: str, category: str) -> None:
    labelled_case = case(show, category)
    picked = chosen(labelled_case)
    assert picked is not None and picked.ref == labelled_case.expected


def test_physical_100_is_not_physical_asia_or_apple_tv_physical() -> None:
    without = case("Physical: 100", NON_ENGLISH, nth=1)
    assert decide(without.title, without.candidates).ref is None


def test_a_film_is_not_matched_to_the_series_of_the_same_name() -> None:
    film = chosen(case("Zom 100: Bucket List of the Dead", "Films (Non-English)"))
    series = chosen(case("Zom 100: Bucket List of the Dead", NON_ENGLISH))
    assert film is not None and film.kind == "film"
    assert series is not None and series.kind == "animation"
    kingdom_film = chosen(case("Kingdom", "Films (Non-English)"))
    assert kingdom_film is not None and kingdom_film.language == "ja"


def test_a_hangul_title_is_found_through_the_original_name() -> None:
    picked = chosen(case("비상선언", "Films (Non-English)"))
    assert picked is not None and picked.original_name == "비상선언"
    missing = case("비상선언", "Films (Non-English)", nth=1)
    assert decide(missing.title, missing.candidates).ref is None


def test_titles_in_other_scripts_and_signs() -> None:
    assert chosen(case("【OSHI NO KO】", NON_ENGLISH)) is not None
    ranma = chosen(case("Ranma1/2", NON_ENGLISH))
    assert ranma is not None and ranma.premiered == "2024-10-06"


def test_a_remake_with_the_same_name_and_language_goes_to_the_newer_netflix_show() -> None:
    for show in ("Rebelde", "Yu Yu Hakusho"):
        labelled_case = case(show, NON_ENGLISH)
        picked = chosen(labelled_case)
        assert picked is not None and picked.ref == labelled_case.expected, show
    black_knight = chosen(case("Black Knight", NON_ENGLISH))
    assert black_knight is not None and black_knight.premiered == "2023-05-12"


def test_same_name_and_language_with_nothing_to_tell_them_apart_stays_unmatched() -> None:
    dynasty = case("Dynasty", ENGLISH)
    decision = decide(dynasty.title, dynasty.candidates)
    assert decision.status == "ambiguous" and decision.ref is None
    assert len(decision.candidates) == 2


def test_netflix_brackets_name_the_version() -> None:
    office = chosen(case("The Office (U.S.)", "TV"))
    assert office is not None and office.origin_countries == ("US",)
    hunter = chosen(case("Hunter X Hunter (2011)", NON_ENGLISH))
    assert hunter is not None and hunter.premiered == "2011-10-02"
    mexico = chosen(case("Rosario Tijeras (Mexico)", NON_ENGLISH))
    assert mexico is not None and mexico.origin_countries == ("MX",)


def test_a_short_common_name_alone_is_not_enough() -> None:
    queen = case("Queen", NON_ENGLISH)
    decision = decide(queen.title, queen.candidates)
    assert decision.ref is None and "common name" in decision.candidates[0].reason


def test_a_bare_name_under_twelve_letters_needs_more_than_itself() -> None:
    # Per-country lists say nothing about language: "Kingdom" with no date, network or
    # country that fits could be any of the shows of that name.
    title = ChartTitle("Kingdom", "Kingdom: Season 1", False, ("TV",), "2021-07-25", ("KR",))
    stranger = Candidate(ProviderRef("tvmaze", 1), "Kingdom", language="en", networks=("ITV",))
    assert decide(title, [stranger]).status == "ambiguous"
    # A distinctive name stands on its own; a fitting premiere or country vouches for a short one.
    long_title = ChartTitle("Crash Landing on You", "", False, ("TV",), "2021-07-04")
    long_name = Candidate(ProviderRef("tvmaze", 2), "Crash Landing on You", premiered="2019-12-14")
    assert decide(long_title, [long_name]).ref == long_name.ref
    korean = Candidate(ProviderRef("tvmaze", 3), "Kingdom", language="ko", networks=("Netflix",))
    assert decide(title, [stranger, korean]).ref == korean.ref


def test_no_candidates_at_all() -> None:
    nothing = case("Starto Countdown 2025→2026", NON_ENGLISH)
    decision = decide(nothing.title, nothing.candidates)
    assert (decision.status, decision.ref, decision.candidates) == ("not_found", None, ())


def test_the_decision_explains_each_candidate() -> None:
    labelled_case = case("Black Knight", NON_ENGLISH)
    decision = decide(labelled_case.title, labelled_case.candidates)
    assert decision.status == "matched"
    assert [s.candidate.premiered for s in decision.candidates] == ["2023-05-12", "2017-12-13"]
    assert "premiered 2 days before it charted" in decision.candidates[0].reason
    assert decision.candidates[0].score > decision.candidates[1].score


# --- The whole labelled set ----------------------------------------------------------------


def test_the_labelled_set_has_at_least_150_real_titles_and_sound_shapes() -> None:
    cases = labelled()
    assert len({(c.title.show_title, c.title.season_title, c.category) for c in cases}) >= 150
    refs = [c.ref for case_ in cases for c in case_.candidates]
    assert len(refs) == len(set(refs)), "candidate ids are unique labels"
    for labelled_case in cases:
        assert labelled_case.expected is None or labelled_case.expected in {
            c.ref for c in labelled_case.candidates
        }
        assert isinstance(labelled_case.title.first_week, str)
        dt.date.fromisoformat(labelled_case.title.first_week)
        for candidate in labelled_case.candidates:
            assert candidate.kind in KINDS
            assert candidate.language is None or len(candidate.language) == 2
            if candidate.premiered is not None:
                dt.date.fromisoformat(candidate.premiered)
    traps = {c.trap for c in cases}
    assert {"remake", "same-name", "sequel", "reality", "film", "script", "none"} <= traps


def test_precision_and_recall_on_the_labelled_set() -> None:
    scores = evaluate(labelled())
    wrong = [o.case.label for o in scores.wrong]
    assert scores.precision >= 0.99, wrong
    assert scores.recall >= 0.90, [o.case.label for o in scores.missed]
    # The set must test both sides: titles to find and titles to leave alone.
    assert scores.findable >= 150
    assert len(scores.outcomes) - scores.findable >= 10


def test_the_decision_does_not_depend_on_the_order_of_the_search_results() -> None:
    shuffler = random.Random(8)
    for labelled_case in labelled():
        candidates = list(labelled_case.candidates)
        shuffler.shuffle(candidates)
        assert (
            decide(labelled_case.title, candidates).ref
            == decide(labelled_case.title, labelled_case.candidates).ref
        ), labelled_case.label


def test_the_first_week_may_be_a_date() -> None:
    black_knight = case("Black Knight", NON_ENGLISH)
    assert isinstance(black_knight.title.first_week, str)
    as_date = ChartTitle(
        black_knight.title.show_title,
        black_knight.title.season_title,
        False,
        (NON_ENGLISH,),
        dt.date.fromisoformat(black_knight.title.first_week),
    )
    assert decide(as_date, black_knight.candidates) == decide(
        black_knight.title, black_knight.candidates
    )


def test_bad_input_is_decided_without_error() -> None:
    huge = "Squid Game " * 1000
    title = ChartTitle(huge, huge, False, (NON_ENGLISH,), "2021-09-19", ("KR",))
    noisy = [
        Candidate(ProviderRef("tvmaze", 1), huge, huge, (huge,) * 200, "ko"),
        Candidate(ProviderRef("tvmaze", 2), "'; DROP TABLE shows;--", None, ("@everyone",)),
        Candidate(ProviderRef("tvmaze", 3), "**Squid** 🦑", "오징어 게임", premiered="not a date"),
    ]
    decision = decide(title, noisy)
    assert decision.status in ("matched", "ambiguous", "not_found")
    assert len(decision.candidates) == 3


# --- Properties -----------------------------------------------------------------------------

texts = st.text(max_size=80)
dates = st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
odd_dates = st.one_of(st.none(), dates, st.text(max_size=12))
languages = st.one_of(st.none(), st.sampled_from(["en", "ko", "ja", "es", "EN", ""]))
categories = st.lists(
    st.sampled_from(["TV (English)", "TV (Non-English)", "TV", "Films (English)", "Films"]),
    max_size=3,
).map(tuple)


@st.composite
def candidates(draw: st.DrawFn) -> Candidate:
    return Candidate(
        ref=ProviderRef(draw(st.sampled_from(["tvmaze", "tmdb"])), draw(st.integers(1, 10**6))),
        name=draw(texts),
        original_name=draw(st.one_of(st.none(), texts)),
        akas=tuple(draw(st.lists(texts, max_size=3))),
        language=draw(languages),
        origin_countries=tuple(draw(st.lists(st.sampled_from(["KR", "US", "JP"]), max_size=2))),
        premiered=draw(odd_dates),
        networks=tuple(
            draw(st.lists(st.sampled_from(["Netflix", "tvN", "", "NETFLIX"]), max_size=2))
        ),
        kind=draw(st.sampled_from(KINDS)),
    )


chart_titles = st.builds(
    ChartTitle,
    show_title=texts,
    season_title=texts,
    is_film=st.booleans(),
    categories=categories,
    first_week=odd_dates,
    countries=st.lists(st.sampled_from(["KR", "US", "ID"]), max_size=3).map(tuple),
)


@settings(max_examples=300)
@given(chart_titles, st.lists(candidates(), max_size=6))
def test_decide_never_raises_and_matches_only_an_offered_candidate(
    title: ChartTitle, offered: list[Candidate]
) -> None:
    decision = decide(title, offered)
    assert isinstance(decision, MatchDecision)
    assert len(decision.candidates) == len(offered)
    if not offered:
        assert (decision.status, decision.ref) == ("not_found", None)
    if decision.ref is not None:
        assert decision.status == "matched"
        assert decision.ref in {c.ref for c in offered}
        winner = decision.candidates[0]
        assert winner.candidate.ref == decision.ref and not winner.ruled_out
    else:
        assert decision.status in ("ambiguous", "not_found")
    scores = [s.score for s in decision.candidates]
    assert scores == sorted(scores, reverse=True)


@given(chart_titles, candidates(), dates)
def test_a_show_that_premiered_after_it_charted_is_never_matched(
    title: ChartTitle, candidate: Candidate, week: str
) -> None:
    later = (dt.date.fromisoformat(week) + dt.timedelta(days=60)).isoformat()
    title = ChartTitle(title.show_title, title.season_title, title.is_film, (), week)
    late = Candidate(
        candidate.ref, title.show_title or "x", language=candidate.language, premiered=later
    )
    assert decide(title, [late]).ref is None


@given(st.text(min_size=1, max_size=60), st.sampled_from(["en", "ko", "ja"]))
def test_a_language_the_category_rules_out_is_never_matched(name: str, language: str) -> None:
    category = NON_ENGLISH if language == "en" else ENGLISH
    title = ChartTitle(name, "", False, (category,), "2024-01-07")
    wrong = Candidate(ProviderRef("tvmaze", 1), name, language=language, networks=("Netflix",))
    assert decide(title, [wrong]).ref is None
    assert rank(title, [wrong])[0].ruled_out
