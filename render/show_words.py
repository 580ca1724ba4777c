"""The show card's words in the member's language: kinds, genres, statuses, offers, dates
as precise as their source, scores, and commands as the member's client names them.

A provider's genre or status this does not know is shown as the provider wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from core.i18n import Messages
from render import formats
from render.i18n import Lang

# Each table is built once per language (cards render in worker threads too: a race only
# builds one twice). Keyed by the catalog object, kept alive with its table.
_TABLES: dict[tuple[str, int], tuple[Messages, dict[str, str]]] = {}


def _table(lang: Lang, build: Callable[[Lang], dict[str, str]]) -> dict[str, str]:
    key = (build.__name__, id(lang.messages))
    found = _TABLES.get(key)
    if found is not None and found[0] is lang.messages:
        return found[1]
    table = build(lang)
    _TABLES[key] = (lang.messages, table)
    return table


def kind_label(lang: Lang, kind: str) -> str | None:
    """What a member reads for each stored kind; "unknown" (or anything else): nothing."""
    return _table(lang, _kinds).get(kind)


def _kinds(lang: Lang) -> dict[str, str]:
    return {
        "drama": lang.pgettext("kind", "Drama"),
        "reality": lang.pgettext("kind", "Reality show"),
        "variety": lang.pgettext("kind", "Variety show"),
        "documentary": lang.pgettext("kind", "Documentary"),
        "animation": lang.pgettext("kind", "Animation"),
        "talk": lang.pgettext("kind", "Talk show"),
        "game": lang.pgettext("kind", "Game show"),
        "news": lang.pgettext("kind", "News"),
        "sports": lang.pgettext("kind", "Sports"),
        "film": lang.pgettext("kind", "Film"),
    }


def genre_label(lang: Lang, genre: str) -> str:
    """TVmaze's and TMDB's genre names (TV and film lists)."""
    return _table(lang, _genres).get(genre, genre)


def _genres(lang: Lang) -> dict[str, str]:
    return {
        "Action": lang.pgettext("genre", "Action"),
        "Action & Adventure": lang.pgettext("genre", "Action & Adventure"),
        "Adult": lang.pgettext("genre", "Adult"),
        "Adventure": lang.pgettext("genre", "Adventure"),
        "Animation": lang.pgettext("genre", "Animation"),
        "Anime": lang.pgettext("genre", "Anime"),
        "Children": lang.pgettext("genre", "Children"),
        "Comedy": lang.pgettext("genre", "Comedy"),
        "Crime": lang.pgettext("genre", "Crime"),
        "DIY": lang.pgettext("genre", "DIY"),
        "Documentary": lang.pgettext("genre", "Documentary"),
        "Drama": lang.pgettext("genre", "Drama"),
        "Espionage": lang.pgettext("genre", "Espionage"),
        "Family": lang.pgettext("genre", "Family"),
        "Fantasy": lang.pgettext("genre", "Fantasy"),
        "Food": lang.pgettext("genre", "Food"),
        "Game Show": lang.pgettext("genre", "Game Show"),
        "History": lang.pgettext("genre", "History"),
        "Horror": lang.pgettext("genre", "Horror"),
        "Kids": lang.pgettext("genre", "Kids"),
        "Legal": lang.pgettext("genre", "Legal"),
        "Medical": lang.pgettext("genre", "Medical"),
        "Music": lang.pgettext("genre", "Music"),
        "Mystery": lang.pgettext("genre", "Mystery"),
        "Nature": lang.pgettext("genre", "Nature"),
        "News": lang.pgettext("genre", "News"),
        "Reality": lang.pgettext("genre", "Reality"),
        "Romance": lang.pgettext("genre", "Romance"),
        "Sci-Fi & Fantasy": lang.pgettext("genre", "Sci-Fi & Fantasy"),
        "Science Fiction": lang.pgettext("genre", "Science Fiction"),
        "Science-Fiction": lang.pgettext("genre", "Science Fiction"),
        "Soap": lang.pgettext("genre", "Soap"),
        "Sports": lang.pgettext("genre", "Sports"),
        "Supernatural": lang.pgettext("genre", "Supernatural"),
        "TV Movie": lang.pgettext("genre", "TV Movie"),
        "Talk": lang.pgettext("genre", "Talk"),
        "Thriller": lang.pgettext("genre", "Thriller"),
        "Travel": lang.pgettext("genre", "Travel"),
        "War": lang.pgettext("genre", "War"),
        "War & Politics": lang.pgettext("genre", "War & Politics"),
        "Western": lang.pgettext("genre", "Western"),
    }


def status_label(lang: Lang, status: str) -> str:
    """TVmaze's and TMDB's production statuses."""
    return _table(lang, _statuses).get(status, status)


def _statuses(lang: Lang) -> dict[str, str]:
    return {
        "Running": lang.pgettext("show status", "Running"),
        "Ended": lang.pgettext("show status", "Ended"),
        "To Be Determined": lang.pgettext("show status", "To Be Determined"),
        "In Development": lang.pgettext("show status", "In Development"),
        "Returning Series": lang.pgettext("show status", "Returning Series"),
        "Planned": lang.pgettext("show status", "Planned"),
        "In Production": lang.pgettext("show status", "In Production"),
        "Canceled": lang.pgettext("show status", "Canceled"),
        "Pilot": lang.pgettext("show status", "Pilot"),
        "Released": lang.pgettext("show status", "Released"),
        "Post Production": lang.pgettext("show status", "Post Production"),
        "Rumored": lang.pgettext("show status", "Rumored"),
    }


def offer_label(lang: Lang, offer: str) -> str:
    """How a service offers a show (JustWatch's offer types, via TMDB)."""
    return _table(lang, _offers).get(offer, offer)


def _offers(lang: Lang) -> dict[str, str]:
    return {
        "flatrate": lang.pgettext("watch offer", "stream"),
        "free": lang.pgettext("watch offer", "free"),
        "ads": lang.pgettext("watch offer", "free with ads"),
        "rent": lang.pgettext("watch offer", "rent"),
        "buy": lang.pgettext("watch offer", "buy"),
    }


def when(lang: Lang, value: str | None) -> str:
    """`2025-03-26`, `2025-03` or `2025` as precise as its source, in the language."""
    if not value:
        return lang.gettext("date unknown")
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return formats.date(lang.tag, dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return formats.month(lang.tag, dt.date(int(parts[0]), int(parts[1]), 1))
    except ValueError:
        return value
    return parts[0]


def score(lang: Lang, value: float, scale: float) -> str:
    """`8.5/10` (`8,5/10` in pt-BR); a score out of 100 as a percentage."""
    if scale == 100:
        return formats.percent(lang.tag, value)
    return f"{lang.number(value)}/{lang.number(scale)}"


def command(lang: Lang, path: str, **options: str) -> str:
    """`/chart history show:Weak Hero` as the member's Discord client names the command
    and its options (the names the command translator uploads)."""
    words = path.split()
    names = [
        _named("command name: /" + " ".join(words[: i + 1]), word, lang)
        for i, word in enumerate(words)
    ]
    typed = [f"{option(lang, path, name)}:{value}" for name, value in options.items()]
    return " ".join(["/" + " ".join(names), *typed])


def option(lang: Lang, path: str, name: str) -> str:
    """One option's name as the member's client shows it (`region:` → `지역:`)."""
    return _named("option name: /" + path + " " + name, name, lang)


def _named(context: str, name: str, lang: Lang) -> str:
    # The command tree's strings are extracted from the tree itself (tools/i18n.py).
    return lang.pgettext(context, name)
