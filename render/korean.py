"""A Top 10 seen by K-drama fans: only its Korean titles, or all of them with the Korean ones
called out. A title is Korean when its show's origin country is KR (curated or a provider's
origin); a show whose origin no source gives is never counted.
"""

from __future__ import annotations

import dataclasses

import discord

from core.audience import KoreanMode
from db.charts import ChartWeek
from db.local_titles import LocalTitles
from render.charts import KOREAN_MARK, local_entry_title, top_embed, week_highlight
from render.i18n import ENGLISH, Lang
from render.limits import fit_embed


def only_korean(chart: ChartWeek) -> ChartWeek:
    """The list with its Korean titles alone, each keeping its rank in the whole list."""
    return dataclasses.replace(chart, entries=tuple(e for e in chart.entries if e.is_korean))


def no_korean_line(chart: ChartWeek, lang: Lang = ENGLISH) -> str:
    # "Known": a title whose origin no source gives yet may still be Korean.
    count = len(chart.entries)
    return lang.ngettext(
        "None of this list's {count} title is known to be Korean.",
        "None of this list's {count} titles is known to be Korean.",
        count,
        count=lang.number(count),
    )


def korean_top_embed(
    chart: ChartWeek, lang: Lang = ENGLISH, titles: LocalTitles | None = None
) -> discord.Embed:
    """`/chart top korean:true` and the announcements' "only" mode."""
    korean = only_korean(chart)
    embed = top_embed(
        korean, headline=week_highlight(korean, lang, titles), lang=lang, titles=titles
    )
    embed.title = lang.gettext("{list} · Korean titles", list=embed.title or "Netflix Top 10")
    if not korean.entries:
        embed.description = f"{embed.description or ''}\n{no_korean_line(chart, lang)}".strip()
    return fit_embed(embed)


def korean_field(
    chart: ChartWeek, lang: Lang = ENGLISH, titles: LocalTitles | None = None
) -> tuple[str, str]:
    """The announcements' "highlight" mode: one field naming the week's Korean titles."""
    korean = [e for e in chart.entries if e.is_korean]
    name = lang.gettext("{flag} Korean titles this week", flag=KOREAN_MARK)
    if not korean:
        return name, no_korean_line(chart, lang)
    return name, "\n".join(
        lang.gettext("No. {rank}: {title}", rank=e.rank, title=local_entry_title(e, titles))
        for e in korean
    )


def highlighted_top_embed(
    chart: ChartWeek, lang: Lang = ENGLISH, titles: LocalTitles | None = None
) -> discord.Embed:
    embed = top_embed(chart, lang=lang, titles=titles)
    name, value = korean_field(chart, lang, titles)
    embed.insert_field_at(0, name=name, value=value, inline=False)
    return fit_embed(embed)


def chart_embed(
    chart: ChartWeek,
    mode: KoreanMode,
    lang: Lang = ENGLISH,
    titles: LocalTitles | None = None,
) -> tuple[discord.Embed, str | None]:
    """The list as an announcement in `mode` shows it, and its opening line, in `lang`
    (`titles`: the shows' titles in that language, where known)."""
    if mode == "only":
        korean = only_korean(chart)
        return korean_top_embed(chart, lang, titles), week_highlight(korean, lang, titles)
    if mode == "highlight":
        embed = highlighted_top_embed(chart, lang, titles)
    else:
        embed = top_embed(chart, lang=lang, titles=titles)
    return embed, week_highlight(chart, lang, titles)
