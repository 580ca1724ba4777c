"""A show's record in Netflix's lists, in a member's language: the totals, its places in
the all-time Most Popular lists, and the /show card's chart lines (best rank, weeks,
each season's best)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from db.charts import ChartHistory, HistoryEntry
from render.chart_words import (
    category_name,
    hours_text,
    plain_title,
    rank_text,
    season_label,
    views_text,
)
from render.i18n import ENGLISH, Lang
from render.shows import safe

MOST_POPULAR_SHOWN = 3
# The first global list with views is the week ending 2023-06-18.
VIEWS_SINCE = dt.date(2023, 6, 1)
_DATED = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")


def _scope(labels: Sequence[str], lang: Lang) -> str | None:
    """How many seasons the totals add up, in the word the list uses for them."""
    count = len(labels)
    if count < 2:
        return None
    number = lang.number(count)
    # Netflix names some seasons "Part N" (Money Heist); call them what the list calls them.
    # A weekly show's "seasons" are its episodes' dates (WWE Raw: "April 21, 2025").
    if all(label.startswith("Part ") for label in labels):
        return lang.ngettext("{count} part", "{count} parts", count, count=number)
    if all(_DATED.fullmatch(label) for label in labels):
        return lang.npgettext(
            "a weekly show's dated entries in Netflix's lists",
            "{count} episode",
            "{count} episodes",
            count,
            count=number,
        )
    return lang.ngettext("{count} season", "{count} seasons", count, count=number)


def totals_line(history: ChartHistory, lang: Lang = ENGLISH) -> str | None:
    """Hours and views added up, each saying which weeks (and seasons) it covers.

    One line (the /show card keeps its first three chart lines). Netflix's lists carry
    hours from the start but views only since June 2023, so a show that charted before
    then has views for fewer weeks than hours: say so.
    """
    entries = history.entries
    with_hours = [e for e in entries if e.hours_viewed is not None]
    with_views = [e for e in entries if e.views is not None]
    if not with_hours:
        return None
    labels = {e.title_id: season_label(e.show_title, e.season_title) or "" for e in with_hours}
    scope = _scope(list(labels.values()), lang)
    hours = lang.compact(sum(e.hours_viewed or 0 for e in with_hours))
    weeks = len({e.week for e in with_hours})
    values = {"hours": hours, "count": lang.number(weeks)}
    if scope:
        line = lang.ngettext(
            "Hours viewed: **{hours}** over its {count} Top 10 week ({scope})",
            "Hours viewed: **{hours}** over its {count} Top 10 weeks ({scope})",
            weeks,
            scope=scope,
            **values,
        )
    else:
        line = lang.ngettext(
            "Hours viewed: **{hours}** over its {count} Top 10 week",
            "Hours viewed: **{hours}** over its {count} Top 10 weeks",
            weeks,
            **values,
        )
    if not with_views:
        return line
    views = lang.compact(sum(e.views or 0 for e in with_views))
    if len(with_views) == len(with_hours):
        note = lang.ngettext(
            "views: **{views}**, same week", "views: **{views}**, same weeks", weeks, views=views
        )
    else:
        counted = len({e.week for e in with_views})
        note = lang.ngettext(
            "views: **{views}**, from only {count} of those weeks (Netflix has published "
            "views since {since})",
            "views: **{views}**, from only {count} of those weeks (Netflix has published "
            "views since {since})",
            counted,
            views=views,
            count=lang.number(counted),
            since=lang.month_year(VIEWS_SINCE),
        )
    # Two figures side by side, each a whole phrase (as a card's footer notes are).
    return f"{line} · {note}"


def most_popular_lines(history: ChartHistory, lang: Lang = ENGLISH) -> list[str]:
    """The show's places in Netflix's all-time Most Popular lists (views in the first 91
    days, which is what those lists rank by), best first."""
    lines = []
    for entry in history.most_popular[:MOST_POPULAR_SHOWN]:
        figures = [hours_text(entry.hours_viewed, lang)]
        if entry.views is not None:
            figures.insert(0, views_text(entry.views, lang))
        values = {
            "rank": rank_text(entry.rank, lang),
            "category": category_name(entry.category, lang),
            "figures": " · ".join(figures),
        }
        season = season_label(entry.show_title, entry.season_title)
        if season:
            lines.append(
                lang.gettext(
                    "All-time Most Popular ({season}): **{rank}** in {category} "
                    "({figures} in its first 91 days)",
                    season=safe(season),
                    **values,
                )
            )
        else:
            lines.append(
                lang.gettext(
                    "All-time Most Popular: **{rank}** in {category} "
                    "({figures} in its first 91 days)",
                    **values,
                )
            )
    return lines


def show_chart_lines(history: ChartHistory, lang: Lang = ENGLISH) -> list[str]:
    """The /show card's Netflix line: best global rank, weeks, total hours and views."""
    best = history.best
    if best is None:
        return most_popular_lines(history, lang)
    lines = [
        lang.gettext(
            "Best global rank: **{rank}** in {category} (week of {week})",
            rank=rank_text(best.rank, lang),
            category=category_name(best.category, lang),
            week=lang.week(best.week),
        ),
        lang.ngettext(
            "{count} week in the global Top 10",
            "{count} weeks in the global Top 10",
            history.weeks,
            count=lang.number(history.weeks),
        ),
    ]
    totals = totals_line(history, lang)
    if totals:
        lines.append(totals)
    lines += most_popular_lines(history, lang)
    seasons = _season_bests(history.entries)
    if len(seasons) > 1:
        lines += [
            lang.ngettext(
                "{season}: best {rank}, {count} week",
                "{season}: best {rank}, {count} weeks",
                weeks,
                season=safe(label),
                rank=rank_text(rank, lang),
                count=lang.number(weeks),
            )
            for label, rank, weeks in seasons
        ]
    return lines


def _season_bests(entries: Sequence[HistoryEntry]) -> list[tuple[str, int, int]]:
    by_title: dict[int, list[HistoryEntry]] = {}
    for entry in entries:
        by_title.setdefault(entry.title_id, []).append(entry)
    out = []
    for rows in by_title.values():
        label = plain_title(rows[0].show_title, rows[0].season_title)
        out.append(
            (
                min(r.week for r in rows),
                label,
                min(r.rank for r in rows),
                len({r.week for r in rows}),
            )
        )
    # In the order they first charted: a weekly show's "seasons" are dates (WWE Raw), and
    # by name "Season 10" would come before "Season 2".
    return [(label, rank, weeks) for _, label, rank, weeks in sorted(out)]
