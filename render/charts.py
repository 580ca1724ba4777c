"""Top 10 lists, chart histories and the /show chart line: one truth for every caller."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import discord

from core.charts import NEW, RETURN, short_number, week_label
from core.text import clip, plural
from db.charts import ChartEntry, ChartHistory, ChartWeek, CountryRun, HistoryEntry
from render.limits import FIELD_VALUE, fit_embed
from render.shows import COLOR, safe

KOREAN_MARK = "🇰🇷"
SOURCE = "Source: Netflix Top 10 (top10.netflix.com)"
HISTORY_WEEKS_SHOWN = 15
_DATED = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
# Lines the rank picture draws at most (seasons/categories); more would be a tangle.
MAX_LINES = 8
MOST_POPULAR_SHOWN = 3
VIEWS_SINCE = "June 2023"  # the first global list with views is the week ending 2023-06-18


def season_label(show_title: str, season_title: str | None) -> str | None:
    """`Weak Hero` + `Weak Hero: Class 2` → `Class 2`; a season named otherwise stays whole."""
    if not season_title or season_title == show_title:
        return None
    if season_title.startswith(show_title):
        rest = season_title[len(show_title) :].lstrip(" :-–—")
        if rest:
            return rest
    return season_title


def entry_title(show_title: str, season_title: str | None) -> str:
    season = season_label(show_title, season_title)
    return f"**{safe(show_title)}**" + (f" ({safe(season)})" if season else "")


def plain_title(show_title: str, season_title: str | None) -> str:
    season = season_label(show_title, season_title)
    return show_title + (f" ({season})" if season else "")


def list_name(chart: ChartWeek) -> str:
    where = f"{chart.country_name or chart.country_iso2}" if chart.country_iso2 else "Global"
    return f"{where} · {chart.category}"


def _entry_line(entry: ChartEntry) -> str:
    parts = [f"`{entry.rank:>2}.` {entry_title(entry.show_title, entry.season_title)}"]
    if entry.is_korean:
        parts.append(KOREAN_MARK)
    figures = []
    if entry.hours_viewed is not None:
        figures.append(f"{short_number(entry.hours_viewed)} hours")
    if entry.views is not None:
        figures.append(f"{short_number(entry.views)} views")
    weeks = entry.weeks_in_top10
    figures.append(f"{plural(weeks, 'week')} in Top 10")
    if entry.movement:
        figures.append(entry.movement)
    return " ".join(parts) + "\n      " + " · ".join(figures)


def week_highlight(chart: ChartWeek) -> str | None:
    """The week's headline for K-drama fans, or None when no Korean title charted."""
    korean = [entry for entry in chart.entries if entry.is_korean]
    if not korean:
        return None
    first = korean[0]
    title = entry_title(first.show_title, first.season_title)
    if first.rank == 1:
        text = f"A Korean show is No. 1: {title}"
        if first.movement == NEW:
            text += ", straight in at the top"
        return text + "."
    if len(korean) == 1:
        return f"One Korean title in the Top 10: {title} at No. {first.rank}."
    return f"{len(korean)} Korean titles in the Top 10; the highest is {title} at No. {first.rank}."


def top_embed(
    chart: ChartWeek, *, headline: str | None = None, category_note: bool = True
) -> discord.Embed:
    """`category_note`: say so when a country's list stands in for a language category
    the member chose (leave it off when nobody chose one)."""
    lines = []
    if headline:
        lines += [headline, ""]
    lines.append(f"Week of {week_label(chart.week)}")
    if chart.requested_category and category_note:
        lines.append(
            f"Country lists rank all {chart.category} together (no {chart.requested_category} "
            "list of its own), so this is the whole list."
        )
    lines.append("")
    lines += [_entry_line(entry) for entry in chart.entries]
    embed = discord.Embed(
        title=f"Netflix Top 10 · {list_name(chart)}",
        description="\n".join(lines),
        colour=COLOR,
    )
    footer = SOURCE
    if any(entry.is_korean for entry in chart.entries):
        footer += f" · {KOREAN_MARK} Korean title"
    if any(entry.movement for entry in chart.entries):
        footer += " · ▲▼ places since last week"
    if any(entry.movement == RETURN for entry in chart.entries):
        footer += " · RETURN: back after weeks away"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def _history_line(entry: HistoryEntry) -> str:
    figures = [f"No. {entry.rank}", entry.category]
    if entry.hours_viewed is not None:
        figures.append(f"{short_number(entry.hours_viewed)} hours")
    if entry.views is not None:
        figures.append(f"{short_number(entry.views)} views")
    return (
        f"`{entry.week.isoformat()}` {safe(plain_title(entry.show_title, entry.season_title))}"
        f": {' · '.join(figures)}"
    )


IMPORT_HINT = (
    "The bot fetches Netflix's published files by itself when it runs with a network; "
    "its operator can also import them by hand with "
    "`.venv/bin/python bot.py import-netflix FILE…`."
)
COUNTRIES_NAMED = 10


def _elsewhere(show_title: str, where: str, runs: Sequence[CountryRun]) -> str:
    """Where a show absent from the lists asked for did chart, and how to see it."""
    named = [
        f"{safe(run.name)} ({run.iso2}, best No. {run.best_rank}, {plural(run.weeks, 'week')})"
        for run in runs[:COUNTRIES_NAMED]
    ]
    if len(runs) > COUNTRIES_NAMED:
        named.append(f"and {len(runs) - COUNTRIES_NAMED} more")
    count = plural(len(runs), "country", "countries")
    return (
        f"{safe(show_title)} has not been in Netflix's {safe(where)} Top 10, but it was in "
        f"the Top 10 of {count}: {', '.join(named)}.\n"
        f"See one with `/chart history show:{safe(show_title)} country:{runs[0].iso2}`."
    )


def history_embed(
    history: ChartHistory,
    show_title: str,
    image: str | None = None,
    *,
    has_data: bool = True,
    elsewhere: Sequence[CountryRun] = (),
) -> discord.Embed:
    """The weeks in the Top 10; `image` names the attached picture of the ranks.

    With no entries: `has_data` False says nothing is imported at all (and how to import),
    and `elsewhere` names the countries whose lists a show absent from these did chart in.
    """
    where = history.country_name or history.country_iso2 or "global"
    embed = discord.Embed(title=f"{show_title} in Netflix's {where} Top 10", colour=COLOR)
    best = history.best
    if best is None:
        if not has_data:
            embed.description = f"No Netflix Top 10 data is imported yet. {IMPORT_HINT}"
        elif elsewhere:
            embed.description = _elsewhere(show_title, where, elsewhere)
        else:
            embed.description = "\n".join(
                [
                    f"{safe(show_title)} has not been in a stored {safe(where)} Top 10 list.",
                    *most_popular_lines(history),
                ]
            )
        embed.set_footer(text=SOURCE)
        return fit_embed(embed)
    summary = [
        f"Best rank: **No. {best.rank}** ({best.category}, week of {week_label(best.week)})",
        f"Weeks in the Top 10: **{history.weeks}**",
    ]
    totals = totals_line(history)
    if totals:
        summary.append(totals)
    summary += most_popular_lines(history)
    embed.description = "\n".join(summary)
    embed.add_field(
        name="Week by week (newest first)",
        value=_history_lines(history.entries, pictured=bool(image) and _all_drawn(history)),
        inline=False,
    )
    if image:
        embed.set_image(url=f"attachment://{image}")
    embed.set_footer(text=SOURCE)
    return fit_embed(embed)


def _lines(entries: Sequence[HistoryEntry]) -> int:
    # One line per season and, when it charted in several, per category.
    return len({(e.show_title, e.season_title, e.category) for e in entries})


def drawn_entries(entries: Sequence[HistoryEntry]) -> tuple[HistoryEntry, ...]:
    """What the rank picture draws: a line per season, or, past MAX_LINES of them (a
    weekly show whose "seasons" are its episodes' dates, WWE Raw's 73), one line per show
    and category, so no week is left out."""
    if _lines(entries) <= MAX_LINES:
        return tuple(entries)
    return tuple(dataclasses.replace(entry, season_title=None) for entry in entries)


def _all_drawn(history: ChartHistory) -> bool:
    """Whether the picture draws every entry (it leaves out lines past MAX_LINES)."""
    return _lines(drawn_entries(history.entries)) <= MAX_LINES


def _history_lines(entries: Sequence[HistoryEntry], *, pictured: bool) -> str:
    """The newest weeks that fit one field, then how many earlier entries are left out
    (counted here: a generic clip would count its own lines, not the entries)."""
    newest = [_history_line(entry) for entry in reversed(entries[-HISTORY_WEEKS_SHOWN:])]
    for kept in range(len(newest), 0, -1):
        left_out = len(entries) - kept
        lines = newest[:kept]
        if left_out:
            tail = f"…and {plural(left_out, 'earlier entry', 'earlier entries')}"
            lines.append(f"{tail}, all in the picture" if pictured else tail)
        text = "\n".join(lines)
        if len(text) <= FIELD_VALUE:
            return text
    return clip(newest[0], FIELD_VALUE)


def totals_line(history: ChartHistory) -> str | None:
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
    titles = {e.title_id: season_label(e.show_title, e.season_title) or "" for e in with_hours}
    # Netflix names some seasons "Part N" (Money Heist); call them what the list calls them.
    # A weekly show's "seasons" are its episodes' dates (WWE Raw: "April 21, 2025").
    if all(label.startswith("Part ") for label in titles.values()):
        word = "part"
    elif all(_DATED.fullmatch(label) for label in titles.values()):
        word = "episode"
    else:
        word = "season"
    scope = f" ({plural(len(titles), word)})" if len(titles) > 1 else ""
    hours = short_number(sum(e.hours_viewed or 0 for e in with_hours))
    weeks = plural(len({e.week for e in with_hours}), "Top 10 week")
    line = f"Hours viewed: **{hours}** over its {weeks}{scope}"
    if not with_views:
        return line
    views = short_number(sum(e.views or 0 for e in with_views))
    if len(with_views) == len(with_hours):
        return f"{line} · views: **{views}**, same {'weeks' if len(with_views) > 1 else 'week'}"
    counted = len({e.week for e in with_views})
    return (
        f"{line} · views: **{views}**, from only {counted} of those weeks "
        f"(Netflix has published views since {VIEWS_SINCE})"
    )


def most_popular_lines(history: ChartHistory) -> list[str]:
    """The show's places in Netflix's all-time Most Popular lists (views in the first 91
    days, which is what those lists rank by), best first."""
    lines = []
    for entry in history.most_popular[:MOST_POPULAR_SHOWN]:
        season = season_label(entry.show_title, entry.season_title)
        which = f" ({safe(season)})" if season else ""
        figures = [f"{short_number(entry.hours_viewed)} hours"]
        if entry.views is not None:
            figures.insert(0, f"{short_number(entry.views)} views")
        lines.append(
            f"All-time Most Popular{which}: **No. {entry.rank}** in {entry.category} "
            f"({' · '.join(figures)} in its first 91 days)"
        )
    return lines


def show_chart_lines(history: ChartHistory) -> list[str]:
    """The /show card's Netflix line: best global rank, weeks, total hours and views."""
    best = history.best
    if best is None:
        return most_popular_lines(history)
    lines = [
        f"Best global rank: **No. {best.rank}** in {best.category} "
        f"(week of {week_label(best.week)})",
        f"{plural(history.weeks, 'week')} in the global Top 10",
    ]
    totals = totals_line(history)
    if totals:
        lines.append(totals)
    lines += most_popular_lines(history)
    seasons = _season_bests(history.entries)
    if len(seasons) > 1:
        lines += [
            f"{safe(label)}: best No. {rank}, {plural(weeks, 'week')}"
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
