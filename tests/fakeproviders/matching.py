"""Name matching for the fakes' search endpoints: case, punctuation and spacing do not
matter, akas count, a name containing every word of the query matches, small typos are
forgiven, and the score falls with the distance. Fast enough for thousands of shows."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch if ch.isalnum() else " " for ch in folded)
    return " ".join(kept.split())


class NameIndex:
    """Every (name, owner id) pair; `search` returns owner ids with a score in (0, 1]."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._owners: list[int] = []
        self._exact: dict[str, set[int]] = {}
        self._words: dict[str, set[int]] = {}  # word → indexes of names containing it

    def add(self, owner: int, names: Iterable[str]) -> None:
        for name in names:
            key = normalise(name)
            if key:
                index = len(self._names)
                self._names.append(key)
                self._owners.append(owner)
                self._exact.setdefault(key, set()).add(owner)
                for word in set(key.split()):
                    self._words.setdefault(word, set()).add(index)

    def search(self, query: str, limit: int = 10, cutoff: float = 80.0) -> list[tuple[int, float]]:
        key = normalise(query)
        if not key:
            return []
        best: dict[int, float] = dict.fromkeys(self._exact.get(key, ()), 1.0)

        def offer(index: int, score: float) -> None:
            owner = self._owners[index]
            best[owner] = max(best.get(owner, 0.0), round(score / 100 * 0.95, 4))

        # Typos: the whole name is close to the query.
        for _name, score, index in process.extract(
            key, self._names, scorer=fuzz.QRatio, score_cutoff=cutoff, limit=limit * 5
        ):
            offer(index, score)
        # Fewer words: every word of the query is in the name ("glory" finds "The Glory").
        words = sorted(set(key.split()), key=lambda w: len(self._words.get(w, ())))
        if words and all(w in self._words for w in words):
            common = set(self._words[words[0]])
            for word in words[1:]:
                common &= self._words[word]
            for index in common:
                offer(index, max(fuzz.QRatio(key, self._names[index]), cutoff))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]
