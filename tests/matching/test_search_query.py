"""What Hallyu searches a provider for, from the titles Netflix actually publishes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.title_match import MAX_QUERY, search_query


@pytest.mark.parametrize(
    ("show", "season", "expected"),
    [
        ("Squid Game", "Squid Game: Season 2", "Squid Game"),
        ("The Glory", "The Glory: Limited Series", "The Glory"),
        ("Money Heist", "Money Heist: Part 5", "Money Heist"),
        ("Alchemy of Souls", "Alchemy of Souls: Part 2", "Alchemy of Souls"),
        ("Love, Death & Robots", "Love, Death & Robots: Volume 3", "Love, Death & Robots"),
        ("Stranger Things", "Stranger Things 4", "Stranger Things"),
        ("Love Is Blind", "Love Is Blind: S10: Ohio", "Love Is Blind"),
        ("Raw", "Raw: April 13, 2026", "Raw"),
        ("Bebefinn Playtime", "Bebefinn Playtime: 시즌 1", "Bebefinn Playtime"),
        (
            "The Uncanny Counter",
            "The Uncanny Counter: Season 2: Counter Punch",
            "The Uncanny Counter",
        ),
        ("Nevertheless,", "Nevertheless,: Limited Series", "Nevertheless"),
        ("Shameless (U.S.)", "Shameless (U.S.): Season 11", "Shameless"),
        ("The Office (U.S.)", "The Office (U.S.): Season 2", "The Office"),
        ("Hunter X Hunter (2011)", "Hunter X Hunter (2011): Season 5", "Hunter X Hunter"),
        ("Rosario Tijeras (Mexico)", "Rosario Tijeras (Mexico): Season 4", "Rosario Tijeras"),
        # What belongs to the title stays.
        ("Weak Hero", "Weak Hero: Class 2", "Weak Hero: Class 2"),
        ("Weak Hero", "Weak Hero: Class 1", "Weak Hero: Class 1"),
        ("Physical: 100", "Physical: 100: Season 2", "Physical: 100"),
        ("Physical: Asia", "", "Physical: Asia"),
        (
            "Money Heist: Korea - Joint Economic Area",
            "Money Heist: Korea - Joint Economic Area: Part 1",
            "Money Heist: Korea - Joint Economic Area",
        ),
        ("Single’s Inferno", "Single’s Inferno: Season 4", "Single’s Inferno"),
        ("Culinary Class Wars", "Culinary Class Wars: Season 1", "Culinary Class Wars"),
        ("Khakee: The Bihar Chapter", "", "Khakee: The Bihar Chapter"),
        ("Ferry: The Series", "Ferry: The Series: The Series", "Ferry: The Series"),
        ("1992", "1992: Limited Series", "1992"),
        ("【OSHI NO KO】", "【OSHI NO KO】: Season 2", "【OSHI NO KO】"),
        ("How to Sell Drugs Online (Fast)", "", "How to Sell Drugs Online (Fast)"),
        # The season string handed in as the title, with the usual decorations.
        ("Squid Game: Season 2", "", "Squid Game"),
        ("Lupin: Season 1 (Part 2)", "", "Lupin"),
        ("Queen of Tears (Part 1)", "", "Queen of Tears"),
        ("Mr. Sunshine: Book 1", "", "Mr. Sunshine"),
        ("Unsolved Mysteries: Volume 2", "", "Unsolved Mysteries"),
        ("The Great British Baking Show: Collection 11", "", "The Great British Baking Show"),
        ("Season 2", "", "Season 2"),
    ],
)
def test_series_decorations_are_stripped(show: str, season: str, expected: str) -> None:
    assert search_query(show, season) == expected


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        # A film's "Part 1" or "Chapter 2" is its title.
        (
            "Harry Potter and the Deathly Hallows: Part 1",
            "Harry Potter and the Deathly Hallows: Part 1",
        ),
        ("The Christmas Chronicles: Part Two", "The Christmas Chronicles: Part Two"),
        ("John Wick: Chapter 2", "John Wick: Chapter 2"),
        ("Fear Street Part 1: 1994", "Fear Street Part 1: 1994"),
        # Dubs and cuts are Netflix's, not the film's.
        ("Kalki 2898 AD (Hindi)", "Kalki 2898 AD"),
        ("Doctor (Tamil)", "Doctor"),
        ("Spider-Man: No Way Home (Extended Version)", "Spider-Man: No Way Home"),
        ("Jawan: Extended Cut", "Jawan"),
        ("Death Wish (2018)", "Death Wish"),
        ("비상선언", "비상선언"),
        ("بلال: بطل من فصيل جديد", "بلال: بطل من فصيل جديد"),
    ],
)
def test_film_titles_keep_their_parts(show: str, expected: str) -> None:
    assert search_query(show, "", is_film=True) == expected


def test_whitespace_is_tidied_and_long_titles_are_cut() -> None:
    assert search_query("  A Second Chance:  Rivals! ", "") == "A Second Chance: Rivals!"
    assert len(search_query("x" * 10_000, "")) <= 200


@given(st.text(max_size=300), st.text(max_size=300), st.booleans())
def test_never_empty_for_a_title_with_letters(show: str, season: str, film: bool) -> None:
    query = search_query(show, season, is_film=film)
    assert len(query) <= MAX_QUERY
    if any(ch.isalpha() for ch in show[:MAX_QUERY]):
        assert query.strip()
        assert any(ch.isalpha() for ch in query)
