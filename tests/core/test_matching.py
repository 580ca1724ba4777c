import csv
import functools
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from core.matching import EXACT, IndexedShow, TitleIndex, edit_budget, is_ambiguous, query_key
from core.text import normalize
from db.catalog_loader import SEED_PATH

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


# -- the confidence floor and Korean titles first, on real Netflix titles --------------

HERE = Path(__file__).resolve().parent
REAL_GLOBAL = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix" / "all-weeks-global.tsv"
)


def real_titles() -> dict[str, str | None]:
    """Title → country: the shipped extract, the bundled catalog, and Netflix's whole
    global file when it sits beside the checkout."""
    titles: dict[str, str | None] = {}
    for line in (HERE / "netflix-titles.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            title, _, country = line.partition("\t")
            titles[title] = country or None
    if REAL_GLOBAL.is_file():
        with REAL_GLOBAL.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows, delimiter="\t"):
                titles.setdefault(row["show_title"], None)
    catalog = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    for show in catalog["shows"]:
        titles[show["title"]] = show["country"]
    return titles


@functools.cache
def netflix_index() -> TitleIndex:
    shows = [
        IndexedShow(n, title, None, country)
        for n, (title, country) in enumerate(sorted(real_titles().items()), 1)
    ]
    return TitleIndex.build(shows, [])


def titles_of(query: str) -> list[str]:
    return [m.show.title for m in netflix_index().search(query)]


def test_unrelated_titles_are_not_offered_for_weak_matches() -> None:
    index = netflix_index()
    assert "Bee Movie" in titles_of("bee movie")  # the titles are there ...
    assert titles_of("moving") == []  # ... but "moving" is not close to any of them
    assert index.close_to("moving") == []
    assert [s.title for s in index.suggest("moving")] == []


@pytest.mark.parametrize("query", ["the", "The", "  the  ", "a", "an", "the the", "THE A"])
def test_words_that_name_no_show_match_nothing(query: str) -> None:
    assert netflix_index().search(query) == []
    assert netflix_index().suggest(query) == []
    assert "The 100" in titles_of("the 100")


@pytest.mark.parametrize(
    "query", ["<@123>", "<@!123>", "<@&5>", "<#7> <@9>", "<:kr:42>", "<t:1:R>"]
)
def test_discord_markup_matches_nothing(query: str) -> None:
    assert netflix_index().search(query) == []
    assert netflix_index().suggest(query) == []
    assert titles_of("1923")[0] == "1923"
    assert titles_of("123") == []  # a number is not a typo of another number


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("sweet", "Sweet Home"),
        ("crash", "Crash Landing on You"),
        ("squid", "Squid Game"),
        ("weak", "Weak Hero"),
        ("weak heor", "Weak Hero"),
        ("sqiud game", "Squid Game"),
        ("queen", "Queen"),  # an exact title stays first
    ],
)
def test_korean_titles_lead_near_equal_matches(query: str, first: str) -> None:
    assert titles_of(query)[0] == first


def test_a_korean_title_is_lifted_above_near_equals_only() -> None:
    found = titles_of("queen")
    assert found.index("Queen of Tears") < found.index("Queenpins")
    matches = netflix_index().search("sweet")
    assert matches[0].show.title == "Sweet Home" and is_ambiguous(matches)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(real_titles())), st.integers(0, 40), st.characters())
def test_close_suggestions_are_close_spellings(title: str, at: int, typo: str) -> None:
    query = title[:at] + typo + title[at + 1 :]
    key = query_key(query)
    for show in netflix_index().close_to(query):
        name = normalize(show.title)
        edits = Levenshtein.distance(key, name)
        assert edits <= edit_budget(len(key)) + 1
        assert edits <= 0.3 * max(len(key), len(name))


@given(st.lists(st.sampled_from(["the", "a", "an", "<@1>", "<#2>", " ", "THE"]), max_size=6))
def test_nothing_to_match_is_never_noise(parts: list[str]) -> None:
    assert netflix_index().search(" ".join(parts)) == []


def test_a_heavy_misspelling_gets_only_its_close_title_as_suggestion() -> None:
    assert titles_of("crash lnding of yuo") == []
    close = netflix_index().close_to("crash lnding of yuo")
    assert [s.title for s in close] == ["Crash Landing on You"]
