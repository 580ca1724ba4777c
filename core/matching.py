"""In-memory title index: exact, prefix, word-prefix and typo-tolerant lookups.

Every name a show is known by (title, Hangul title, aliases, season titles) is folded
with `normalize` once when the index is built, so a lookup is a dict hit or a bisect in
the common case and a rapidfuzz scan with a score cut-off only for typos.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from core.text import normalize, words

EXACT = 100.0
PREFIX = 92.0
WORD_PREFIX = 86.0
FUZZY_CUTOFF = 72.0
# Two candidates closer than this are "about equally likely": the member picks.
AMBIGUITY_MARGIN = 4.0
MAX_QUERY = 200


@dataclass(frozen=True)
class IndexedShow:
    """What autocomplete and the picker need to label a show without a query."""

    id: int
    title: str
    year: int | None
    country: str | None
    popularity: int = 0

    @property
    def label(self) -> str:
        details = ", ".join(str(part) for part in (self.year, self.country) if part)
        return f"{self.title} ({details})" if details else self.title


@dataclass(frozen=True)
class Match:
    show: IndexedShow
    score: float
    matched: str


@dataclass
class _Key:
    show_ids: set[int] = field(default_factory=set)
    text: str = ""


class TitleIndex:
    def __init__(self) -> None:
        self._shows: dict[int, IndexedShow] = {}
        self._keys: dict[str, _Key] = {}
        self._sorted: list[str] = []
        self._word_keys: dict[str, set[int]] = {}
        self._sorted_words: list[str] = []
        self._fuzzy_choices: list[str] = []

    @classmethod
    def build(cls, shows: Iterable[IndexedShow], names: Iterable[tuple[int, str]]) -> TitleIndex:
        index = cls()
        index._shows = {show.id: show for show in shows}
        for show in index._shows.values():
            index._add(show.id, show.title)
        for show_id, name in names:
            if show_id in index._shows:
                index._add(show_id, name)
        index._sorted = sorted(index._keys)
        index._sorted_words = sorted(index._word_keys)
        index._fuzzy_choices = index._sorted
        return index

    def _add(self, show_id: int, name: str) -> None:
        key = normalize(name)
        if not key:
            return
        entry = self._keys.setdefault(key, _Key(text=name))
        entry.show_ids.add(show_id)
        # Word suffixes let `class hero` find `Weak Class Hero` without a substring scan.
        parts = words(name)
        for start in range(1, len(parts)):
            self._word_keys.setdefault("".join(parts[start:]), set()).add(show_id)

    def __len__(self) -> int:
        return len(self._shows)

    def get(self, show_id: int) -> IndexedShow | None:
        return self._shows.get(show_id)

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Best matches first, at most one per show."""
        key = normalize(query[:MAX_QUERY])
        if not key:
            return []
        best: dict[int, Match] = {}

        def offer(show_id: int, score: float, matched: str) -> None:
            current = best.get(show_id)
            if current is None or score > current.score:
                best[show_id] = Match(self._shows[show_id], score, matched)

        exact = self._keys.get(key)
        if exact:
            for show_id in exact.show_ids:
                offer(show_id, EXACT, exact.text)
        for found in self._prefixed(self._sorted, key, 200):
            entry = self._keys[found]
            # A longer title that merely starts with the query ranks below a closer one.
            closeness = len(key) / len(found)
            for show_id in entry.show_ids:
                offer(show_id, PREFIX + 6 * closeness, entry.text)
        for found in self._prefixed(self._sorted_words, key, 200):
            closeness = len(key) / len(found)
            for show_id in self._word_keys[found]:
                offer(show_id, WORD_PREFIX + 4 * closeness, found)
        if len(best) < limit and len(key) >= 3:
            for found, score, _ in process.extract(
                key,
                self._fuzzy_choices,
                scorer=fuzz.ratio,
                limit=limit,
                score_cutoff=FUZZY_CUTOFF,
            ):
                entry = self._keys[found]
                for show_id in entry.show_ids:
                    # Fuzzy hits stay below every exact/prefix hit.
                    offer(show_id, min(float(score), PREFIX - 1) * 0.9, entry.text)
        ranked = sorted(
            best.values(), key=lambda m: (-m.score, -m.show.popularity, m.show.title, m.show.id)
        )
        return ranked[:limit]

    def suggest(self, query: str, limit: int = 25) -> list[IndexedShow]:
        """Autocomplete: popular titles for an empty query, else the best matches."""
        if not normalize(query[:MAX_QUERY]):
            popular = sorted(self._shows.values(), key=lambda s: (-s.popularity, s.title))
            return popular[:limit]
        return [match.show for match in self.search(query, limit)]

    @staticmethod
    def _prefixed(sorted_keys: list[str], prefix: str, cap: int) -> list[str]:
        start = bisect.bisect_left(sorted_keys, prefix)
        found: list[str] = []
        for position in range(start, min(start + cap, len(sorted_keys))):
            candidate = sorted_keys[position]
            if not candidate.startswith(prefix):
                break
            found.append(candidate)
        return found


def is_ambiguous(matches: list[Match]) -> bool:
    """True when the top two shows are about equally likely and the member should pick."""
    if len(matches) < 2:
        return False
    first, second = matches[0], matches[1]
    if first.score == EXACT and second.score < EXACT:
        return False
    return first.score - second.score < AMBIGUITY_MARGIN
