"""What to search a provider for, from the names Netflix publishes.

Netflix's season names (`: Season 2`, `: Limited Series`, `: Part 5`, `: Volume 3`,
`: S10: Ohio`, an episode date) and its dub and cut markers (`(Hindi)`, `: Extended Cut`)
are no part of a show's name at a provider; `Class 2` of `Weak Hero: Class 2`, `100` of
`Physical: 100` and a film's `Part 1` are. A country or year in brackets (`The Office
(U.S.)`, `Hunter X Hunter (2011)`) is dropped from the query and kept as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold

MAX_QUERY = 200

# Netflix's season decorations, removed from the end of a title (repeatedly).
_NUMBER = r"(?:\d+|[IVXLC]+|one|two|three|four|five|six|seven|eight|nine|ten)"
_SEASON_WORD = r"\b(?:season|series|part|volume|vol\.?|book|chapter|collection|시즌)"
_DECORATIONS = (
    # ": Season 2", " - Part 3", ": Volume 2", ": Book 1", ": 시즌 1", " Season 2"
    re.compile(rf"\s*[:\-–—,]?\s*{_SEASON_WORD}\s*{_NUMBER}\s*\.?\s*$", re.IGNORECASE),
    # "(Part 1)", "(Season 2)", "[Part 2]"
    re.compile(rf"\s*[(\[]\s*{_SEASON_WORD}\s*{_NUMBER}\s*[)\]]\s*$", re.IGNORECASE),
    # ": Limited Series", "(Limited Series)", ": The Final Season"
    re.compile(
        r"\s*[:\-–—]?\s*[(\[]?\s*(?:limited series|miniseries|the final season)\s*[)\]]?\s*$",
        re.IGNORECASE,
    ),
    # ": S10: Ohio", ": S1"
    re.compile(r"\s*:\s*S\d{1,3}\b(?::.*)?$"),
    # ": April 13, 2026" (an episode date of a weekly show)
    re.compile(
        r"\s*:\s*(?:january|february|march|april|may|june|july|august|september|october"
        r"|november|december)\s+\d{1,2},\s*\d{4}\s*$",
        re.IGNORECASE,
    ),
)
# Brackets Netflix adds to a title that are no part of the provider's name for it.
_VERSION = re.compile(
    r"\s*[(\[]\s*(?:hindi|tamil|telugu|malayalam|kannada|bengali|marathi|english|dubbed"
    r"|subtitled|extended(?: version| cut)?|director'?s cut|survival cut|reloaded version"
    r"|uncut|raw & undekha)\s*[)\]]\s*$",
    re.IGNORECASE,
)
_VERSION_SUFFIX = re.compile(r"\s*:\s*(?:extended cut|director'?s cut)\s*$", re.IGNORECASE)
# Season names that are part of the show's own name ("Weak Hero: Class 2").
_TITLE_SEASON = re.compile(r"^\s*[:\-–—]?\s*(class\s+\d{1,3})\s*$", re.IGNORECASE)
_YEAR_HINT = re.compile(r"\s*\(\s*((?:19|20)\d\d)\s*\)\s*$")
_COUNTRY_HINT = re.compile(r"\s*\(\s*([A-Za-z. ]{2,20})\s*\)\s*$")
_COUNTRY_WORDS = {
    "us": "US",
    "usa": "US",
    "uk": "GB",
    "korea": "KR",
    "south korea": "KR",
    "mexico": "MX",
    "japan": "JP",
    "spain": "ES",
    "india": "IN",
    "brazil": "BR",
    "france": "FR",
    "germany": "DE",
    "colombia": "CO",
}
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class TitleHints:
    """Facts Netflix gives in the title itself."""

    year: int | None = None
    country: str | None = None


def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_decorations(title: str, is_film: bool) -> str:
    text = clean(title)
    while True:
        before = text
        text = _VERSION.sub("", text)
        text = _VERSION_SUFFIX.sub("", text)
        if not is_film:
            # "Part 1" and "Chapter 2" belong to film titles (Harry Potter and the Deathly
            # Hallows: Part 1); on a series they are Netflix's season names.
            for pattern in _DECORATIONS:
                text = pattern.sub("", text)
        text = text.rstrip(" :,")
        if text == before:
            return text


def title_hints(show_title: str) -> tuple[str, TitleHints]:
    """`The Office (U.S.)` → (`The Office`, country US); `Hunter X Hunter (2011)` → year."""
    text = clean(show_title)
    year = _YEAR_HINT.search(text)
    if year:
        return text[: year.start()], TitleHints(year=int(year.group(1)))
    country = _COUNTRY_HINT.search(text)
    if country:
        code = _COUNTRY_WORDS.get(country.group(1).replace(".", "").strip().lower())
        if code:
            return text[: country.start()], TitleHints(country=code)
    return text, TitleHints()


def _title_season(show_title: str, season_title: str) -> str | None:
    """The season's name when it is part of the show's own name (`Class 2`), else None."""
    season = clean(season_title)
    show = clean(show_title)
    if not season or not show or not season.casefold().startswith(show.casefold()):
        return None
    found = _TITLE_SEASON.match(season[len(show) :])
    return found.group(1) if found else None


def search_query(show_title: str, season_title: str = "", *, is_film: bool = False) -> str:
    """What to search a provider for: Netflix's title without its season decorations.

    `Squid Game` + `Squid Game: Season 2` → `Squid Game`; `Money Heist` + `Money Heist:
    Part 5` → `Money Heist`; `Weak Hero` + `Weak Hero: Class 2` → `Weak Hero: Class 2`
    (Class N is how that show names itself); `Physical: 100` and `Money Heist: Korea - Joint
    Economic Area` stay whole; `Doctor (Tamil)` → `Doctor`. Never empty for a title with
    letters: when everything looks like decoration the title is kept as it is.
    """
    show = clean(show_title)[:MAX_QUERY]
    base, _ = title_hints(show)
    query = strip_decorations(base, is_film)
    own_season = _title_season(show, season_title)
    if own_season and query:
        query = f"{query}: {own_season}"
    if not _LETTER.search(query):
        query = show
    if not query and not show:
        query = (
            strip_decorations(clean(season_title)[:MAX_QUERY], is_film)
            or clean(season_title)[:MAX_QUERY]
        )
    return query


def title_forms(show_title: str, season_title: str, is_film: bool) -> list[str]:
    """The names a chart title is known by, for comparing with a candidate's names."""
    show = show_title[: MAX_QUERY * 2]
    season = "" if season_title.strip().upper() == "N/A" else season_title[: MAX_QUERY * 2]
    forms = [search_query(show, season, is_film=is_film)]
    base, _ = title_hints(show)
    forms.append(strip_decorations(base, is_film)[:MAX_QUERY])
    if season:
        # "Homicide: New York: Season 1" is named after its season at some providers.
        forms.append(strip_decorations(season, is_film)[:MAX_QUERY])
    seen: set[str] = set()
    unique = []
    for form in forms:
        key = fold(form)
        if key and key not in seen:
            seen.add(key)
            unique.append(form)
    return unique
