"""Discord's documented message limits, and one function that makes any embed respect them."""

from __future__ import annotations

from collections.abc import Callable

import discord

from core.text import clip

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000
CONTENT = 2000
CHOICES = 25
CHOICE_NAME = 100
SELECT_OPTIONS = 25
SELECT_LABEL = 100


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Clip every part to its limit, then drop trailing fields until the total fits.

    Renderers build freely; this is the single place that guarantees Discord never
    rejects what we send, whatever the catalog or a member typed.
    """
    if embed.title:
        embed.title = clip(embed.title, TITLE)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    fields = [(f.name or "\u200b", f.value or "\u200b", f.inline) for f in embed.fields][:FIELDS]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(
            name=clip(name, FIELD_NAME), value=clip_lines(value, FIELD_VALUE), inline=bool(inline)
        )
    while len(embed) > TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > TOTAL and embed.description:
        room = max(0, len(embed.description) - (len(embed) - TOTAL))
        embed.description = clip(embed.description, room) or None
    return embed


def clip_lines(text: str, limit: int, more: str | Callable[[int], str] = "…and {n} more") -> str:
    """Keep whole lines while they fit and say how many were left out (`more`: a template
    with `{n}`, or a function of the count, for a line in the member's language)."""
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        rest = len(lines) - index
        tail = more(rest) if callable(more) else more.format(n=rest)
        candidate = "\n".join([*kept, line])
        if len(candidate) + 1 + len(tail) > limit and index < len(lines) - 1:
            return "\n".join([*kept, tail]) if kept else clip(text, limit)
        if len(candidate) > limit:
            return "\n".join([*kept, tail]) if kept else clip(text, limit)
        kept.append(line)
    return clip("\n".join(kept), limit)
