"""Entry field rules: limits, aliases, difficulty; hostile text is kept verbatim, not run."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.trivia.fields import (
    MAX_ALIASES,
    MAX_ANSWER,
    MAX_QUESTION,
    EntryError,
    draft,
    split_aliases,
)


def test_valid_entry_is_cleaned() -> None:
    entry = draft("  Who plays Si-eun?  ", " Park   Ji-hoon ", ["박지훈", " park ji-hoon ", "PJH"])
    assert entry.question == "Who plays Si-eun?"
    assert entry.answer == "Park Ji-hoon"
    # A copy of the answer (after folding) is dropped; order kept.
    assert entry.aliases == ("박지훈", "PJH")
    assert entry.difficulty == "medium"
    assert entry.normalized == "whoplayssieun"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": "x" * (MAX_QUESTION + 1)}, "limit is 500"),
        ({"answer": "y" * (MAX_ANSWER + 1)}, "limit is 100"),
        ({"aliases": ["z" * (MAX_ANSWER + 1)]}, "limit is 100"),
        ({"aliases": [f"alias {n}" for n in range(MAX_ALIASES + 1)]}, "at most 10"),
        ({"question": "   "}, "needs some letters"),
        ({"question": "🙂🎉"}, "needs some letters"),
        ({"answer": "***"}, "needs some letters"),
        ({"aliases": ["a;b"]}, "cannot contain"),
        ({"difficulty": "impossible"}, "easy, medium, hard"),
    ],
)
def test_bad_fields_are_refused(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"question": "Q?", "answer": "A1", **kwargs}
    with pytest.raises(EntryError, match=message):
        draft(**values)  # type: ignore[arg-type]


def test_hostile_text_is_stored_as_written() -> None:
    entry = draft("**Bold** @everyone <@123> `code` 약한영웅 🎉", "||spoiler|| @here")
    assert entry.question == "**Bold** @everyone <@123> `code` 약한영웅 🎉"
    assert entry.answer == "||spoiler|| @here"


def test_split_aliases() -> None:
    assert split_aliases(" a ; b;; c ;") == ["a", "b", "c"]
    assert split_aliases(None) == []


@given(st.text(max_size=600), st.text(max_size=150))
def test_draft_either_validates_or_says_why(question: str, answer: str) -> None:
    try:
        entry = draft(question, answer)
    except EntryError as exc:
        assert exc.message
    else:
        assert len(entry.question) <= MAX_QUESTION
        assert len(entry.answer) <= MAX_ANSWER
