"""Normalising text for matching (case, accents, punctuation, spacing and width folded),
clipping, and counting words that agree with their number."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")
# `\w` is exactly str.isalnum() plus "_": letters and numbers of every script (Hangul
# included) survive, punctuation, symbols, emoji and combining accents do not.
_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Cached `fold`, for queries and other text that repeats."""
    return fold(text)


def fold(text: str) -> str:
    """`Weak Hero: Class 2` → `weakheroclass2`; `약한 영웅` → `약한영웅`; emoji and marks vanish.

    Spacing is removed entirely so that `weakhero` and `weak hero` meet; NFKC folds
    full-width letters and compatibility jamo; accents are stripped after NFD and the
    result is recomposed with NFC so Hangul syllables survive intact.
    """
    if text.isascii():
        # Same result as the general path below, an order of magnitude faster, and most
        # titles and queries are ASCII.
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", _NOT_ALNUM.sub("", decomposed))


def words(text: str) -> list[str]:
    """Normalised words, for matching a query against the middle of a title."""
    spaced = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return [word for word in map(fold, spaced.replace("-", " ").split()) if word]


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


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 entry`, `2 entries`, `1,200 weeks`: the count and the word that agrees with it.

    The plural is `one + "s"` unless given (`plural(n, "entry", "entries")`).
    """
    return f"{count:,} {agree(count, one, many or one + 's')}"


def agree(count: int, one: str, many: str) -> str:
    """The word alone, for verbs and phrases: `agree(n, "was", "were")`."""
    return one if count == 1 else many
