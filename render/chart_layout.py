"""How a rank history is laid out before anything is drawn (no matplotlib here).

A show that charts in several seasons years apart would be slivers on one time axis:
its weeks are split into runs (weeks in the list with no long gap inside), each run gets
a panel as wide as its own weeks, and each season keeps one colour across panels.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from db.charts import HistoryEntry
from render.chart_words import category_name, plain_title, season_label
from render.i18n import ENGLISH, Lang

MAX_PANELS = 6
MIN_GAP_WEEKS = 8  # a shorter absence stays inside the run, drawn as a break in the line
MIN_PANEL_WEEKS = 5  # a one-week run still gets room for its label
LABELS_ACROSS = 14  # date labels that fit side by side across the whole picture


@dataclass(frozen=True)
class Run:
    """Consecutive weeks (short absences included) drawn in one panel."""

    first: dt.date
    last: dt.date
    entries: tuple[HistoryEntry, ...]

    @property
    def weeks(self) -> int:
        return (self.last - self.first).days // 7 + 1

    @property
    def width(self) -> int:
        return max(self.weeks, MIN_PANEL_WEEKS)

    def ticks(self, share: float) -> list[dt.date]:
        """Week dates to label, evenly spaced, as many as fit in the panel's `share` of
        the picture's width."""
        most = max(1, int(LABELS_ACROSS * share))
        step = max(1, math.ceil(self.weeks / most))
        return [self.first + dt.timedelta(weeks=n) for n in range(0, self.weeks, step)]

    def years(self, lang: Lang = ENGLISH) -> str:
        """`2022`, or `2021–22` for a run across New Year (`2021년 ~ 2022년` in Korean)."""
        return lang.years(self.first, self.last)


@dataclass(frozen=True)
class Naming:
    """How a history's lines are told apart: by season alone when every entry has the
    same show title (the picture's title names the show), with the category when the
    show charted in several."""

    show_titles: int
    categories: int

    @classmethod
    def of(cls, entries: Sequence[HistoryEntry]) -> Naming:
        return cls(len({e.show_title for e in entries}), len({e.category for e in entries}))

    def label(self, entry: HistoryEntry, lang: Lang = ENGLISH) -> str:
        if self.show_titles == 1:
            label = season_label(entry.show_title, entry.season_title) or entry.show_title
        else:
            label = plain_title(entry.show_title, entry.season_title)
        if self.categories < 2:
            return label
        return lang.gettext(
            "{season} · {category}", season=label, category=category_name(entry.category, lang)
        )


def series_of(entries: Sequence[HistoryEntry], lang: Lang = ENGLISH) -> list[str]:
    """Each line's label once, in order of first week."""
    naming = Naming.of(entries)
    seen: dict[str, None] = {}
    for entry in sorted(entries, key=lambda e: (e.week, e.rank)):
        seen.setdefault(naming.label(entry, lang), None)
    return list(seen)


def runs(entries: Sequence[HistoryEntry], max_panels: int = MAX_PANELS) -> list[Run]:
    """Split the history at absences of MIN_GAP_WEEKS or more; when that makes more than
    `max_panels` panels, only the longest absences split it."""
    ordered = sorted(entries, key=lambda e: (e.week, e.rank))
    if not ordered:
        return []
    weeks = sorted({entry.week for entry in ordered})
    absences = [
        ((later - earlier).days // 7, later)
        for earlier, later in itertools.pairwise(weeks)
        if (later - earlier).days // 7 >= MIN_GAP_WEEKS
    ]
    # The longest absences split it (the later one first among equals).
    starts = {week for _, week in sorted(absences, reverse=True)[: max_panels - 1]}
    groups: list[list[HistoryEntry]] = [[ordered[0]]]
    for entry in ordered[1:]:
        if entry.week in starts and entry.week != groups[-1][-1].week:
            groups.append([])
        groups[-1].append(entry)
    return [Run(group[0].week, group[-1].week, tuple(group)) for group in groups]


def tick_label(week: dt.date, lang: Lang = ENGLISH) -> str:
    """`2025-04-27` → `27 Apr`, `4월 27일` (the panel names the year)."""
    return lang.day_month(week)
