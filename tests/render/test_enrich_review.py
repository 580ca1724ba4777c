"""`catalog review` as the owner reads it: plain status words, a command line that works
as printed, and how many titles have candidates to pick from."""

from __future__ import annotations

import datetime as dt

from core.providers import Candidate, ProviderRef
from db.enrichment_queue import ReviewItem
from render.enrich import review_lines

AT = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def _item(title: str, status: str, *candidates: Candidate) -> ReviewItem:
    return ReviewItem(
        show_id=1,
        title=title,
        provider="tvmaze",
        status=status,  # type: ignore[arg-type]
        candidates=candidates,
        reason=None,
        attempts=1,
        attempted_at=AT,
        last_week=None,
    )


def test_review_speaks_plainly_and_its_command_runs_as_printed() -> None:
    glory = Candidate(ProviderRef("tvmaze", 60001), "The Glory", premiered="2022-12-30")
    lines = review_lines(
        [
            _item("La Reina del Sur", "not_found"),
            _item("Raw", "not_found"),
            _item("Glory", "ambiguous", glory),
        ]
    )
    assert lines[0] == "“Glory” (ambiguous, tvmaze)"
    assert "“La Reina del Sur” (not found, tvmaze)" not in lines
    assert lines[-3:] == [
        "3 to review (1 with candidates, 2 with none).",
        "2 without candidates are not listed; see them with: "
        ".venv/bin/python bot.py catalog review --all",
        'Settle one with: .venv/bin/python bot.py catalog link "<chart title>" '
        "tvmaze:<id>|tmdb:<id>|none",
    ]
    everything = review_lines(
        [_item("La Reina del Sur", "not_found"), _item("Glory", "ambiguous", glory)],
        show_all=True,
    )
    assert "“La Reina del Sur” (not found, tvmaze)" in everything
    assert not any("not_found" in line for line in everything)
    assert not any("not listed" in line for line in everything)
