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
- a country or year Netflix puts in brackets (`The Office (U.S.)`, `Hunter X Hunter (2011)`);
- the countries whose lists it entered, against the candidate's country of origin;
- a short name (`Queen`, `Maid`) proves little on its own: many shows share it.

docs/catalog.md ("How chart titles are matched") gives the weights and the measured
precision and recall.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from core.providers import Candidate, ProviderRef, origin_country
from core.text import fold, plural, words
from core.title_query import (
    MAX_QUERY,
    TitleHints,
    search_query,
    title_forms,
    title_hints,
)

__all__ = [
    "MAX_QUERY",
    "ChartTitle",
    "MatchDecision",
    "MatchStatus",
    "ScoredCandidate",
    "decide",
    "name_similarity",
    "rank",
    "search_query",
]

MatchStatus = Literal["matched", "ambiguous", "not_found"]

# Name similarity (0-100) the winner needs, and that makes a candidate plausible at all.
NAME_FLOOR = 88.0
PLAUSIBLE = 60.0
SAME_LETTERS = 96.0
# The winner's total must reach ACCEPT and lead the next candidate by MARGIN.
ACCEPT = 100.0
MARGIN = 10.0
# Score changes for each piece of evidence (added to the name similarity).
NEW_BONUS = 12.0  # premiered within NEW_DAYS before the first chart week
FRESH_BONUS = 8.0  # premiered within FRESH_DAYS before it
RECENT_BONUS = 3.0  # premiered within a year before it
LANGUAGE_BONUS = 4.0
NETFLIX_BONUS = 8.0
HINT_BONUS = 5.0
HOME_BONUS = 3.0  # charted in the candidate's country of origin
HOME_ONLY_BONUS = 8.0  # charted there and nowhere else
# A name that is close but not the same is usually another show (a plural, a spin-off).
INEXACT_PENALTY = 8.0
GENERIC_PENALTY = 6.0  # a short, common name with nothing else to vouch for it
RULED_OUT = 100.0  # contradicted by a hard fact: never accepted
NEW_DAYS = 30
FRESH_DAYS = 120
# A premiere date can be a few days off between a provider and Netflix (time zones, a
# launch staggered over the week); beyond this a show premiering after it charted is not it.
PREMIERE_SLACK_DAYS = 14
GENERIC_LENGTH = 7  # folded letters below which a name is common whatever else fits
DISTINCT_LENGTH = 12  # below this a name needs a fitting language or more to stand alone
MAX_AKAS = 50

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class ChartTitle:
    """A title as Netflix charted it, with what the charts say about it."""

    show_title: str
    season_title: str = ""  # "" or "N/A" when the list names no season
    is_film: bool = False
    categories: tuple[str, ...] = ()  # "TV (Non-English)", "Films (English)", "TV" …
    # The Sunday ending its first chart week (a date or YYYY-MM-DD).
    first_week: dt.date | str | None = None
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


def name_similarity(a: str, b: str) -> float:
    """0-100: 100 for the same words once folded, SAME_LETTERS when only the spacing
    differs (`After Life`, `Afterlife`: two shows), below that rapidfuzz's ratio, capped
    low when the numbers differ."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 100.0 if words(a) == words(b) else SAME_LETTERS
    score = min(float(fuzz.ratio(fa, fb)), SAME_LETTERS - 1)
    na, nb = _DIGITS.findall(fa), _DIGITS.findall(fb)
    if na != nb and (na or nb):
        # "Class 1" and "Class 2", "Physical: 100" and "Physical: Asia": other shows.
        score = min(score, 60.0)
    return score


def _parse_date(text: dt.date | str | None) -> dt.date | None:
    if isinstance(text, dt.date):
        return text
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


@dataclass
class _Tally:
    """One candidate's score as the evidence adds up."""

    total: float
    notes: list[str]
    ruled_out: bool = False
    vouched: bool = False  # a fact beyond the name and language says it is this show
    language_fits: bool = False

    def add(self, points: float, note: str | None, *, vouches: bool = False) -> None:
        self.total += points
        self.vouched = self.vouched or vouches
        if note:
            self.notes.append(note)

    def rule_out(self, note: str) -> None:
        self.total -= RULED_OUT
        self.ruled_out = True
        self.notes.append(note)


def _premiere(tally: _Tally, week: dt.date | None, premiered: dt.date | None) -> None:
    if week is None or premiered is None:
        return
    days = (week - premiered).days
    if days < -PREMIERE_SLACK_DAYS:
        tally.rule_out(f"premiered {premiered.isoformat()}, after it charted")
    elif days <= NEW_DAYS:
        tally.add(
            NEW_BONUS, f"premiered {plural(max(days, 0), 'day')} before it charted", vouches=True
        )
    elif days <= FRESH_DAYS:
        tally.add(FRESH_BONUS, f"premiered {plural(days, 'day')} before it charted", vouches=True)
    elif days <= 365:
        tally.add(RECENT_BONUS, f"premiered {premiered.isoformat()}", vouches=True)
    else:
        tally.add(0.0, f"premiered {premiered.year}")


def _language(tally: _Tally, categories: Sequence[str], language: str | None) -> None:
    wanted = _language_wanted(categories)
    if wanted is None or not language:
        return
    if (language.casefold() == "en") != wanted:
        tally.rule_out(f"language {language} contradicts the category")
    else:
        tally.language_fits = True
        tally.add(LANGUAGE_BONUS, f"language {language} fits")


def _hinted(
    tally: _Tally, hints: TitleHints, candidate: Candidate, premiered: dt.date | None
) -> None:
    if hints.country and candidate.origin_countries:
        if hints.country in candidate.origin_countries:
            tally.add(HINT_BONUS, f"from {hints.country} as the title says", vouches=True)
        else:
            countries = ",".join(candidate.origin_countries)
            tally.rule_out(f"from {countries}, not {hints.country}")
    if hints.year and premiered:
        if abs(premiered.year - hints.year) <= 1:
            tally.add(HINT_BONUS, f"premiered {premiered.year} as the title says", vouches=True)
        else:
            tally.rule_out(f"premiered {premiered.year}, not {hints.year}")


def _home(tally: _Tally, charted_in: Sequence[str], candidate: Candidate) -> None:
    # TVmaze gives no country for a streaming original; a Korean-language one is Korean.
    origin = candidate.origin_countries or tuple(
        filter(None, [origin_country((), (), candidate.language)])
    )
    home = set(origin) & set(charted_in)
    if home:
        only = set(charted_in) <= home
        points = HOME_ONLY_BONUS if only else HOME_BONUS
        where = ",".join(sorted(home))
        tally.add(points, f"charted {'only ' if only else ''}in {where}", vouches=True)


def _best_name(forms: Sequence[str], candidate: Candidate) -> tuple[float, str]:
    # A provider's names are short; a runaway one is cut rather than compared in full.
    names = [
        name[:MAX_QUERY]
        for name in (candidate.name, candidate.original_name or "", *candidate.akas[:MAX_AKAS])
    ]
    best, best_name = 0.0, candidate.name
    for form in forms:
        for name in names:
            score = name_similarity(form, name)
            if score > best:
                best, best_name = score, name
    return best, best_name


def _score(
    title: ChartTitle, forms: Sequence[str], hints: TitleHints, candidate: Candidate
) -> ScoredCandidate:
    name_score, best_name = _best_name(forms, candidate)
    shown = f" ({best_name})" if best_name != candidate.name else ""
    tally = _Tally(
        total=name_score if name_score == 100.0 else name_score - INEXACT_PENALTY,
        notes=[f"name {name_score:.0f}{shown}"],
    )
    premiered = _parse_date(candidate.premiered)
    _premiere(tally, _parse_date(title.first_week), premiered)
    _language(tally, title.categories, candidate.language)
    if any(network.casefold().startswith("netflix") for network in candidate.networks):
        tally.add(NETFLIX_BONUS, "on Netflix", vouches=True)
    if candidate.kind != "unknown" and (candidate.kind == "film") != title.is_film:
        charted = "film" if title.is_film else "series"
        tally.rule_out(f"a {candidate.kind}, charted as a {charted}")
    _hinted(tally, hints, candidate, premiered)
    _home(tally, title.countries, candidate)

    letters = len(fold(best_name))
    if not tally.vouched and (
        letters < GENERIC_LENGTH or (letters < DISTINCT_LENGTH and not tally.language_fits)
    ):
        # "Queen", "Maid", "Kingdom": many shows share such a name, and a name alone (or
        # with only a language that fits) proves little.
        tally.add(-GENERIC_PENALTY, "common name, nothing else vouches")

    return ScoredCandidate(
        candidate=candidate,
        score=round(tally.total, 2),
        name_score=round(name_score, 2),
        ruled_out=tally.ruled_out,
        reason="; ".join(tally.notes),
    )


def rank(title: ChartTitle, candidates: Sequence[Candidate]) -> list[ScoredCandidate]:
    """Every candidate scored, best first (ties by provider and id, so the order is stable)."""
    _, hints = title_hints(title.show_title)
    forms = title_forms(title.show_title, title.season_title, title.is_film)
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
