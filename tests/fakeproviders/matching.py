"""Name matching for the fakes' search endpoints: case, punctuation and spacing do not
matter, akas count, typos are forgiven a little, and the score falls with the distance."""

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

    def add(self, owner: int, names: Iterable[str]) -> None:
        for name in names:
            key = normalise(name)
            if key:
                self._names.append(key)
                self._owners.append(owner)
                self._exact.setdefault(key, set()).add(owner)

    def search(self, query: str, limit: int = 10, cutoff: float = 72.0) -> list[tuple[int, float]]:
        key = normalise(query)
        if not key:
            return []
        best: dict[int, float] = dict.fromkeys(self._exact.get(key, ()), 1.0)
        for _name, score, index in process.extract(
            key, self._names, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=limit * 5
        ):
            owner = self._owners[index]
            best[owner] = max(best.get(owner, 0.0), round(score / 100 * 0.95, 4))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]
