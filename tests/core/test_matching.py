import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from core.matching import EXACT, IndexedShow, TitleIndex, is_ambiguous

SHOWS = [
    IndexedShow(1, "Weak Hero", 2022, "KR", popularity=1),
    IndexedShow(2, "Squid Game", 2021, "KR", popularity=1),
    IndexedShow(3, "Squid Game: The Challenge", 2023, "US"),
    IndexedShow(4, "Sweet Home", 2020, "KR", popularity=1),
    IndexedShow(5, "Sweet Home Alabama", 2002, "US"),
    IndexedShow(6, "Home Alone", 1990, "US"),
    IndexedShow(7, "Home Alone", 1991, "KR"),
]
NAMES = [
    (1, "약한영웅"),
    (1, "Weak Class Hero"),
    (1, "Weak Hero Class 2"),
    (1, "Weak Hero: Class 2"),
    (2, "오징어 게임"),
]


def index() -> TitleIndex:
    return TitleIndex.build(SHOWS, NAMES)


def top(query: str) -> int:
    return index().search(query)[0].show.id


def test_exact_alias_hangul_and_typos_find_weak_hero() -> None:
    for query in (
        "weak hero",
        "WEAKHERO",
        "Weak Class Hero",
        "약한영웅",
        "weak heor",
        "Weak Hero: Class 2",
        "weak hero class 2",
    ):
        assert top(query) == 1, query


def test_exact_title_beats_longer_title_with_same_prefix() -> None:
    matches = index().search("squid game")
    assert [m.show.id for m in matches[:2]] == [2, 3]
    assert matches[0].score == EXACT
    assert not is_ambiguous(matches)


def test_prefix_and_word_prefix() -> None:
    assert top("squid") == 2
    assert top("class hero") == 1
    assert top("오징어") == 2


def test_same_title_twice_is_ambiguous() -> None:
    matches = index().search("home alone")
    assert {m.show.id for m in matches[:2]} == {6, 7}
    assert is_ambiguous(matches)


def test_no_match_returns_nothing() -> None:
    assert index().search("zzzzqqq") == []
    assert index().search("") == []
    assert index().search("🔥🔥") == []


def test_suggest_empty_query_lists_popular_titles_first() -> None:
    suggested = index().suggest("", limit=3)
    assert len(suggested) == 3
    assert all(show.popularity == 1 for show in suggested)


def test_labels_carry_year_and_country() -> None:
    assert SHOWS[0].label == "Weak Hero (2022, KR)"
    assert IndexedShow(9, "Untitled", None, None).label == "Untitled"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=1, max_value=25))
def test_search_never_fails_and_respects_limit(query: str, limit: int) -> None:
    matches = index().search(query, limit)
    assert len(matches) <= limit
    assert len({m.show.id for m in matches}) == len(matches)
    assert all(a.score >= b.score for a, b in itertools.pairwise(matches))
    assert len(index().suggest(query, limit)) <= limit
