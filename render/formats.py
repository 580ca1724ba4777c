"""Numbers, compact numbers, dates, weekdays and week ranges in a member's language.

Babel formats them from CLDR's data (separators, `mi`/`억`/`万` units, month names,
interval patterns), so no language's rules are hand-written here. English keeps
Hallyu's established short forms (`34.9M`, `21–27 Apr 2025`) exactly.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.units import format_unit

from core.charts import short_number, week_label
from core.locales import SOURCE, babel_name

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Values from here up are shown compact (`653.9M`), in words in the sentence around them
# ("653,9 mi de horas"): the catalogs use a message of their own for them.
LARGE = 1_000_000


@lru_cache(maxsize=32)
def babel_locale(tag: str) -> Locale:
    return Locale.parse(babel_name(tag))


def number(tag: str, value: float) -> str:
    """`1234567` → `1,234,567` (en), `1.234.567` (pt-BR), `1 234 567` (fr)."""
    return format_decimal(value, locale=babel_locale(tag))


def compact(tag: str, value: float) -> str:
    """`653_900_000` → `653.9M` (en), `653,9 mi` (pt-BR), `6.5억` (ko), `6.5億` (zh-TW)."""
    if tag == SOURCE:
        return short_number(value)
    if abs(value) < 1_000:
        return number(tag, value)
    return format_compact_decimal(value, locale=babel_locale(tag), fraction_digits=1)


def is_large(value: float) -> bool:
    return abs(value) >= LARGE


def date(tag: str, day: dt.date) -> str:
    """`2024-03-09` → `9 Mar 2024` (en), `9 de mar. de 2024` (pt-BR), `2024. 3. 9.` (ko)."""
    if tag == SOURCE:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return format_date(day, "medium", locale=babel_locale(tag))


def short_date(tag: str, day: dt.date) -> str:
    """A date in digits: `2025-04-27` (en), `27/04/2025` (pt-BR), `2025/4/27` (ja)."""
    if tag == SOURCE:
        return day.isoformat()
    return format_skeleton("yMd", day, locale=babel_locale(tag))


def day_month(tag: str, day: dt.date) -> str:
    """A date without its year (a chart axis names the year once): `27 Apr` (en),
    `27 de abr.` (pt-BR), `4월 27일` (ko)."""
    if tag == SOURCE:
        return f"{day.day} {_MONTHS[day.month - 1]}"
    return format_skeleton("MMMd", day, locale=babel_locale(tag))


def month_year(tag: str, day: dt.date) -> str:
    """`June 2023` (en), `junho de 2023` (pt-BR), `2023년 6월` (ko)."""
    return format_skeleton("yMMMM", day, locale=babel_locale(tag))


def years(tag: str, first: dt.date, last: dt.date) -> str:
    """The years a span covers: `2022`, `2021–22` (en), `2021년 ~ 2022년` (ko)."""
    if tag == SOURCE:
        if first.year == last.year:
            return str(first.year)
        return f"{first.year}–{last.year % 100:02d}"
    if first.year == last.year:
        return format_skeleton("y", first, locale=babel_locale(tag))
    return format_interval(first, last, "y", locale=babel_locale(tag))


def month(tag: str, day: dt.date) -> str:
    """A date known to its month only: `Mar 2025` (en), `mar. de 2025` (pt-BR), `2025년 3월`."""
    if tag == SOURCE:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return format_skeleton("yMMM", day, locale=babel_locale(tag))


def percent(tag: str, value: float) -> str:
    """`95` → `95%` (en), `95 %` (fr): a score out of 100."""
    return format_percent(value / 100, locale=babel_locale(tag))


def weekday(tag: str, day: dt.date) -> str:
    """The day's name: `Sunday`, `domingo`, `일요일`."""
    return format_date(day, "EEEE", locale=babel_locale(tag))


def full_date(tag: str, day: dt.date) -> str:
    """A day with its weekday: `Friday 04 December 2026` (en), `2026년 12월 4일 금요일` (ko),
    `sexta-feira, 4 de dezembro de 2026` (pt-BR)."""
    if tag == SOURCE:
        return f"{day:%A %d %B %Y}"
    return format_date(day, "full", locale=babel_locale(tag))


@lru_cache(maxsize=32)
def weekday_names(tag: str) -> dict[str, int]:
    """Every CLDR name of each weekday in the language (wide and abbreviated, as used in
    a sentence and standing alone) → its number, Monday 0: what a member may type."""
    locale = babel_locale(tag)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "short"):
            for index, name in locale.days[context][width].items():
                names.setdefault(str(name).casefold().rstrip("."), int(index))
    return names


def countdown(tag: str, days: int, hours: int, minutes: int) -> str:
    """`2 days 3 hours` (en), `2일 3시간` (ko), `2 dias e 3 horas` (pt-BR): CLDR's unit
    names joined as the language lists units. Zero parts are left out."""
    locale = babel_locale(tag)
    parts = [
        format_unit(count, unit, length="long", locale=locale)
        for count, unit in zip((days, hours, minutes), _COUNTDOWN_UNITS, strict=True)
        if count
    ]
    if tag == SOURCE or len(parts) < 2:
        return " ".join(parts)
    try:
        return format_list(parts, style="unit", locale=locale)
    except KeyError:  # a locale without its own unit list pattern (es-419)
        return format_list(parts, locale=locale)


_COUNTDOWN_UNITS = ("duration-day", "duration-hour", "duration-minute")


def week_range(tag: str, sunday: dt.date) -> str:
    """A Netflix week (named by its Sunday) as its Monday-to-Sunday span:
    `21–27 Apr 2025` (en), `21 – 27 de abr. de 2025` (pt-BR), `2025년 4월 21일~27일` (ko)."""
    if tag == SOURCE:
        return week_label(sunday)
    start = sunday - dt.timedelta(days=6)
    return format_interval(start, sunday, "yMMMd", locale=babel_locale(tag))


def join(tag: str, items: list[str]) -> str:
    """`[a, b, c]` → `a, b, and c` (en), `a, b e c` (pt-BR), `a、b、c` (ja)."""
    if not items:
        return ""
    return format_list(items, locale=babel_locale(tag))


def items(tag: str, parts: list[str]) -> str:
    """A plain run of items without "and" (genres, networks, offers): `a, b, c` (en),
    `a、b、c` (ja, zh-TW), `a b c` (th): the separator of the language's own lists."""
    middle: str = babel_locale(tag).list_patterns["standard"]["middle"]
    return middle.replace("{0}", "").replace("{1}", "").join(parts)


def country(tag: str, iso2: str, english: str) -> str:
    """A country's name in the language (CLDR's), or `english` (Netflix's name) when
    the language is English or CLDR has no name for the code."""
    if tag == SOURCE:
        return english
    return babel_locale(tag).territories.get(iso2.upper()) or english


_DURATION_UNITS = ((86400, "duration-day"), (3600, "duration-hour"), (60, "duration-minute"))


def duration(tag: str, seconds: int) -> str:
    """`1d 2h 3m` (en), `1일 2시간 3분` (ko), `1 dia 2 h 3 min` (pt-BR); `<1m` under a minute."""
    locale = babel_locale(tag)
    parts = []
    rest = max(0, seconds)
    for size, unit in _DURATION_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(format_unit(count, unit, length="narrow", locale=locale))
    return " ".join(parts) or "<" + format_unit(
        1, "duration-minute", length="narrow", locale=locale
    )
