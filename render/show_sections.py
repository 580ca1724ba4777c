"""What the show card's buttons open: the full cast, every note, every source.

The card (render.shows.show_card) stays short; these sections hold the rest, so nothing
on the card has to say "…and N more" without a way to see it. Discord shows them to the
member who pressed the button; the console prints them under the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import discord

from core.text import clip
from db.catalog import ShowDetails
from render.limits import DESCRIPTION, TOTAL, fit_embed
from render.show_card import (
    CHART_LINES_ON_CARD,
    SEASONS_ON_CARD,
    SUMMARY_ON_CARD,
    WATCH_CREDIT,
    first_sentences,
    human_day,
    provider_season_line,
    provider_seasons,
)
from render.shows import (
    CC_BY_SA,
    COLOR,
    TMDB_NOTICE,
    cast_lines,
    rating_text,
    safe,
    season_line,
    source_label,
)

Section = Literal["cast", "notes", "sources"]
SECTIONS: tuple[Section, ...] = ("cast", "notes", "sources")
LABELS: dict[Section, str] = {"cast": "Cast", "notes": "Notes", "sources": "Sources"}
MAX_EMBEDS = 10  # per message


def notes_lines(details: ShowDetails, chart_lines: Sequence[str] = ()) -> list[str]:
    """Everything the card leaves out or shortens, each part under a bold heading."""
    show = details.show
    lines: list[str] = []
    aka = [a.alias for a in details.aliases if a.alias not in (show.title, show.title_ko)]
    if aka:
        lines += ["**Also known as**", " · ".join(safe(a) for a in aka), ""]
    if show.summary and first_sentences(show.summary, SUMMARY_ON_CARD)[1]:
        lines += ["**Summary**", safe(show.summary), ""]
    if show.based_on:
        lines += ["**Based on**", safe(show.based_on), ""]
    if len(details.seasons) > SEASONS_ON_CARD or any(len(s.releases) > 1 for s in details.seasons):
        lines += ["**Seasons and releases**"]
        lines += [season_line(s, show.title) for s in details.seasons] + [""]
    listed = provider_seasons(details)
    if not any(s.releases or s.title_ko or s.episodes for s in details.seasons) and (
        len(listed) > SEASONS_ON_CARD
    ):
        lines += ["**Seasons**", *(provider_season_line(s) for s in listed), ""]
    provider = details.provider
    status = next((p for p in provider.sources if p.status), None)
    if status is not None and status.status:
        lines += ["**Status**", f"{safe(status.status)} (as {status.label} says)", ""]
    if provider.genres:
        lines += ["**Genres**", ", ".join(safe(g) for g in provider.genres), ""]
    if provider.networks:
        names = [
            f"{safe(n.name)}{f' ({n.country})' if n.country else ''}" for n in provider.networks
        ]
        lines += ["**Networks and services**", " · ".join(names), ""]
    if details.ratings or provider.ratings:
        lines += ["**Ratings**"]
        lines += [rating_text(r, details.seasons, show.title) for r in details.ratings]
        lines += [
            f"{r.label}: **{r.value:g}/{r.scale:g}**"
            + (f" from {r.votes:,} votes" if r.votes else "")
            + f" (as of {human_day(r.as_of)})"
            for r in provider.ratings
        ] + [""]
    if len(chart_lines) > CHART_LINES_ON_CARD:
        lines += ["**Netflix Top 10 by season**", *chart_lines[CHART_LINES_ON_CARD:], ""]
    if details.facts:
        lines += ["**Notes**"] + [f"• {safe(f.text)}" for f in details.facts] + [""]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def sources_lines(details: ShowDetails) -> list[str]:
    """The catalog's sources, then each provider with the date fetched and its terms."""
    providers = {p.key for p in details.provider.sources}
    lines = []
    for source in details.sources:
        if source.key in providers:
            continue
        label = source_label(source)
        lines.append(f"• [{label}]({source.url})" if source.url else f"• {label}")
    for provider in details.provider.sources:
        name = safe(clip(f"{provider.label}: {provider.name}", 200))
        link = f"[{name}]({provider.url})" if provider.url else name
        lines.append(f"• {link}, fetched {human_day(provider.fetched_at.date())}")
        if provider.provider == "tvmaze":
            lines.append(f"  TVmaze data is licensed under [CC BY-SA 4.0]({CC_BY_SA}).")
        elif provider.provider == "tmdb":
            lines.append(f"  {TMDB_NOTICE}.")
    if details.provider.watch:
        lines.append(f"• Where to watch: data by {WATCH_CREDIT}, via TMDB.")
    return lines


def available(details: ShowDetails, chart_lines: Sequence[str] = ()) -> tuple[Section, ...]:
    """The sections with something in them: a button that opens nothing is not offered."""
    found: list[Section] = []
    if details.credits:
        found.append("cast")
    if notes_lines(details, chart_lines):
        found.append("notes")
    if details.sources or details.provider.sources:
        found.append("sources")
    return tuple(found)


def section_embeds(
    details: ShowDetails, section: Section, chart_lines: Sequence[str] = ()
) -> list[discord.Embed]:
    show = details.show
    title = f"{LABELS[section]}: {safe(show.title)}"
    if section == "cast":
        lines = cast_lines(details)
        empty = "No sourced cast for this show yet."
    elif section == "notes":
        lines = notes_lines(details, chart_lines)
        empty = "No notes for this show yet."
    else:
        lines = sources_lines(details)
        empty = "No sources for this show yet."
    return paged(title, lines or [empty])


def paged(title: str, lines: Sequence[str]) -> list[discord.Embed]:
    """Whole lines into as many embeds as one message allows (10, 6,000 characters)."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        page = pages[-1]
        if page and size + len(line) + 1 > DESCRIPTION:
            pages.append([])
            size = 0
        pages[-1].append(clip(line, DESCRIPTION))
        size += len(line) + 1
    embeds: list[discord.Embed] = []
    budget = TOTAL
    for number, page in enumerate(pages[:MAX_EMBEDS], start=1):
        heading = title if number == 1 else f"{title} ({number})"
        embed = discord.Embed(title=heading, description="\n".join(page), colour=COLOR)
        embed = fit_embed(embed)
        if len(embed) > budget:
            break
        budget -= len(embed)
        embeds.append(embed)
    return embeds
