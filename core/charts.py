"""Netflix Top 10 vocabulary: categories, weeks (named by their Sunday), movement, big numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable

from core.i18n import Text, deferred
from core.text import normalize

# The global lists' categories, in the order members usually want them.
CATEGORIES = ("TV (Non-English)", "TV (English)", "Films (Non-English)", "Films (English)")
# The per-country lists rank all TV and all films together (no language split).
COUNTRY_CATEGORIES = ("TV", "Films")
ALL_CATEGORIES = CATEGORIES + COUNTRY_CATEGORIES
DEFAULT_CATEGORY = "TV (Non-English)"
GLOBAL = "global"
MAX_RANK = 10
# Discord caps autocomplete labels and typed option text at 100 characters.
MAX_TYPED = 100

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class WeekError(ValueError):
    """Text that is not a date in `YYYY-MM-DD`. `message` is what a member reads, with
    its `{text}` filled in once the text is escaped for where it is shown."""

    def __init__(self, text: str, message: Text) -> None:
        super().__init__(dataclasses.replace(message, values={"text": text}).english)
        self.text = text
        self.message = message

    def shown(self, quote: Callable[[str], str]) -> Text:
        return dataclasses.replace(self.message, values={"text": quote(self.text)})


NOT_A_DATE = deferred("“{text}” is not a date; use YYYY-MM-DD, e.g. 2025-04-27.")
NOT_REAL = deferred("“{text}” is not a real date.")


def broad_category(category: str) -> str:
    """`TV (Non-English)` → `TV`: the country lists' category for a global one."""
    return "Films" if category.startswith("Films") else "TV"


def is_film(category: str) -> bool:
    return category.startswith("Films")


def week_of(day: dt.date) -> dt.date:
    """Netflix weeks run Monday to Sunday and are named by their Sunday."""
    return day + dt.timedelta(days=6 - day.weekday())


def parse_week(text: str) -> dt.date:
    """`2025-04-23` (any day inside the week) → `2025-04-27`, that week's Sunday."""
    match = _ISO_DATE.match(text[:40])
    if not match:
        raise WeekError(text.strip()[:40], NOT_A_DATE)
    year, month, day = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise WeekError(text.strip(), NOT_REAL) from None
    return week_of(date)


def week_label(week: dt.date) -> str:
    """The Sunday `2025-04-27` → `21–27 Apr 2025` (the Monday-to-Sunday span)."""
    start = week - dt.timedelta(days=6)
    end = f"{week.day} {_MONTHS[week.month - 1]} {week.year}"
    if start.year != week.year:
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year} – {end}"
    if start.month != week.month:
        return f"{start.day} {_MONTHS[start.month - 1]} – {end}"
    return f"{start.day}–{end}"


NEW = "NEW"
RETURN = "RETURN"


def movement(rank: int, previous: int | None, previous_known: bool, weeks_in_top10: int = 1) -> str:
    """`▲2`, `▼1`, `=`, `NEW` (a debut) or `RETURN` (back after weeks away: not in last
    week's list, yet Netflix counts earlier weeks in the Top 10); empty when the previous
    week is not in the store."""
    if not previous_known:
        return ""
    if previous is None:
        return RETURN if weeks_in_top10 > 1 else NEW
    if previous == rank:
        return "="
    return f"▲{previous - rank}" if previous > rank else f"▼{rank - previous}"


def short_number(value: float) -> str:
    """34_900_000 → `34.9M`; 1_250 → `1.3K`; 0 → `0`."""
    for size, unit in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if abs(value) >= size:
            text = f"{value / size:.1f}".removesuffix(".0")
            return f"{text}{unit}"
    return f"{value:g}"


def country_suggestions(
    countries: Iterable[tuple[str, str]], current: str, limit: int
) -> list[tuple[str, str]]:
    """(label, ISO code) pairs for autocomplete: an exact code first, then names that
    start with what was typed, then names that contain it; everything for an empty query."""
    key = normalize(current[:MAX_TYPED])
    ranked: list[tuple[int, str, str]] = []
    for iso2, name in countries:
        folded = normalize(name)
        if not key or current.strip().upper() == iso2:
            ranked.append((0 if key else 1, name, iso2))
        elif folded.startswith(key):
            ranked.append((1, name, iso2))
        elif key in folded:
            ranked.append((2, name, iso2))
    ranked.sort()
    return [(f"{name} ({iso2})"[:MAX_TYPED], iso2) for _, name, iso2 in ranked[:limit]]
