"""A PNG line chart of a show's weekly rank (No. 1 at the top), one line per season.

Uses matplotlib's object API with the Agg canvas only (no pyplot global state), so it
is safe to call from a worker thread; callers run it with `asyncio.to_thread`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from core.charts import MAX_RANK
from db.charts import ChartHistory, HistoryEntry
from render.charts import plain_title

FILENAME = "rank-history.png"
_MAX_LINES = 8  # seasons/categories drawn; the rest would be an unreadable tangle
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


def _series(entries: Sequence[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    series: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        label = plain_title(entry.show_title, entry.season_title)
        if len({e.category for e in entries}) > 1:
            label += f" · {entry.category}"
        series.setdefault(label, []).append(entry)
    return series


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
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    families, _ = _fonts()
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.add_subplot()
    series = _series(history.entries)
    for label, entries in list(series.items())[:_MAX_LINES]:
        weeks, ranks = _with_gaps(entries)
        axes.plot(
            weeks,
            ranks,
            marker="o",
            linewidth=2,
            markersize=5,
            label=drawable(label)[:60] or "?",
        )
    axes.set_ylim(MAX_RANK + 0.5, 0.5)  # inverted: No. 1 at the top
    first = min(entry.week for entry in history.entries)
    last = max(entry.week for entry in history.entries)
    margin = dt.timedelta(days=4)  # a single week still gets a readable axis
    axes.set_xlim(first - margin, last + margin)  # type: ignore[arg-type]
    axes.set_yticks(range(1, MAX_RANK + 1))
    axes.set_ylabel("Rank")
    # 12: with fewer, some spans (about four to five years) find no interval and warn.
    locator = AutoDateLocator(maxticks=12)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.grid(True, alpha=0.3)
    where = history.country_name or history.country_iso2 or "global"
    axes.set_title(
        f"{drawable(title)[:70]}: weekly rank in Netflix's {drawable(where)} Top 10",
        fontfamily=families,
    )
    if len(series) > 1:
        axes.legend(loc="lower left", prop={"family": families, "size": "small"})
    # Fixed margins: tight_layout would draw the whole figure an extra time.
    figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)
    out = io.BytesIO()
    # Light compression: the picture is small and drawing time is what members wait for.
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()
