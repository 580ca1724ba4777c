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


def review_lines(items: Sequence[ReviewItem]) -> list[str]:
    if not items:
        return ["Nothing to review: every charting title is matched, settled or not tried yet."]
    lines: list[str] = []
    # Titles with candidates first: those are the ones a person can settle at a glance.
    for item in sorted(items, key=lambda i: (not i.candidates, i.status != "ambiguous")):
        status = item.status.replace("_", " ")  # "not_found" is the stored word
        lines.append(f"“{item.title}” ({status}, {item.provider})")
        lines.extend(f"    {candidate_line(c)}" for c in item.candidates)
        if not item.candidates:
            lines.append(NO_CANDIDATES)
    lines.append("")
    with_candidates = sum(1 for item in items if item.candidates)
    lines.append(
        f"{len(items)} to review ({with_candidates} with candidates, listed first; "
        f"{len(items) - with_candidates} with none). Settle one with: "
        '.venv/bin/python bot.py catalog link "<chart title>" tvmaze:<id>|tmdb:<id>|none'
    )
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
