"""Plain-text rendering of embeds and components for the offline console."""

from __future__ import annotations

import datetime as dt
import re

import discord

# A link target may hold balanced parentheses (`…/Sweet_Home_(TV_series)`), as
# Discord's markdown allows; the link's own closing parenthesis ends it.
_LINK = re.compile(r"\[([^\]]+)\]\((https?://(?:[^()\s]|\([^()\s]*\))+)\)")
_TIMESTAMP = re.compile(r"<t:(\d+)(?::[tTdDfFR])?>")
_FORMAT = re.compile(r"(\*\*|__|~~|\|\|)")
_SUBTEXT = re.compile(r"^-# ", re.MULTILINE)


def plain(markdown: str) -> str:
    """Drop Discord markdown a terminal cannot show; keep link targets and dates readable."""
    text = _LINK.sub(r"\1 <\2>", markdown)
    text = _TIMESTAMP.sub(lambda m: _iso(int(m.group(1))), text)
    text = _FORMAT.sub("", text)
    text = _SUBTEXT.sub("", text)
    return text.replace("\\", "")


def _iso(unix: int) -> str:
    return dt.datetime.fromtimestamp(unix, tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def embed_to_text(embed: discord.Embed) -> str:
    lines: list[str] = []
    if embed.author.name:
        lines.append(plain(embed.author.name))
    if embed.title:
        title = plain(embed.title)
        lines += [title, "=" * min(len(title), 60)]
    if embed.description:
        lines += [plain(embed.description), ""]
    for field in embed.fields:
        lines.append(f"{plain(field.name or '')}:")
        lines += [f"  {line}" for line in plain(field.value or "").split("\n")]
    if embed.image.url:
        lines.append(f"[image: {embed.image.url}]")
    if embed.footer.text:
        lines += ["", plain(embed.footer.text)]
    return "\n".join(line.rstrip() for line in lines).strip()
