"""The labelled matching set: real Netflix chart titles, search results, careful decisions.

Shared by the tests and `bench/matching.py`. See README.md beside the JSON for what the
fields mean and where the facts come from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.providers import Candidate, ProviderRef
from core.title_match import ChartTitle, MatchDecision, decide

PATH = Path(__file__).with_name("labelled_titles.json")


@dataclass(frozen=True)
class LabelledTitle:
    title: ChartTitle
    category: str
    candidates: tuple[Candidate, ...]
    expected: ProviderRef | None  # None: a careful person would link none of them
    trap: str | None
    note: str

    @property
    def label(self) -> str:
        season = f" [{self.title.season_title}]" if self.title.season_title else ""
        return f"{self.title.show_title}{season} ({self.category}, {self.title.first_week})"


@dataclass(frozen=True)
class Outcome:
    case: LabelledTitle
    decision: MatchDecision

    @property
    def correct(self) -> bool:
        return self.decision.ref is not None and self.decision.ref == self.case.expected

    @property
    def wrong(self) -> bool:
        return self.decision.ref is not None and self.decision.ref != self.case.expected


@dataclass(frozen=True)
class Scores:
    outcomes: tuple[Outcome, ...]

    @property
    def matched(self) -> int:
        return sum(o.decision.status == "matched" for o in self.outcomes)

    @property
    def correct(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def findable(self) -> int:
        return sum(o.case.expected is not None for o in self.outcomes)

    @property
    def precision(self) -> float:
        """Correct matches / all matches made (1.0 when none were made)."""
        return self.correct / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        """Correct matches / titles that have a correct candidate."""
        return self.correct / self.findable if self.findable else 1.0

    def count(self, status: str) -> int:
        return sum(o.decision.status == status for o in self.outcomes)

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.wrong]

    @property
    def missed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.expected is not None and not o.correct]


def _candidate(raw: dict[str, Any]) -> Candidate:
    return Candidate(
        ref=ProviderRef.parse(raw["ref"]),
        name=raw["name"],
        original_name=raw["original_name"],
        akas=tuple(raw["akas"]),
        language=raw["language"],
        origin_countries=tuple(raw["origin_countries"]),
        premiered=raw["premiered"],
        networks=tuple(raw["networks"]),
        kind=raw["kind"],
    )


def load(path: Path = PATH) -> list[LabelledTitle]:
    cases = []
    for raw in json.loads(path.read_text(encoding="utf-8"))["titles"]:
        title = ChartTitle(
            show_title=raw["show_title"],
            season_title=raw["season_title"],
            is_film=raw["is_film"],
            categories=(raw["category"],),
            first_week=raw["first_week"],
            countries=tuple(raw["countries"]),
        )
        expected = raw["expected"]
        cases.append(
            LabelledTitle(
                title=title,
                category=raw["category"],
                candidates=tuple(_candidate(c) for c in raw["candidates"]),
                expected=ProviderRef.parse(expected) if expected else None,
                trap=raw["trap"],
                note=raw["note"],
            )
        )
    return cases


def evaluate(cases: Sequence[LabelledTitle]) -> Scores:
    return Scores(tuple(Outcome(case, decide(case.title, case.candidates)) for case in cases))
