"""Deciding which provider show a Netflix chart title is, precision first.

`search_query` turns Netflix's names into what to search a provider for; `decide` ranks
the provider's candidates and accepts one only when it is a clear winner. A wrong match
puts another show's cast, kind and country on a chart title, which is worse than no
match: a title that is not clearly one show stays unmatched, with its ranked candidates
kept for the bot owner to settle.

Evidence, as a careful person would weigh it:
- the names (the candidate's name, original name and other names) against the chart
  title, folded so punctuation, case, accents and width do not matter, and with differing
  numbers counting as different shows (`Class 1` is not `Class 2`);
- the premiere against the first chart week: a show cannot chart weeks before it premiered
  (a remake made later is ruled out), and a premiere shortly before charting is typical
  of what Netflix charts;
- the language against the chart category (`TV (Non-English)` is never an English-language
  show, `TV (English)` always is);
- Netflix among the networks and web channels;
- the kind: a film is not a series and a series is not a film;
- a country or year Netflix puts in brackets (`The Office (U.S.)`, `Hunter X Hunter (2011)`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from core.providers import Candidate, ProviderRef
from core.text import fold

MatchStatus = Literal["matched", "ambiguous", "not_found"]

MAX_QUERY = 200
# Name similarity (0-100) the winner needs; a rival below RIVAL_FLOOR does not count as one.
NAME_FLOOR = 88.0
PLAUSIBLE = 60.0
# The winner's total must reach ACCEPT and lead the next candidate by MARGIN.
ACCEPT = 100.0
MARGIN = 10.0
# Score changes for each piece of evidence (added to the name similarity).
FRESH_BONUS = 8.0  # premiered within FRESH_DAYS before the first chart week
RECENT_BONUS = 3.0  # premiered within a year before it
LANGUAGE_BONUS = 4.0
NETFLIX_BONUS = 5.0
HINT_BONUS = 5.0
GENERIC_PENALTY = 6.0  # a short, common name with nothing else to vouch for it
RULED_OUT = 100.0  # contradicted by a hard fact: never accepted
FRESH_DAYS = 120
# A premiere date can be a few days off between a provider and Netflix (time zones, a
# launch staggered over the week); beyond this a show premiering after it charted is not it.
PREMIERE_SLACK_DAYS = 14
GENERIC_LENGTH = 7

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
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ChartTitle:
    """A title as Netflix charted it, with what the charts say about it."""

    show_title: str
    season_title: str = ""  # "" or "N/A" when the list names no season
    is_film: bool = False
    categories: tuple[str, ...] = ()  # "TV (Non-English)", "Films (English)", "TV" …
    first_week: str | None = None  # YYYY-MM-DD, the Sunday ending its first chart week
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 where it charted, when known


@dataclass(frozen=True)
class ScoredCandidate:
    candidate: Candidate
    score: float  # the total: name similarity plus evidence, minus contradictions
    name_score: float  # 0-100
    ruled_out: bool  # contradicted by a hard fact (date, language, kind, country)
    reason: str  # what counted, in a few words

    @property
    def ref(self) -> ProviderRef:
        return self.candidate.ref


@dataclass(frozen=True)
class MatchDecision:
    status: MatchStatus
    ref: ProviderRef | None  # set only when status == "matched"
    candidates: tuple[ScoredCandidate, ...]  # best first
    reason: str


@dataclass(frozen=True)
class _Hints:
    """Facts Netflix gives in the title itself."""

    year: int | None = None
    country: str | None = None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _strip_decorations(title: str, is_film: bool) -> str:
    text = _clean(title)
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


def _hints(show_title: str) -> tuple[str, _Hints]:
    """`The Office (U.S.)` → (`The Office`, country US); `Hunter X Hunter (2011)` → year."""
    text = _clean(show_title)
    year = _YEAR_HINT.search(text)
    if year:
        return text[: year.start()], _Hints(year=int(year.group(1)))
    country = _COUNTRY_HINT.search(text)
    if country:
        code = _COUNTRY_WORDS.get(country.group(1).replace(".", "").strip().lower())
        if code:
            return text[: country.start()], _Hints(country=code)
    return text, _Hints()


def _title_season(show_title: str, season_title: str) -> str | None:
    """The season's name when it is part of the show's own name (`Class 2`), else None."""
    season = _clean(season_title)
    show = _clean(show_title)
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
    show = _clean(show_title)[:MAX_QUERY]
    base, _ = _hints(show)
    query = _strip_decorations(base, is_film)
    own_season = _title_season(show, season_title)
    if own_season and query:
        query = f"{query}: {own_season}"
    if not _LETTER.search(query):
        query = show
    if not query and not show:
        query = (
            _strip_decorations(_clean(season_title)[:MAX_QUERY], is_film)
            or _clean(season_title)[:MAX_QUERY]
        )
    return query


def _forms(title: ChartTitle) -> list[str]:
    """The names a chart title is known by, for comparing with a candidate's names."""
    season = "" if title.season_title.strip().upper() == "N/A" else title.season_title
    forms = [search_query(title.show_title, season, is_film=title.is_film)]
    base, _ = _hints(title.show_title)
    forms.append(_strip_decorations(base, title.is_film))
    if season:
        # "Homicide: New York: Season 1" is named after its season at some providers.
        forms.append(_strip_decorations(season, title.is_film))
    seen: set[str] = set()
    unique = []
    for form in forms:
        key = fold(form)
        if key and key not in seen:
            seen.add(key)
            unique.append(form)
    return unique


def name_similarity(a: str, b: str) -> float:
    """0-100: 100 when the names fold to the same text; differing numbers cap it low."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 100.0
    score = float(fuzz.ratio(fa, fb))
    na, nb = _DIGITS.findall(fa), _DIGITS.findall(fb)
    if na != nb and (na or nb):
        # "Class 1" and "Class 2", "Physical: 100" and "Physical: Asia": other shows.
        score = min(score, 60.0)
    return score


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        parts = [int(p) for p in text.strip()[:10].split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], 1)
        return dt.date(parts[0], parts[1], parts[2])
    except (ValueError, TypeError):
        return None


def _language_wanted(categories: Sequence[str]) -> bool | None:
    """True: the chart says English-language; False: not English; None: it does not say."""
    says = {"non-english" not in c.casefold() for c in categories if "english" in c.casefold()}
    return says.pop() if len(says) == 1 else None


def _score(
    title: ChartTitle, forms: Sequence[str], hints: _Hints, candidate: Candidate
) -> ScoredCandidate:
    names = [candidate.name, candidate.original_name or "", *candidate.akas]
    name_score, best_name = 0.0, candidate.name
    for form in forms:
        for name in names:
            score = name_similarity(form, name)
            if score > name_score:
                name_score, best_name = score, name
    total = name_score
    ruled_out = False
    notes = [f"name {name_score:.0f}" + (f" ({best_name})" if best_name != candidate.name else "")]
    vouched = False  # something beyond the name says it is this show

    week = _parse_date(title.first_week)
    premiered = _parse_date(candidate.premiered)
    if week and premiered:
        days = (week - premiered).days
        if days < -PREMIERE_SLACK_DAYS:
            total -= RULED_OUT
            ruled_out = True
            notes.append(f"premiered {premiered.isoformat()}, after it charted")
        elif days <= FRESH_DAYS:
            total += FRESH_BONUS
            vouched = True
            notes.append(f"premiered {max(days, 0)} days before it charted")
        elif days <= 365:
            total += RECENT_BONUS
            vouched = True
            notes.append(f"premiered {premiered.isoformat()}")
        else:
            notes.append(f"premiered {premiered.year}")

    wanted = _language_wanted(title.categories)
    if wanted is not None and candidate.language:
        english = candidate.language.casefold() == "en"
        if english != wanted:
            total -= RULED_OUT
            ruled_out = True
            notes.append(f"language {candidate.language} contradicts the category")
        else:
            total += LANGUAGE_BONUS
            notes.append(f"language {candidate.language} fits")

    if any(network.casefold().startswith("netflix") for network in candidate.networks):
        total += NETFLIX_BONUS
        vouched = True
        notes.append("on Netflix")

    if candidate.kind != "unknown" and (candidate.kind == "film") != title.is_film:
        total -= RULED_OUT
        ruled_out = True
        notes.append(f"a {candidate.kind}, charted as a {'film' if title.is_film else 'series'}")

    if hints.country and candidate.origin_countries:
        if hints.country in candidate.origin_countries:
            total += HINT_BONUS
            vouched = True
        else:
            total -= RULED_OUT
            ruled_out = True
            notes.append(f"from {','.join(candidate.origin_countries)}, not {hints.country}")
    if hints.year and premiered:
        if abs(premiered.year - hints.year) <= 1:
            total += HINT_BONUS
            vouched = True
        else:
            total -= RULED_OUT
            ruled_out = True
            notes.append(f"premiered {premiered.year}, not {hints.year}")

    short = len(fold(best_name)) < GENERIC_LENGTH or " " not in best_name.strip()
    if short and not vouched:
        # "Queen", "She", "Glitch": many shows share such a name; the name alone proves little.
        total -= GENERIC_PENALTY
        notes.append("short name, nothing else vouches")

    return ScoredCandidate(
        candidate=candidate,
        score=round(total, 2),
        name_score=round(name_score, 2),
        ruled_out=ruled_out,
        reason="; ".join(notes),
    )


def rank(title: ChartTitle, candidates: Sequence[Candidate]) -> list[ScoredCandidate]:
    """Every candidate scored, best first (ties by provider and id, so the order is stable)."""
    _, hints = _hints(title.show_title)
    forms = _forms(title)
    scored = [_score(title, forms, hints, candidate) for candidate in candidates]
    scored.sort(key=lambda s: (-s.score, -s.name_score, s.candidate.ref))
    return scored


def decide(title: ChartTitle, candidates: Sequence[Candidate]) -> MatchDecision:
    """`matched` only for a clear winner; `ambiguous` when plausible candidates remain;
    `not_found` when none is plausibly this title.

    Pass one provider's search results: the same show found at two providers would
    otherwise be its own rival. The margin is measured against the next candidate of the
    winner's provider all the same.
    """
    ranked = rank(title, candidates)
    plausible = [s for s in ranked if not s.ruled_out and s.name_score >= PLAUSIBLE]
    if not plausible:
        reason = "no candidates" if not ranked else "no candidate has a close name and fits"
        return MatchDecision("not_found", None, tuple(ranked), reason)
    best = plausible[0]
    # A rival ruled out by a hard fact does not make the winner less clear.
    rival = next(
        (
            s
            for s in ranked
            if s is not best
            and not s.ruled_out
            and s.candidate.ref.provider == best.candidate.ref.provider
        ),
        None,
    )
    if best.name_score < NAME_FLOOR:
        return MatchDecision(
            "ambiguous", None, tuple(ranked), f"best name similarity {best.name_score:.0f}"
        )
    if best.score < ACCEPT:
        return MatchDecision(
            "ambiguous", None, tuple(ranked), f"best score {best.score:.0f} below {ACCEPT:.0f}"
        )
    if rival is not None and best.score - rival.score < MARGIN:
        return MatchDecision(
            "ambiguous",
            None,
            tuple(ranked),
            f"{best.candidate.name} and {rival.candidate.name} are too close to call",
        )
    return MatchDecision("matched", best.candidate.ref, tuple(ranked), best.reason)
