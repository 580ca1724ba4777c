"""Normalising text for matching: case, accents, punctuation, spacing and width folded."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Categories kept when folding: letters and numbers of every script (Hangul included).
_KEPT = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No"})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """`Weak Hero: Class 2` → `weakheroclass2`; `약한 영웅` → `약한영웅`; emoji and marks vanish.

    Spacing is removed entirely so that `weakhero` and `weak hero` meet; NFKC folds
    full-width letters and compatibility jamo; accents are stripped after NFD and the
    result is recomposed with NFC so Hangul syllables survive intact.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) in _KEPT)
    return unicodedata.normalize("NFC", kept)


def words(text: str) -> list[str]:
    """Normalised words, for matching a query against the middle of a title."""
    out = []
    for raw in unicodedata.normalize("NFKC", text).replace("-", " ").split():
        word = normalize(raw)
        if word:
            out.append(word)
    return out


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters at a word boundary where one is near."""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return text[:limit]
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ellipsis
