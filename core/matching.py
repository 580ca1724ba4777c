"""In-memory title index: exact, prefix, word-prefix and typo-tolerant lookups.

Every name a show is known by (title, Hangul title, aliases, season titles) is folded
with `normalize` once when the index is built, so a lookup is a dict hit or a bisect in
the common case and a rapidfuzz scan with a score cut-off only for typos.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.text import fold, normalize, words

EXACT = 100.0
PREFIX = 92.0
WORD_PREFIX = 86.0
FUZZY = 80.0
FUZZY_PER_EDIT = 6.0
# Two candidates closer than this are "about equally likely": the member picks.
AMBIGUITY_MARGIN = 4.0
MAX_QUERY = 200
MAX_WORD_HITS = 200
# Among near-equal matches a Korean title ranks first (a K-drama bot), never above a
# clearly better match: the lift stays below AMBIGUITY_MARGIN.
KOREAN_LIFT = 3.0
# A "did you mean" title differs from the query in at most this share of its letters.
CLOSE_SHARE = 0.3
# Words that name no show on their own: "the" prefixes hundreds of titles.
STOPWORDS = frozenset({"the", "a", "an"})
_STOP_LETTERS = frozenset("".join(STOPWORDS))
# Discord's markup (mentions, channels, roles, emoji, timestamps, commands) names no show.
_MARKUP = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[a-zA-Z])?|/[\w -]+:\d+)>")


def strip_markup(query: str) -> str:
    """`<@123> weak hero` → ` weak hero`: what is left once Discord's markup is taken out."""
    return _MARKUP.sub(" ", query)


def query_key(query: str) -> str:
    """The folded key a query is matched by; empty when it carries nothing to match.

    Empty for markup alone (`<@123>`) and for words that name no show alone (`the`).
    """
    text = query[:MAX_QUERY]
    if "<" in text:
        text = strip_markup(text)
    key = normalize(text)
    # Only a key spelled with the stopwords' letters can be stopwords alone (cheap first).
    if key and set(key) <= _STOP_LETTERS and all(w in STOPWORDS for w in words(text)):
        return ""
    return key


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


class TitleIndex:
    def __init__(self) -> None:
        self._shows: dict[int, IndexedShow] = {}
        # folded name → the shows known by it
        self._keys: dict[str, set[int]] = {}
        self._sorted: list[str] = []
        self._word_keys: dict[str, set[int]] = {}
        self._sorted_words: list[str] = []
        # Typo candidates, by (length, first character) and by (length, last character).
        self._by_first: dict[tuple[int, str], list[str]] = {}
        self._by_last: dict[tuple[int, str], list[str]] = {}

    @classmethod
    def build(cls, shows: Iterable[IndexedShow], names: Iterable[tuple[int, str]]) -> TitleIndex:
        index = cls()
        # Hundreds of thousands of small containers are created below; the cyclic GC
        # would rescan them over and over while none of them can form a cycle.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            index._fill(shows, names)
        finally:
            if gc_was_enabled:
                gc.enable()
        return index

    def _fill(self, shows: Iterable[IndexedShow], names: Iterable[tuple[int, str]]) -> None:
        self._shows = {show.id: show for show in shows}
        for show in self._shows.values():
            self._add(show.id, show.title)
        for show_id, name in names:
            if show_id in self._shows:
                self._add(show_id, name)
        self._sorted = sorted(self._keys)
        self._sorted_words = sorted(self._word_keys)
        for key in self._sorted:
            self._by_first.setdefault((len(key), key[0]), []).append(key)
            self._by_last.setdefault((len(key), key[-1]), []).append(key)

    def _add(self, show_id: int, name: str) -> None:
        parts = words(name)
        key = "".join(parts) if name.isascii() else fold(name)
        if not key:
            return
        _add_id(self._keys, key, show_id)
        # Word suffixes let `class hero` find `Weak Class Hero` without a substring scan.
        for start in range(1, len(parts)):
            suffix = "".join(parts[start:])
            if len(suffix) < 3:
                continue  # "1" of "Season 1" would match half the catalog
            _add_id(self._word_keys, suffix, show_id)

    def __len__(self) -> int:
        return len(self._shows)

    def get(self, show_id: int) -> IndexedShow | None:
        return self._shows.get(show_id)

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Best matches first, at most one per show; nothing below the confidence floor.

        The floor: no match for a query with nothing to match (see `query_key`), no
        prefix match for a single Latin letter, no typo match for a number ("1923" is not
        a typo of "123"), and the typo budget scales with the query's length.
        """
        key = query_key(query)
        if not key or (len(key) < 2 and key.isascii()):
            return []
        best: dict[int, Match] = {}

        def offer(show_id: int, score: float) -> None:
            current = best.get(show_id)
            if current is None or score > current.score:
                best[show_id] = Match(self._shows[show_id], score)

        exact = self._keys.get(key)
        for show_id in exact or ():
            offer(show_id, EXACT)
        for found in self._prefixed(self._sorted, key, 200):
            # A longer title that merely starts with the query ranks below a closer one.
            closeness = len(key) / len(found)
            for show_id in self._keys[found]:
                offer(show_id, PREFIX + 6 * closeness)
        for found in self._prefixed(self._sorted_words, key, 200):
            closeness = len(key) / len(found)
            # A common word ("king") names thousands of shows; a few hundred is plenty.
            for show_id in itertools.islice(self._word_keys[found], MAX_WORD_HITS):
                offer(show_id, WORD_PREFIX + 4 * closeness)
            if len(best) >= MAX_WORD_HITS:
                break
        if not exact and len(best) < limit and not key.isdigit():
            for found, edits in self._near(key, limit):
                for show_id in self._keys[found]:
                    offer(show_id, FUZZY - FUZZY_PER_EDIT * edits)
        return sorted(best.values(), key=_rank)[:limit]

    def close_to(self, query: str, limit: int = 3) -> list[IndexedShow]:
        """Titles spelled close to a query that matched nothing: for "did you mean".

        One more typo than `search` allows, over the whole title, and at most
        CLOSE_SHARE of its letters: never a title that merely shares a few letters.
        """
        key = query_key(query)
        if len(key) < 4 or key.isdigit():
            return []
        found = [
            (name, edits)
            for name, edits in self._near(key, limit, edit_budget(len(key)) + 1)
            if edits <= CLOSE_SHARE * max(len(key), len(name))
        ]
        shows = {i: self._shows[i] for name, _ in found for i in self._keys[name]}
        ranked = sorted(shows.values(), key=lambda s: (s.country != "KR", -s.popularity, s.title))
        return ranked[:limit]

    def suggest(self, query: str, limit: int = 25) -> list[IndexedShow]:
        """Autocomplete: popular titles for an empty query, else the best matches.

        A query with nothing to match (`the`, `<@123>`) offers nothing rather than noise.
        """
        if not query.strip():
            popular = sorted(self._shows.values(), key=lambda s: (-s.popularity, s.title))
            return popular[:limit]
        return [match.show for match in self.search(query, limit)]

    def _near(self, key: str, limit: int, budget: int | None = None) -> list[tuple[str, int]]:
        """Keys within a few edits of `key`; the budget grows with the key's length.

        Only keys of a reachable length that share the first character are compared
        (then, if none is close, those sharing the last): one typo never changes both
        ends, and this keeps a typo lookup to about a millisecond on a large catalog.
        """
        budget = edit_budget(len(key)) if budget is None else budget
        if budget == 0:
            return []
        for buckets, end in ((self._by_first, key[0]), (self._by_last, key[-1])):
            found: list[tuple[str, int]] = []
            for length in range(len(key) - budget, len(key) + budget + 1):
                bucket = buckets.get((length, end))
                if bucket:
                    found += [
                        (choice, int(edits))
                        for choice, edits, _ in process.extract(
                            key,
                            bucket,
                            scorer=Levenshtein.distance,
                            limit=limit,
                            score_cutoff=budget,
                        )
                    ]
            if found:
                found.sort(key=lambda pair: pair[1])
                return found[:limit]
        return []

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


def _rank(match: Match) -> tuple[float, int, str, int]:
    """Best score first; a Korean title is lifted a little, enough to lead near-equals."""
    show, score = match.show, match.score
    if show.country == "KR" and score < EXACT:
        score = min(score + KOREAN_LIFT, EXACT - 0.5)  # never above an exact title
    return (-score, -show.popularity, show.title, show.id)


def _add_id(index: dict[str, set[int]], key: str, show_id: int) -> None:
    ids = index.get(key)
    if ids is None:
        index[key] = {show_id}
    else:
        ids.add(show_id)


def edit_budget(length: int) -> int:
    """How many typos a folded title of this length may carry and still be recognised."""
    if length < 3:
        return 0
    if length <= 5:
        return 1
    return 2 if length <= 10 else 3


def is_ambiguous(matches: list[Match]) -> bool:
    """True when the top two shows are about equally likely and the member should pick."""
    if len(matches) < 2:
        return False
    first, second = matches[0], matches[1]
    if first.score == EXACT and second.score < EXACT:
        return False
    return first.score - second.score < AMBIGUITY_MARGIN
