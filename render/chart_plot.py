"""A PNG line chart of a show's weekly rank (No. 1 at the top), one colour per season,
one panel per run of weeks (see render.chart_layout).

Uses matplotlib's object API with the Agg canvas only (no pyplot global state), so it
is safe to call from a worker thread; callers run it with `asyncio.to_thread`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.charts import MAX_RANK
from db.charts import ChartHistory, HistoryEntry
from render.chart_layout import Naming, runs, series_of, tick_label
from render.charts import MAX_LINES, drawn_entries

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FILENAME = "rank-history.png"
# matplotlib's default cycle, named here so a season keeps its colour in every panel.
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f")  # fmt: skip
# Used when installed: they draw Hangul (and more) that the bundled DejaVu Sans lacks.
_FALLBACK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic",
                   "AppleGothic", "Noto Sans CJK JP")  # fmt: skip


@lru_cache(maxsize=1)
def _fonts() -> tuple[list[str], list[Any]]:
    """The font family list to draw with and a face per font to test glyphs against."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    installed = {font.name: font.fname for font in font_manager.fontManager.ttflist}
    families = ["DejaVu Sans", *(name for name in _FALLBACK_FONTS if name in installed)]
    faces = [FT2Font(font_manager.findfont("DejaVu Sans"))]
    faces += [FT2Font(installed[name]) for name in families[1:]]
    return families, faces


def drawable(text: str) -> str:
    """Drop characters no available font can draw (they would render as empty boxes)."""
    _, faces = _fonts()
    kept = "".join(
        ch for ch in text if ch.isspace() or any(face.get_char_index(ord(ch)) for face in faces)
    )
    return " ".join(kept.split())


def _with_gaps(entries: Sequence[HistoryEntry]) -> tuple[list[Any], list[float]]:
    """Points to draw; a NaN between two runs breaks the line where the show left the list."""
    weeks: list[Any] = []
    ranks: list[float] = []
    for entry in entries:
        if weeks and (entry.week - weeks[-1]).days > 7:
            weeks.append(weeks[-1] + dt.timedelta(days=7))
            ranks.append(math.nan)
        weeks.append(entry.week)
        ranks.append(float(entry.rank))
    return weeks, ranks


def rank_history_png(history: ChartHistory, title: str) -> bytes:
    """The history as a PNG. A pure function of the history (no store, no state), so it
    can run in a thread or another process."""
    out = io.BytesIO()
    # Light compression: the picture is small and drawing time is what members wait for.
    rank_history_figure(history, title).savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def rank_history_figure(history: ChartHistory, title: str) -> Figure:
    """A panel per run of weeks, a colour per season, the legend below the panels."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    families, _ = _fonts()
    entries = drawn_entries(history.entries)
    labels = series_of(entries)[:MAX_LINES]
    colours = {label: _PALETTE[n % len(_PALETTE)] for n, label in enumerate(labels)}
    naming = Naming.of(entries)
    panels = runs(entries)
    total = sum(run.width for run in panels)
    figure = Figure(figsize=(9, 4.6), dpi=100)
    grid = figure.add_gridspec(1, len(panels), width_ratios=[run.width for run in panels])
    first_axes = None
    for index, run in enumerate(panels):
        axes = figure.add_subplot(grid[0, index], sharey=first_axes)
        first_axes = first_axes or axes
        by_series: dict[str, list[HistoryEntry]] = {}
        for entry in run.entries:
            by_series.setdefault(naming.label(entry), []).append(entry)
        for label, points in by_series.items():
            if label not in colours:
                continue  # past MAX_LINES: an unreadable tangle
            weeks, ranks = _with_gaps(points)
            axes.plot(weeks, ranks, marker="o", linewidth=2, markersize=5, color=colours[label])
        margin = dt.timedelta(days=4 + 7 * (run.width - run.weeks) / 2)
        axes.set_xlim(run.first - margin, run.last + margin)  # type: ignore[arg-type]
        ticks = run.ticks(run.width / total)
        axes.set_xticks(ticks, [tick_label(week) for week in ticks])  # type: ignore[arg-type]
        axes.tick_params(axis="x", labelsize="small", labelrotation=35)
        axes.set_title(run.years(), fontsize="small")
        axes.grid(True, alpha=0.3)
        if index:
            axes.tick_params(axis="y", labelleft=False)
    assert first_axes is not None  # a history with no entries is never drawn
    first_axes.set_ylim(MAX_RANK + 0.5, 0.5)  # inverted: No. 1 at the top
    first_axes.set_yticks(range(1, MAX_RANK + 1))
    first_axes.set_ylabel("Rank (No. 1 at the top)")
    figure.supxlabel("Week (each ends on a Sunday)", fontsize="medium", y=0.13)
    where = history.country_name or history.country_iso2 or "global"
    figure.suptitle(
        f"{drawable(title)[:70]}: weekly rank in Netflix's {drawable(where)} Top 10",
        fontfamily=families,
    )
    handles = [
        Line2D([], [], color=colours[label], marker="o", linewidth=2, markersize=5)
        for label in labels
    ]
    figure.legend(
        handles,
        [drawable(label)[:60] or "?" for label in labels],
        loc="lower center",
        ncols=min(3, len(labels)),
        frameon=False,
        prop={"family": families, "size": "small"},
    )
    # Fixed margins (tight_layout would draw the whole figure an extra time); the bottom
    # band holds the axis title and the legend, outside every panel.
    figure.subplots_adjust(left=0.07, right=0.98, top=0.86, bottom=0.27, wspace=0.06)
    return figure
