"""Reading the Netflix figures a curated note states and checking them against Netflix's rows.

A note "cites Netflix numbers" when it names Netflix and a rank, views, hours or a count of
weeks. Such a note must say which list it means (a week of the global list, the all-time
Most Popular list, or a country list reported by a named source) so the figures can be
compared with the rows Netflix published; a multi-season show's note says which season.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.text import normalize

_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth"
ORDINALS = {word: n for n, word in enumerate(_WORDS.split(), 1)}
_ORDINAL = r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
_AMOUNT = r"(\d+(?:\.\d+)?) (million|billion)"
VIEWS = re.compile(_AMOUNT + r" views")
HOURS = re.compile(_AMOUNT + r" hours")
RANK = re.compile(r"No\. (\d+)|\b" + _ORDINAL + r" place\b|\((\d+)(?:st|nd|rd|th)\)")
WEEK_COUNT = re.compile(r"\b" + _ORDINAL + r" week\b")
PREMIERE_WEEK = re.compile(r"\bpremiere week\b")
WEEK_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})")
CATEGORY = re.compile(r"\b(non-English|English) (TV|films?|category)\b", re.IGNORECASE)
COUNTRY = re.compile(
    r"\bcountr(?:y|ies)\b|[A-Z][a-z]+(?: [A-Z][a-z]+)? \(\d+(?:st|nd|rd|th)\)"
    r"|Netflix's (?!global\b)[A-Z][a-z]+(?: [A-Z][a-z]+)? Top 10"
)
UNITS = {"million": 1_000_000, "billion": 1_000_000_000}


@dataclass(frozen=True)
class GlobalRow:
    week: str
    category: str
    rank: int
    show_title: str
    season_title: str
    hours: int | None
    views: int | None
    weeks: int


@dataclass(frozen=True)
class PopularRow:
    category: str
    rank: int
    show_title: str
    season_title: str
    hours: int | None
    views: int | None


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def read_global(text: str) -> list[GlobalRow]:
    """Rows of Netflix's all-weeks-global file (its header names the columns)."""
    return [
        GlobalRow(
            row["week"],
            row["category"],
            int(row["weekly_rank"]),
            row["show_title"],
            row["season_title"],
            _int(row["weekly_hours_viewed"]),
            _int(row["weekly_views"] or ""),
            int(row["cumulative_weeks_in_top_10"]),
        )
        for row in csv.DictReader(io.StringIO(text), delimiter="\t")
    ]


def read_popular(text: str) -> list[PopularRow]:
    """Rows of Netflix's most-popular file (hours and views in the first 91 days)."""
    return [
        PopularRow(
            row["category"],
            int(row["rank"]),
            row["show_title"],
            row["season_title"],
            _int(row["hours_viewed_first_91_days"]),
            _int(row["views_first_91_days"]),
        )
        for row in csv.DictReader(io.StringIO(text), delimiter="\t")
    ]


@dataclass(frozen=True)
class Note:
    """One curated note (a catalog fact) with what is needed to find its Netflix rows."""

    show: str  # slug
    titles: frozenset[str]  # normalised names the show may carry in Netflix's files
    season_title: str | None
    season_label: str | None  # "Class 2", "Season 3": set only for multi-season shows
    text: str
    source: str


def notes_from_catalog(catalog: dict[str, Any]) -> list[Note]:
    notes = []
    for show in catalog["shows"]:
        titles = {normalize(show["title"])}
        aliases = show.get("aliases") or []
        titles |= {normalize(a["alias"]) for a in aliases if a["kind"] == "english"}
        seasons = {s["number"]: s for s in show.get("seasons") or []}
        for fact in show.get("facts") or []:
            season = seasons.get(fact.get("season"))
            title = season["title"] if season else None
            label = None
            if title and len(seasons) > 1 and title.startswith(show["title"]):
                label = title[len(show["title"]) :].strip(" :") or None
            notes.append(
                Note(show["slug"], frozenset(titles), title, label, fact["text"], fact["source"])
            )
    return notes


def cites_netflix_numbers(text: str) -> bool:
    if "Netflix" not in text:
        return False
    patterns = (VIEWS, HOURS, RANK, WEEK_COUNT, PREMIERE_WEEK)
    return any(pattern.search(text) for pattern in patterns)


def _ordinal(text: str) -> int:
    return ORDINALS.get(text.lower()) or int(re.sub(r"\D", "", text))


def _amount(match: re.Match[str]) -> tuple[float, int, int]:
    """(claimed number, unit, decimals) of `6.1 million`."""
    number = match.group(1)
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), UNITS[match.group(2)], decimals


def _same_amount(match: re.Match[str], actual: int | None) -> bool:
    claimed, unit, decimals = _amount(match)
    return actual is not None and round(actual / unit, decimals) == claimed


def _category(text: str) -> str | None:
    found = CATEGORY.search(text)
    if found is None or found.group(2).lower() == "category":
        return None
    kind = "TV" if found.group(2) == "TV" else "Films"
    language = "Non-English" if found.group(1).lower() == "non-english" else "English"
    return f"{kind} ({language})"


def _rank(text: str) -> int | None:
    found = RANK.search(text)
    if found is None:
        return None
    if found.group(2):
        return _ordinal(found.group(2))
    return int(found.group(1) or found.group(3))


def _week_count(text: str) -> int | None:
    found = WEEK_COUNT.search(text)
    if found is not None:
        return _ordinal(found.group(1))
    return 1 if PREMIERE_WEEK.search(text) else None


def _season_matches(note: Note, season_title: str) -> bool:
    return note.season_title is None or normalize(note.season_title) == normalize(season_title)


def check(note: Note, weekly: Sequence[GlobalRow], popular: Sequence[PopularRow]) -> list[str]:
    """What in the note disagrees with Netflix's rows (empty when all of it agrees)."""
    text = note.text
    if not cites_netflix_numbers(text):
        return []
    problems = []
    if note.season_label and note.season_label.lower() not in text.lower():
        problems.append(f"does not say it is about {note.season_label}")
    views, hours = VIEWS.search(text), HOURS.search(text)
    if "Most Popular" in text:
        return problems + _check_popular(note, popular, views, hours)
    if "global" not in text and views is None and hours is None:
        if not COUNTRY.search(text):
            return [*problems, "states Netflix figures without naming the list or the week"]
        return problems + _check_country(text)
    return problems + _check_week(note, weekly, views, hours)


def _check_country(text: str) -> list[str]:
    problems = []
    if CATEGORY.search(text):
        problems.append("Netflix's country lists have no English / non-English split")
    if not re.search(r"\b(reported by|according to)\b", text):
        problems.append("a country-list figure must name who reported it")
    return problems


def _check_popular(
    note: Note,
    popular: Sequence[PopularRow],
    views: re.Match[str] | None,
    hours: re.Match[str] | None,
) -> list[str]:
    category = _category(note.text)
    rows = [
        row
        for row in popular
        if normalize(row.show_title) in note.titles
        and _season_matches(note, row.season_title)
        and category in (None, row.category)
    ]
    if len(rows) != 1:
        return [f"matches {len(rows)} rows of the Most Popular list, not one"]
    row, problems = rows[0], []
    rank = _rank(note.text)
    if rank is not None and rank != row.rank:
        problems.append(f"says No. {rank}; Netflix's Most Popular list has No. {row.rank}")
    if views is not None and not _same_amount(views, row.views):
        problems.append(f"says {views.group(0)}; Netflix has {row.views} in 91 days")
    if hours is not None and not _same_amount(hours, row.hours):
        problems.append(f"says {hours.group(0)}; Netflix has {row.hours} in 91 days")
    return problems


def _check_week(
    note: Note,
    weekly: Sequence[GlobalRow],
    views: re.Match[str] | None,
    hours: re.Match[str] | None,
) -> list[str]:
    span = WEEK_RANGE.search(note.text)
    if span is None:
        return ["a global-list figure must name its week (Monday to Sunday)"]
    start, end = (dt.date.fromisoformat(span.group(n)) for n in (1, 2))
    if start.weekday() != 0 or end - start != dt.timedelta(days=6):
        return [f"{span.group(0)} is not a Netflix week (Monday to Sunday)"]
    category = _category(note.text)
    rows = [
        row
        for row in weekly
        if row.week == end.isoformat()
        and normalize(row.show_title) in note.titles
        and _season_matches(note, row.season_title)
        and category in (None, row.category)
    ]
    if len(rows) != 1:
        return [f"matches {len(rows)} rows of the global list for {end}, not one"]
    row, problems = rows[0], []
    rank = _rank(note.text)
    if rank is not None and rank != row.rank:
        problems.append(f"says No. {rank}; Netflix has No. {row.rank} for {end}")
    if views is not None and not _same_amount(views, row.views):
        problems.append(f"says {views.group(0)}; Netflix has {row.views} for {end}")
    if hours is not None and not _same_amount(hours, row.hours):
        problems.append(f"says {hours.group(0)}; Netflix has {row.hours} for {end}")
    weeks = _week_count(note.text)
    if weeks is not None and weeks != row.weeks:
        problems.append(f"says week {weeks} in the Top 10; Netflix has week {row.weeks}")
    return problems


def check_all(
    notes: Iterable[Note], weekly: Sequence[GlobalRow], popular: Sequence[PopularRow]
) -> tuple[int, list[str]]:
    """(how many notes cite Netflix numbers, every problem found, naming its note)."""
    checked, problems = 0, []
    for note in notes:
        if cites_netflix_numbers(note.text):
            checked += 1
            problems += [f"{note.show}: {p}: {note.text}" for p in check(note, weekly, popular)]
    return checked, problems
