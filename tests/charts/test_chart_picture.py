"""The `/chart history` picture: a panel per run of weeks, a colour per season, the legend
outside the panels, dated ticks and axis titles."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from db.charts import ChartHistory, HistoryEntry
from render.chart_layout import MAX_PANELS, Naming, runs, series_of, tick_label
from render.chart_plot import rank_history_figure, rank_history_png

ROOT = Path(__file__).resolve().parents[2]
TV = "TV (Non-English)"
# Single's Inferno's global weeks, as Netflix's file has them: five seasons, five winters.
INFERNO = {
    1: [("2022-01-02", 8), ("2022-01-09", 4), ("2022-01-16", 4)],
    2: [("2022-12-25", 10), ("2023-01-01", 7), ("2023-01-08", 9), ("2023-01-15", 5)],
    3: [("2023-12-17", 4), ("2023-12-24", 4), ("2023-12-31", 7), ("2024-01-07", 7)],
    4: [("2025-01-19", 6), ("2025-01-26", 5), ("2025-02-02", 6)],
    5: [("2026-01-25", 2), ("2026-02-01", 2), ("2026-02-08", 2), ("2026-02-15", 8)],
}


def entry(week: str, rank: int, season: int, show: str = "Single's Inferno") -> HistoryEntry:
    return HistoryEntry(
        week=dt.date.fromisoformat(week),
        category=TV,
        rank=rank,
        show_title=show,
        season_title=f"{show}: Season {season}",
        hours_viewed=None,
        views=None,
        weeks_in_top10=1,
        title_id=season,
    )


def inferno() -> ChartHistory:
    rows = [entry(w, r, s) for s, weeks in INFERNO.items() for w, r in weeks]
    return ChartHistory(1, None, None, tuple(sorted(rows, key=lambda e: e.week)))


def test_a_multi_year_history_gets_a_panel_per_run() -> None:
    panels = runs(inferno().entries)
    assert [p.years() for p in panels] == ["2022", "2022–23", "2023–24", "2025", "2026"]
    assert [p.weeks for p in panels] == [3, 4, 4, 3, 4]
    # Each season's colour is one line across panels: labels are the seasons alone.
    assert series_of(inferno().entries) == [f"Season {n}" for n in range(1, 6)]


def test_a_short_history_is_one_panel_and_a_short_absence_stays_inside() -> None:
    rows = [entry("2025-03-30", 2, 1), entry("2025-04-06", 4, 1), entry("2025-05-04", 5, 1)]
    [panel] = runs(rows)
    assert (panel.first, panel.last, panel.weeks) == (
        dt.date(2025, 3, 30),
        dt.date(2025, 5, 4),
        6,
    )
    assert panel.ticks(1.0) == [dt.date(2025, 3, 30) + dt.timedelta(weeks=n) for n in range(6)]
    assert tick_label(dt.date(2025, 4, 27)) == "27 Apr"


def test_never_more_than_the_panel_limit() -> None:
    rows = [entry(f"{2010 + n}-01-03", 1, n) for n in range(12)]  # twelve yearly blips
    panels = runs(rows)
    assert len(panels) == MAX_PANELS
    assert sum(len(p.entries) for p in panels) == 12


def test_naming_keeps_categories_and_titles_apart() -> None:
    mixed = [entry("2025-01-05", 1, 1), entry("2025-01-05", 2, 1, show="Other")]
    assert Naming.of(mixed).label(mixed[1]) == "Other (Season 1)"


def test_the_picture_has_panels_a_legend_outside_and_axis_titles() -> None:
    figure = rank_history_figure(inferno(), "Single's Inferno")
    figure.canvas.draw()
    axes = figure.axes
    assert len(axes) == 5
    assert axes[0].get_ylabel() == "Rank (No. 1 at the top)"
    assert figure.get_supxlabel() == "Week (each ends on a Sunday)"
    for panel in axes:
        labels = [t.get_text() for t in panel.get_xticklabels()]
        assert labels and all(label[0].isdigit() for label in labels), labels
    [legend] = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == [f"Season {n}" for n in range(1, 6)]
    box = legend.get_window_extent()
    for panel in axes:
        assert not box.overlaps(panel.get_window_extent()), "the legend covers no point"
    colours = {line.get_color() for panel in axes for line in panel.get_lines()}
    assert len(colours) == 5  # one per season, whatever panel it is drawn in


def test_the_png_is_drawn_for_one_week_and_for_years() -> None:
    one = ChartHistory(1, "KR", "South Korea", (entry("2022-01-23", 5, 1, show="My Mister"),))
    assert rank_history_png(one, "My Mister").startswith(b"\x89PNG")
    assert rank_history_png(inferno(), "Single's Inferno").startswith(b"\x89PNG")


def test_importing_the_picture_module_does_not_load_matplotlib() -> None:
    code = "import sys, render.chart_plot; print('matplotlib' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
