"""Top 10 lists in a member's language (histories: render.chart_history; a show's record:
render.chart_record, re-exported here for the callers that named them here)."""

from __future__ import annotations

import discord

from core.charts import NEW, RETURN
from db.charts import ChartEntry, ChartWeek
from db.local_titles import LocalTitles
from render.chart_history import MAX_LINES as MAX_LINES
from render.chart_history import drawn_entries as drawn_entries
from render.chart_history import history_embed as history_embed
from render.chart_record import most_popular_lines as most_popular_lines
from render.chart_record import show_chart_lines as show_chart_lines
from render.chart_record import totals_line as totals_line
from render.chart_words import category_name, hours_text, movement_text, views_text
from render.chart_words import list_name as list_name  # scheduler.feed names lists with it
from render.chart_words import plain_title as plain_title
from render.chart_words import season_label as season_label
from render.i18n import ENGLISH, Lang
from render.limits import fit_embed
from render.shows import COLOR, safe

KOREAN_MARK = "🇰🇷"


def entry_title(show_title: str, season_title: str | None) -> str:
    season = season_label(show_title, season_title)
    return f"**{safe(show_title)}**" + (f" ({safe(season)})" if season else "")


def local_entry_title(entry: ChartEntry, titles: LocalTitles | None) -> str:
    """The entry's title as the member's language knows it (a Korean season title whole,
    else the show's Korean title with Netflix's season label), else Netflix's."""
    if titles is not None:
        season = titles.seasons.get(entry.season_id) if entry.season_id else None
        if season:
            return f"**{safe(season)}**"
        show = titles.shows.get(entry.show_id)
        if show:
            label = season_label(entry.show_title, entry.season_title)
            return f"**{safe(show)}**" + (f" ({safe(label)})" if label else "")
    return entry_title(entry.show_title, entry.season_title)


def _entry_line(entry: ChartEntry, lang: Lang = ENGLISH, titles: LocalTitles | None = None) -> str:
    parts = [f"`{entry.rank:>2}.` {local_entry_title(entry, titles)}"]
    if entry.is_korean:
        parts.append(KOREAN_MARK)
    figures = []
    if entry.hours_viewed is not None:
        figures.append(hours_text(entry.hours_viewed, lang))
    if entry.views is not None:
        figures.append(views_text(entry.views, lang))
    weeks = entry.weeks_in_top10
    figures.append(
        lang.ngettext(
            "{count} week in Top 10", "{count} weeks in Top 10", weeks, count=lang.number(weeks)
        )
    )
    if entry.movement:
        figures.append(movement_text(entry.movement, lang))
    return " ".join(parts) + "\n      " + " · ".join(figures)


def week_highlight(
    chart: ChartWeek, lang: Lang = ENGLISH, titles: LocalTitles | None = None
) -> str | None:
    """The week's headline for K-drama fans, or None when no Korean title charted."""
    korean = [entry for entry in chart.entries if entry.is_korean]
    if not korean:
        return None
    first = korean[0]
    title = local_entry_title(first, titles)
    if first.rank == 1:
        if first.movement == NEW:
            return lang.gettext(
                "A Korean show is No. 1: {title}, straight in at the top.", title=title
            )
        return lang.gettext("A Korean show is No. 1: {title}.", title=title)
    return lang.ngettext(
        "One Korean title in the Top 10: {title} at No. {rank}.",
        "{count} Korean titles in the Top 10; the highest is {title} at No. {rank}.",
        len(korean),
        count=lang.number(len(korean)),
        title=title,
        rank=first.rank,
    )


def top_embed(
    chart: ChartWeek,
    *,
    headline: str | None = None,
    category_note: bool = True,
    lang: Lang = ENGLISH,
    titles: LocalTitles | None = None,
) -> discord.Embed:
    """`category_note`: say so when a country's list stands in for a language category
    the member chose (leave it off when nobody chose one)."""
    lines = []
    if headline:
        lines += [headline, ""]
    lines.append(lang.gettext("Week of {week}", week=lang.week(chart.week)))
    if chart.requested_category and category_note:
        lines.append(
            lang.gettext(
                "Country lists rank all {category} together (no {requested} list of its "
                "own), so this is the whole list.",
                category=category_name(chart.category, lang),
                requested=category_name(chart.requested_category, lang),
            )
        )
    lines.append("")
    lines += [_entry_line(entry, lang, titles) for entry in chart.entries]
    embed = discord.Embed(
        title=lang.gettext("Netflix Top 10 · {list}", list=list_name(chart, lang)),
        description="\n".join(lines),
        colour=COLOR,
    )
    # Separate notes, each a whole phrase, side by side as Netflix's own pages show them.
    footer = [lang.gettext("Source: Netflix Top 10 (top10.netflix.com)")]
    if any(entry.is_korean for entry in chart.entries):
        footer.append(lang.gettext("{flag} Korean title", flag=KOREAN_MARK))
    if any(entry.movement for entry in chart.entries):
        footer.append(lang.gettext("▲▼ places since last week"))
    if any(entry.movement == RETURN for entry in chart.entries):
        footer.append(
            lang.gettext("{token}: back after weeks away", token=movement_text(RETURN, lang))
        )
    embed.set_footer(text=" · ".join(footer))
    return fit_embed(embed)
