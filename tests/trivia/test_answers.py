"""Answer judging: case, accents, spacing, aliases, Hangul, typos scaled to length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import normalize
from core.trivia.answers import AnswerKey, allowed_typos


@pytest.mark.parametrize(
    ("answer", "aliases", "guess"),
    [
        ("Park Ji-hoon", (), "park jihoon"),
        ("Park Ji-hoon", (), "  PARK   JI HOON  "),
        ("Héros fragile", (), "heros fragile"),
        ("Park Ji-hoon", (), "park jihon"),  # one edit, 10 letters
        ("Hospital Playlist", (), "hospitl playlst"),  # two edits, 16 letters
        ("Wanna One", (), "wana one"),
        ("Park Ji-hoon", ("박지훈",), "박지훈"),
        ("The Union", (), "union"),
        ("Weak Hero Class 2", (), "weak hero clas 2"),
        ("언젠가는 슬기로울 전공의생활", (), "언젠가는 슬기로울 전공의 생활"),
        ("언젠가는 슬기로울 전공의생활", (), "언젠가는 슬기로운 전공의생활"),  # one jamo off
        ("Beat Coin", ("홍김동전", "Hong Kim Dong-jeon"), "hong kim dongjeon"),
        ("2022", (), "2022"),
    ],
)
def test_accepts(answer: str, aliases: tuple[str, ...], guess: str) -> None:
    assert AnswerKey(answer, aliases).accepts(guess)


@pytest.mark.parametrize(
    ("answer", "guess"),
    [
        ("air", "chair"),
        ("SBS", "KBS"),
        ("Tving", "tvxnx"),  # five letters allow one edit, not two
        ("2022", "2023"),
        ("Weak Hero Class 2", "weak hero class 1"),
        ("68 million", "6 million"),
        ("Park Ji-hoon", "park"),
        ("Park Ji-hoon", "pork je hun"),
        ("약한영웅", "약한영옹"),  # 4 syllables: no typo allowed
        ("Green Home", ""),
        ("Green Home", "🙂🙂"),
        ("Green Home", "@everyone"),
    ],
)
def test_rejects(answer: str, guess: str) -> None:
    assert not AnswerKey(answer).accepts(guess)


def test_five_letters_allow_one_edit() -> None:
    assert AnswerKey("Wavve").accepts("wave")
    assert AnswerKey("Tving").accepts("tvinh")


def test_allowance_grows_with_length() -> None:
    assert [allowed_typos(n) for n in (1, 4, 5, 8, 9, 40)] == [0, 0, 1, 1, 2, 2]


def test_huge_guess_is_rejected_quickly() -> None:
    assert not AnswerKey("Green Home").accepts("Green Home" + "x" * 10_000)


@given(st.text(min_size=1, max_size=60))
def test_the_answer_itself_is_always_accepted(answer: str) -> None:
    key = AnswerKey(answer)
    assert key.accepts(answer) == bool(normalize(answer))
