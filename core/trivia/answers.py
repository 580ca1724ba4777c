"""Judging a member's answer: neither too loose ("chair" for "air") nor too strict.

Every accepted form (the answer and its aliases) is folded with `normalize()` (case,
accents, punctuation and spacing vanish; Hangul stays). A guess then wins when it is within
a few edits of a form, the allowance growing with the form's length, and never when the
numbers in it differ: "2023" is not a typo of "2022".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from core.text import normalize

# A guess longer than this cannot be a typo of an answer (answers are at most 100 characters).
MAX_GUESS = 300
_DIGITS = re.compile(r"\d+")
_ARTICLES = ("the", "a", "an")


def allowed_typos(length: int) -> int:
    """Edits tolerated for a folded answer of `length` characters."""
    if length < 5:
        return 0
    if length <= 8:
        return 1
    return 2


def _spelled(folded: str) -> str:
    # Hangul syllables split into their letters (jamo), so one mistyped letter costs one
    # edit as it does in Latin script; the allowance is still set by the syllable count.
    return unicodedata.normalize("NFD", folded)


@dataclass(frozen=True)
class _Form:
    spelled: str
    digits: tuple[str, ...]
    typos: int


def _form(text: str) -> _Form | None:
    folded = normalize(text)
    if not folded:
        return None
    return _Form(_spelled(folded), tuple(_DIGITS.findall(folded)), allowed_typos(len(folded)))


def _variants(text: str) -> list[str]:
    """The text itself and, when it opens with an article, the text without it."""
    words = text.split()
    if len(words) > 1 and words[0].casefold() in _ARTICLES:
        return [text, " ".join(words[1:])]
    return [text]


class AnswerKey:
    """The accepted forms of one answer, folded once; `accepts()` is cheap per guess."""

    def __init__(self, answer: str, aliases: Iterable[str] = ()) -> None:
        forms: dict[str, _Form] = {}
        for text in (answer, *aliases):
            for variant in _variants(text):
                form = _form(variant)
                if form is not None and form.spelled not in forms:
                    forms[form.spelled] = form
        self._forms = tuple(forms.values())

    def accepts(self, guess: str) -> bool:
        folded = normalize(guess[:MAX_GUESS])
        if not folded:
            return False
        spelled = _spelled(folded)
        digits = tuple(_DIGITS.findall(folded))
        for form in self._forms:
            if form.digits != digits:
                continue
            if form.typos == 0:
                if spelled == form.spelled:
                    return True
            elif Levenshtein.distance(spelled, form.spelled, score_cutoff=form.typos) <= form.typos:
                return True
        return False
