"""Every show's totals in Netflix's real global file say what they cover (skipped without it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from db.chart_import import import_netflix_file
from db.charts import ChartRepository
from db.connection import Database
from render.charts import show_chart_lines, totals_line

GLOBAL = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix" / "all-weeks-global.tsv"
)

pytestmark = pytest.mark.skipif(not GLOBAL.is_file(), reason="real Netflix files not present")
COVERED = re.compile(
    r"^Hours viewed: \*\*[\d.]+[KMB]?\*\* over its \d+ Top 10 weeks?"
    r"( \(\d+ (seasons|parts|episodes)\))?"
    r"( · views: \*\*[\d.]+[KMB]?\*\*, (same weeks?|from only \d+ of those weeks \(Netflix has "
    r"published views since June 2023\)))?$"
)


async def test_every_shows_totals_say_which_weeks_they_cover(db: Database) -> None:
    await import_netflix_file(db, GLOBAL.read_bytes(), GLOBAL.name)
    charts = ChartRepository(db)
    show_ids = [row[0] for row in await db.fetchall("SELECT id FROM shows ORDER BY id")]
    lines = {}
    for show_id in show_ids:
        history = await charts.history(show_id)
        line = totals_line(history)
        if line is None:
            continue
        assert COVERED.match(line), line
        weeks_with_views = {e.week for e in history.entries if e.views is not None}
        if "from only" in line:
            assert f"from only {len(weeks_with_views)} of those weeks" in line
        lines[history.entries[0].show_title] = show_chart_lines(history)[2]
    assert len(lines) > 1000
    assert lines["Money Heist"] == (
        "Hours viewed: **1.2B** over its 16 Top 10 weeks (5 parts) · views: **1.5M**, "
        "from only 1 of those weeks (Netflix has published views since June 2023)"
    )
    assert lines["Weak Hero"] == (
        "Hours viewed: **185.4M** over its 7 Top 10 weeks (2 seasons) · views: **33M**, same weeks"
    )
