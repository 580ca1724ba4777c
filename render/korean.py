"""A Top 10 seen by K-drama fans: only its Korean titles, or all of them with the Korean ones
called out. A title is Korean when its show's origin country is KR (curated or a provider's
origin); a show whose origin no source gives is never counted.
"""

from __future__ import annotations

import dataclasses

import discord

from core.audience import KoreanMode
from core.text import plural
from db.charts import ChartWeek
from render.charts import KOREAN_MARK, entry_title, top_embed, week_highlight
from render.limits import fit_embed

ONLY_SUFFIX = " · Korean titles"


def only_korean(chart: ChartWeek) -> ChartWeek:
    """The list with its Korean titles alone, each keeping its rank in the whole list."""
    return dataclasses.replace(chart, entries=tuple(e for e in chart.entries if e.is_korean))


def no_korean_line(chart: ChartWeek) -> str:
    # "Known": a title whose origin no source gives yet may still be Korean.
    titles = plural(len(chart.entries), "title")
    return f"None of this list's {titles} is known to be Korean."


def korean_top_embed(chart: ChartWeek) -> discord.Embed:
    """`/chart top korean:true` and the announcements' "only" mode."""
    korean = only_korean(chart)
    embed = top_embed(korean, headline=week_highlight(korean))
    embed.title = (embed.title or "Netflix Top 10") + ONLY_SUFFIX
    if not korean.entries:
        embed.description = f"{embed.description or ''}\n{no_korean_line(chart)}".strip()
    return fit_embed(embed)


def korean_field(chart: ChartWeek) -> tuple[str, str]:
    """The announcements' "highlight" mode: one field naming the week's Korean titles."""
    korean = [e for e in chart.entries if e.is_korean]
    name = f"{KOREAN_MARK} Korean titles this week"
    if not korean:
        return name, no_korean_line(chart)
    return name, "\n".join(
        f"No. {e.rank}: {entry_title(e.show_title, e.season_title)}" for e in korean
    )


def highlighted_top_embed(chart: ChartWeek) -> discord.Embed:
    embed = top_embed(chart)
    name, value = korean_field(chart)
    embed.insert_field_at(0, name=name, value=value, inline=False)
    return fit_embed(embed)


def chart_embed(chart: ChartWeek, mode: KoreanMode) -> tuple[discord.Embed, str | None]:
    """The list as an announcement in `mode` shows it, and its opening line."""
    if mode == "only":
        korean = only_korean(chart)
        return korean_top_embed(chart), week_highlight(korean)
    embed = highlighted_top_embed(chart) if mode == "highlight" else top_embed(chart)
    return embed, week_highlight(chart)
