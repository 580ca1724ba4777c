"""Netflix's chart vocabulary in a member's language: the list's place and category,
hours and views (millions take their own wording), the movement tokens, and how a
season is named beside its show."""

from __future__ import annotations

from core.charts import NEW, RETURN
from db.charts import ChartWeek
from render.formats import is_large
from render.i18n import ENGLISH, Lang


def list_name(chart: ChartWeek, lang: Lang = ENGLISH) -> str:
    return lang.gettext(
        "{place} · {category}",
        place=place_name(chart, lang),
        category=category_name(chart.category, lang),
    )


def place_name(chart: ChartWeek, lang: Lang = ENGLISH) -> str:
    """`Global`, or the country in the member's language (CLDR's names; Netflix's own
    English name when CLDR has none)."""
    if not chart.country_iso2:
        return lang.pgettext("Netflix list", "Global")
    english = chart.country_name or chart.country_iso2
    return lang.country(chart.country_iso2, english)


def category_name(category: str, lang: Lang = ENGLISH) -> str:
    """Netflix's category in the member's language (the same words as the /chart choices)."""
    names = {
        "TV (Non-English)": lang.pgettext("choice", "TV (Non-English)"),
        "TV (English)": lang.pgettext("choice", "TV (English)"),
        "Films (Non-English)": lang.pgettext("choice", "Films (Non-English)"),
        "Films (English)": lang.pgettext("choice", "Films (English)"),
        "TV": lang.pgettext("Netflix category", "TV"),
        "Films": lang.pgettext("Netflix category", "Films"),
    }
    return names.get(category, category)


def hours_text(value: float, lang: Lang = ENGLISH) -> str:
    """`653.9M hours`; `653,9 mi de horas` (pt-BR): millions take their own wording."""
    amount = lang.compact(value)
    if is_large(value):
        return lang.pgettext("a million or more", "{amount} hours", amount=amount)
    return lang.ngettext("{amount} hour", "{amount} hours", round(value), amount=amount)


def views_text(value: float, lang: Lang = ENGLISH) -> str:
    amount = lang.compact(value)
    if is_large(value):
        return lang.pgettext("a million or more", "{amount} views", amount=amount)
    return lang.ngettext("{amount} view", "{amount} views", round(value), amount=amount)


def movement_text(movement: str, lang: Lang = ENGLISH) -> str:
    if movement == NEW:
        return lang.pgettext("chart movement", "NEW")
    if movement == RETURN:
        return lang.pgettext("chart movement", "RETURN")
    return movement


def rank_text(rank: int, lang: Lang = ENGLISH) -> str:
    """`No. 1`, `1위`, `nº 1`: a place in a list."""
    return lang.gettext("No. {rank}", rank=lang.number(rank))


def season_label(show_title: str, season_title: str | None) -> str | None:
    """`Weak Hero` + `Weak Hero: Class 2` → `Class 2`; a season named otherwise stays whole."""
    if not season_title or season_title == show_title:
        return None
    if season_title.startswith(show_title):
        rest = season_title[len(show_title) :].lstrip(" :-–—")
        if rest:
            return rest
    return season_title


def plain_title(show_title: str, season_title: str | None) -> str:
    season = season_label(show_title, season_title)
    return show_title + (f" ({season})" if season else "")
