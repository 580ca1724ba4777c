"""`/chart history`'s answer in a member's language: a show's weeks in one Top 10 (the
global one or a country's), its record, and where else it charted when not in this one."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import discord

from core.text import clip
from db.charts import ChartHistory, CountryRun, HistoryEntry
from render.chart_record import most_popular_lines, totals_line
from render.chart_words import category_name, hours_text, plain_title, rank_text, views_text
from render.i18n import ENGLISH, Lang
from render.limits import FIELD_VALUE, fit_embed
from render.show_words import command
from render.shows import COLOR, safe

HISTORY_WEEKS_SHOWN = 15
# Lines the rank picture draws at most (seasons/categories); more would be a tangle.
MAX_LINES = 8
COUNTRIES_NAMED = 10
IMPORT_COMMAND = ".venv/bin/python bot.py import-netflix FILE…"


def no_data_text(lang: Lang = ENGLISH) -> str:
    """Nothing imported at all, and how the operator imports it."""
    return lang.gettext(
        "No Netflix Top 10 data is imported yet. The bot fetches Netflix's published files "
        "by itself when it runs with a network; its operator can also import them by hand "
        "with `{command}`.",
        command=IMPORT_COMMAND,
    )


def place(history: ChartHistory, lang: Lang) -> str | None:
    """The country whose lists these are, in the member's language; None for global."""
    if not history.country_iso2:
        return None
    return lang.country(history.country_iso2, history.country_name or history.country_iso2)


def _history_line(entry: HistoryEntry, lang: Lang) -> str:
    figures = [rank_text(entry.rank, lang), category_name(entry.category, lang)]
    if entry.hours_viewed is not None:
        figures.append(hours_text(entry.hours_viewed, lang))
    if entry.views is not None:
        figures.append(views_text(entry.views, lang))
    return lang.gettext(
        "`{date}` {title}: {figures}",
        date=lang.short_date(entry.week),
        title=safe(plain_title(entry.show_title, entry.season_title)),
        figures=" · ".join(figures),
    )


def _elsewhere(show_title: str, where: str | None, runs: Sequence[CountryRun], lang: Lang) -> str:
    """Where a show absent from the lists asked for did chart, and how to see it."""
    named = [
        lang.ngettext(
            "{country} ({code}, best {rank}, {count} week)",
            "{country} ({code}, best {rank}, {count} weeks)",
            run.weeks,
            country=safe(lang.country(run.iso2, run.name)),
            code=run.iso2,
            rank=rank_text(run.best_rank, lang),
            count=lang.number(run.weeks),
        )
        for run in runs[:COUNTRIES_NAMED]
    ]
    if len(runs) > COUNTRIES_NAMED:
        more = len(runs) - COUNTRIES_NAMED
        # The last item of a list the language joins ("A, B and 3 more").
        named.append(
            lang.npgettext(
                "countries, last in a list",
                "{count} more",
                "{count} more",
                more,
                count=lang.number(more),
            )
        )
    values = {
        "title": safe(show_title),
        "count": lang.number(len(runs)),
        "countries": lang.join(named),
    }
    if where is None:
        absent = lang.ngettext(
            "{title} has not been in Netflix's global Top 10, but it was in the Top 10 of "
            "{count} country: {countries}.",
            "{title} has not been in Netflix's global Top 10, but it was in the Top 10 of "
            "{count} countries: {countries}.",
            len(runs),
            **values,
        )
    else:
        absent = lang.ngettext(
            "{title} has not been in Netflix's {where} Top 10, but it was in the Top 10 of "
            "{count} country: {countries}.",
            "{title} has not been in Netflix's {where} Top 10, but it was in the Top 10 of "
            "{count} countries: {countries}.",
            len(runs),
            where=safe(where),
            **values,
        )
    # In a code span markdown escapes would show: only a backtick could break it.
    usage = command(lang, "chart history", show=show_title.replace("`", "'"), country=runs[0].iso2)
    see = lang.gettext("See one with `{command}`.", command=usage)
    return f"{absent}\n{see}"


def _never_charted(show_title: str, where: str | None, lang: Lang) -> str:
    if where is None:
        return lang.gettext(
            "{title} has not been in a stored global Top 10 list.", title=safe(show_title)
        )
    return lang.gettext(
        "{title} has not been in a stored {where} Top 10 list.",
        title=safe(show_title),
        where=safe(where),
    )


def history_title(show_title: str, where: str | None, lang: Lang) -> str:
    if where is None:
        return lang.gettext("{title} in Netflix's global Top 10", title=show_title)
    return lang.gettext("{title} in Netflix's {where} Top 10", title=show_title, where=where)


def history_embed(
    history: ChartHistory,
    show_title: str,
    image: str | None = None,
    *,
    has_data: bool = True,
    elsewhere: Sequence[CountryRun] = (),
    lang: Lang = ENGLISH,
) -> discord.Embed:
    """The weeks in the Top 10; `image` names the attached picture of the ranks.

    With no entries: `has_data` False says nothing is imported at all (and how to import),
    and `elsewhere` names the countries whose lists a show absent from these did chart in.
    """
    where = place(history, lang)
    embed = discord.Embed(title=history_title(show_title, where, lang), colour=COLOR)
    source = lang.gettext("Source: Netflix Top 10 (top10.netflix.com)")
    best = history.best
    if best is None:
        if not has_data:
            embed.description = no_data_text(lang)
        elif elsewhere:
            embed.description = _elsewhere(show_title, where, elsewhere, lang)
        else:
            embed.description = "\n".join(
                [_never_charted(show_title, where, lang), *most_popular_lines(history, lang)]
            )
        embed.set_footer(text=source)
        return fit_embed(embed)
    summary = [
        lang.gettext(
            "Best rank: **{rank}** ({category}, week of {week})",
            rank=rank_text(best.rank, lang),
            category=category_name(best.category, lang),
            week=lang.week(best.week),
        ),
        lang.gettext("Weeks in the Top 10: **{count}**", count=lang.number(history.weeks)),
    ]
    totals = totals_line(history, lang)
    if totals:
        summary.append(totals)
    summary += most_popular_lines(history, lang)
    embed.description = "\n".join(summary)
    embed.add_field(
        name=lang.gettext("Week by week (newest first)"),
        value=_history_lines(
            history.entries, pictured=bool(image) and _all_drawn(history), lang=lang
        ),
        inline=False,
    )
    if image:
        embed.set_image(url=f"attachment://{image}")
    embed.set_footer(text=source)
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


def _left_out(count: int, pictured: bool, lang: Lang) -> str:
    number = lang.number(count)
    if pictured:
        return lang.ngettext(
            "…and {count} earlier entry, all in the picture",
            "…and {count} earlier entries, all in the picture",
            count,
            count=number,
        )
    return lang.ngettext(
        "…and {count} earlier entry", "…and {count} earlier entries", count, count=number
    )


def _history_lines(entries: Sequence[HistoryEntry], *, pictured: bool, lang: Lang) -> str:
    """The newest weeks that fit one field, then how many earlier entries are left out
    (counted here: a generic clip would count its own lines, not the entries)."""
    newest = [_history_line(entry, lang) for entry in reversed(entries[-HISTORY_WEEKS_SHOWN:])]
    for kept in range(len(newest), 0, -1):
        left_out = len(entries) - kept
        lines = newest[:kept]
        if left_out:
            lines.append(_left_out(left_out, pictured, lang))
        text = "\n".join(lines)
        if len(text) <= FIELD_VALUE:
            return text
    return clip(newest[0], FIELD_VALUE)
