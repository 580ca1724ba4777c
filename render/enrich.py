"""Plain text for the enrichment job's summary and the owner's review of matches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from core.providers import Candidate

if TYPE_CHECKING:
    from db.enrichment import ReviewItem

NO_CANDIDATES = "    (no candidates: link it by id, or `none`)"


def candidate_line(candidate: Candidate) -> str:
    """`tvmaze:82 The Glory (2022, KR, Netflix)`; unknown facts are left out, not guessed."""
    facts = [
        candidate.premiered[:4] if candidate.premiered else None,
        ", ".join(candidate.origin_countries) or None,
        ", ".join(candidate.networks) or None,
    ]
    known = ", ".join(fact for fact in facts if fact)
    return f"{candidate.ref} {candidate.name}" + (f" ({known})" if known else "")


PROVIDER_NAMES = {"tvmaze": "TVmaze", "tmdb": "TMDB"}
LINK_COMMAND = '.venv/bin/python bot.py catalog link "<chart title>" tvmaze:<id>|tmdb:<id>|none'


def _heading(item: ReviewItem) -> str:
    if item.linked is not None:
        who = PROVIDER_NAMES.get(item.linked.provider, item.linked.provider)
        return f"“{item.title}” (linked to {item.linked}, which {who} does not know)"
    status = item.status.replace("_", " ")  # "not_found" is the stored word
    return f"“{item.title}” ({status}, {item.provider})"


def review_lines(items: Sequence[ReviewItem], *, show_all: bool = False) -> list[str]:
    """Broken links, then titles with candidates (ambiguous first): those a person can
    settle at a glance. Titles without candidates are thousands on a real store, so by
    default they are one count with the way to list them."""
    if not items:
        return ["Nothing to review: every charting title is matched, settled or not tried yet."]
    ordered = sorted(
        items,
        key=lambda i: (i.linked is None, not i.candidates, i.status != "ambiguous"),
    )
    shown = [i for i in ordered if show_all or i.candidates or i.linked is not None]
    hidden = len(items) - len(shown)
    lines: list[str] = []
    for item in shown:
        lines.append(_heading(item))
        lines.extend(f"    {candidate_line(c)}" for c in item.candidates)
        if not item.candidates:
            lines.append(NO_CANDIDATES)
    if lines:
        lines.append("")
    broken = sum(1 for item in items if item.linked is not None)
    with_candidates = sum(1 for item in items if item.linked is None and item.candidates)
    counts = f"{with_candidates} with candidates"
    if broken:
        counts = f"{broken} with a link the provider does not know, {counts}"
    none = len(items) - with_candidates - broken
    lines.append(f"{len(items)} to review ({counts}, {none} with none).")
    if hidden:
        lines.append(
            f"{hidden} without candidates are not listed; see them with: "
            ".venv/bin/python bot.py catalog review --all"
        )
    lines.append(f"Settle one with: {LINK_COMMAND}")
    return lines


def summary_lines(
    counts: Mapping[str, int],
    requests: int,
    throttled: int,
    seconds: float,
    stopped: Mapping[str, str],
) -> list[str]:
    """The job's summary: outcomes, traffic, time, and any provider left alone."""
    lines = [
        f"matched {counts.get('matched', 0)} / ambiguous {counts.get('ambiguous', 0)}"
        f" / not found {counts.get('not_found', 0)} / failed {counts.get('failed', 0)}",
        f"requests {requests}, 429s {throttled}, time {seconds:.1f} s",
    ]
    lines.extend(
        f"{name}: stopped early ({reason}); the next run retries"
        for name, reason in stopped.items()
    )
    return lines
