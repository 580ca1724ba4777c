"""A PNG line chart of a show's weekly rank (No. 1 at the top), one colour per season,
one panel per run of weeks (see render.chart_layout).

Uses matplotlib's object API with the Agg canvas only (no pyplot global state), so it
is safe to call from a worker thread; callers run it with `asyncio.to_thread`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from core.charts import MAX_RANK
from core.locales import SOURCE
from db.charts import ChartHistory, HistoryEntry
from render.chart_fonts import drawable, families, legible
from render.chart_history import MAX_LINES, drawn_entries, place
from render.chart_layout import Naming, runs, series_of, tick_label
from render.i18n import ENGLISH, LANGUAGES, Lang

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FILENAME = "rank-history.png"
# matplotlib's default cycle, named here so a season keeps its colour in every panel.
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f")  # fmt: skip


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


def rank_history_png(history: ChartHistory, title: str, tag: str = SOURCE) -> bytes:
    """The history as a PNG, its words in the language `tag` names (a plain string: the
    worker process looks the language up itself). A pure function of its arguments (no
    store, no state), so it can run in a thread or another process."""
    out = io.BytesIO()
    figure = rank_history_figure(history, title, LANGUAGES.get(tag))
    # Light compression: the picture is small and drawing time is what members wait for.
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _heading(history: ChartHistory, title: str, lang: Lang) -> str:
    shown = drawable(title)[:70]
    where = place(history, lang)
    if where is None:
        return lang.gettext("{title}: weekly rank in Netflix's global Top 10", title=shown)
    return lang.gettext(
        "{title}: weekly rank in Netflix's {where} Top 10", title=shown, where=drawable(where)
    )


def _words(lang: Lang, make: Callable[[Lang], str]) -> str:
    """A label in the language, or in English where no installed font draws it."""
    return legible(make(lang), make(ENGLISH))


def rank_history_figure(history: ChartHistory, title: str, lang: Lang = ENGLISH) -> Figure:
    """A panel per run of weeks, a colour per season, the legend below the panels."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fonts = families(lang.tag)
    entries = drawn_entries(history.entries)
    labels = series_of(entries)[:MAX_LINES]
    colours = {label: _PALETTE[n % len(_PALETTE)] for n, label in enumerate(labels)}
    naming = Naming.of(entries)
    shown = {naming.label(e): _words(lang, partial(naming.label, e)) for e in entries}
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
        axes.set_xticks(
            ticks,  # type: ignore[arg-type]
            [_words(lang, partial(tick_label, week)) for week in ticks],
            fontfamily=fonts,
        )
        axes.tick_params(axis="x", labelsize="small", labelrotation=35)
        axes.set_title(_words(lang, run.years), fontsize="small", fontfamily=fonts)
        axes.grid(True, alpha=0.3)
        if index:
            axes.tick_params(axis="y", labelleft=False)
    assert first_axes is not None  # a history with no entries is never drawn
    first_axes.set_ylim(MAX_RANK + 0.5, 0.5)  # inverted: No. 1 at the top
    first_axes.set_yticks(range(1, MAX_RANK + 1))
    first_axes.set_ylabel(
        _words(lang, lambda lg: lg.gettext("Rank (No. 1 at the top)")), fontfamily=fonts
    )
    figure.supxlabel(
        _words(lang, lambda lg: lg.gettext("Week (each ends on a Sunday)")),
        fontsize="medium",
        y=0.13,
        fontfamily=fonts,
    )
    figure.suptitle(_words(lang, lambda lg: _heading(history, title, lg)), fontfamily=fonts)
    handles = [
        Line2D([], [], color=colours[label], marker="o", linewidth=2, markersize=5)
        for label in labels
    ]
    figure.legend(
        handles,
        [drawable(shown[label])[:60] or "?" for label in labels],
        loc="lower center",
        ncols=min(3, len(labels)),
        frameon=False,
        prop={"family": fonts, "size": "small"},
    )
    # Fixed margins (tight_layout would draw the whole figure an extra time); the bottom
    # band holds the axis title and the legend, outside every panel.
    figure.subplots_adjust(left=0.07, right=0.98, top=0.86, bottom=0.27, wspace=0.06)
    return figure
