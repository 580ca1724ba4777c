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
from db.catalog import Rating, Season, ShowDetails
from db.provider_details import ProviderRating
from render.i18n import ENGLISH, Lang
from render.limits import DESCRIPTION, TOTAL, fit_embed
from render.show_card import (
    CHART_LINES_ON_CARD,
    SUMMARY_ON_CARD,
    WATCH_CREDIT,
    first_sentences,
)
from render.show_seasons import (
    SEASONS_ON_CARD,
    episodes_count,
    provider_season_line,
    provider_seasons,
)
from render.show_words import genre_label, score, status_label, when
from render.shows import (
    CC_BY_SA,
    COLOR,
    TMDB_NOTICE,
    cast_lines,
    safe,
    season_name,
    source_label,
)

Section = Literal["cast", "notes", "sources"]
SECTIONS: tuple[Section, ...] = ("cast", "notes", "sources")
MAX_EMBEDS = 10  # per message


def section_label(lang: Lang, section: Section) -> str:
    """The card's button that opens the section."""
    labels: dict[Section, str] = {
        "cast": lang.pgettext("show card button", "Cast"),
        "notes": lang.pgettext("show card button", "Notes"),
        "sources": lang.pgettext("show card button", "Sources"),
    }
    return labels[section]


def season_line(season: Season, show_title: str, lang: Lang = ENGLISH) -> str:
    """`**Class 1** (약한영웅 Class 1) · 8 episodes: Wavve (18 Nov 2022, original) · …`"""
    releases = []
    for release in season.releases:
        date = when(lang, release.date)
        platform = safe(release.platform)
        if release.is_original and len(season.releases) > 1:
            releases.append(
                lang.gettext("{platform} ({date}, original)", platform=platform, date=date)
            )
        else:
            releases.append(lang.gettext("{platform} ({date})", platform=platform, date=date))
    line = f"**{safe(season_name(season, show_title, lang))}**"
    if season.title_ko:
        line += f" ({safe(season.title_ko)})"
    if season.episodes:
        line += f" · {episodes_count(lang, season.episodes)}"
    if not releases:
        return line
    return lang.gettext("{season}: {releases}", season=line, releases=" · ".join(releases))


def rating_text(rating: Rating, seasons: Sequence[Season], show_title: str, lang: Lang) -> str:
    """`Rotten Tomatoes audience score: **95%** (Weak Hero Class 1)`"""
    value = score(lang, rating.value, rating.scale)
    where = next(
        (season_name(s, show_title, lang) for s in seasons if s.number == rating.season_number),
        None,
    )
    if where is None:
        return lang.gettext("{source}: **{score}**", source=safe(rating.name), score=value)
    return lang.gettext(
        "{source}: **{score}** ({season})",
        source=safe(rating.name),
        score=value,
        season=safe(where),
    )


def notes_lines(
    details: ShowDetails, chart_lines: Sequence[str] = (), lang: Lang = ENGLISH
) -> list[str]:
    """Everything the card leaves out or shortens, each part under a bold heading. The
    catalog's notes, summaries and rating names are its sources' English; their headings
    are in `lang`."""
    show = details.show
    lines: list[str] = []

    def part(heading: str, *body: str) -> None:
        lines.extend([f"**{heading}**", *body, ""])

    aka = [a.alias for a in details.aliases if a.alias not in (show.title, show.title_ko)]
    if aka:
        part(lang.gettext("Also known as"), " · ".join(safe(a) for a in aka))
    if show.summary and first_sentences(show.summary, SUMMARY_ON_CARD)[1]:
        part(lang.gettext("Summary"), safe(show.summary))
    if show.based_on:
        part(lang.gettext("Based on"), safe(show.based_on))
    if len(details.seasons) > SEASONS_ON_CARD or any(len(s.releases) > 1 for s in details.seasons):
        part(
            lang.gettext("Seasons and releases"),
            *(season_line(s, show.title, lang) for s in details.seasons),
        )
    listed = provider_seasons(details)
    if not any(s.releases or s.title_ko or s.episodes for s in details.seasons) and (
        len(listed) > SEASONS_ON_CARD
    ):
        part(lang.gettext("Seasons"), *(provider_season_line(s, lang) for s in listed))
    provider = details.provider
    status = next((p for p in provider.sources if p.status), None)
    if status is not None and status.status:
        said = lang.gettext(
            "{status} (as {provider} says)",
            status=safe(status_label(lang, status.status)),
            provider=status.label,
        )
        part(lang.gettext("Status"), said)
    if provider.genres:
        part(
            lang.gettext("Genres"),
            lang.items([safe(genre_label(lang, g)) for g in provider.genres]),
        )
    if provider.networks:
        names = [
            f"{safe(n.name)}{f' ({n.country})' if n.country else ''}" for n in provider.networks
        ]
        part(lang.gettext("Networks and services"), " · ".join(names))
    if details.ratings or provider.ratings:
        part(
            lang.gettext("Ratings"),
            *(rating_text(r, details.seasons, show.title, lang) for r in details.ratings),
            *(provider_rating(lang, r) for r in provider.ratings),
        )
    if len(chart_lines) > CHART_LINES_ON_CARD:
        part(lang.gettext("Netflix Top 10 by season"), *chart_lines[CHART_LINES_ON_CARD:])
    if details.facts:
        part(lang.gettext("Notes"), *(f"• {safe(f.text)}" for f in details.facts))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def provider_rating(lang: Lang, rating: ProviderRating) -> str:
    """`TMDB: **8.4/10** from 1,834 votes (as of 1 Nov 2026)`"""
    value = score(lang, rating.value, rating.scale)
    day = lang.date(rating.as_of)
    if not rating.votes:
        return lang.gettext(
            "{source}: **{score}** (as of {date})", source=rating.label, score=value, date=day
        )
    return lang.ngettext(
        "{source}: **{score}** from {votes} vote (as of {date})",
        "{source}: **{score}** from {votes} votes (as of {date})",
        rating.votes,
        source=rating.label,
        score=value,
        votes=lang.number(rating.votes),
        date=day,
    )


def sources_lines(details: ShowDetails, lang: Lang = ENGLISH) -> list[str]:
    """The catalog's sources, then each provider with the date fetched and its terms
    (TMDB's notice is quoted in English, as TMDB words it)."""
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
        fetched = lang.date(provider.fetched_at.date())
        lines.append("• " + lang.gettext("{source}, fetched {date}", source=link, date=fetched))
        if provider.provider == "tvmaze":
            licence = lang.gettext(
                "TVmaze data is licensed under [CC BY-SA 4.0]({licence}).", licence=CC_BY_SA
            )
            lines.append(f"  {licence}")
        elif provider.provider == "tmdb":
            lines.append(f"  {TMDB_NOTICE}.")
    if details.provider.watch:
        credit = lang.gettext("Where to watch: data by {credit}, via TMDB.", credit=WATCH_CREDIT)
        lines.append(f"• {credit}")
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
    details: ShowDetails, section: Section, chart_lines: Sequence[str] = (), lang: Lang = ENGLISH
) -> list[discord.Embed]:
    title = safe(details.show.title)
    if section == "cast":
        heading = lang.gettext("Cast: {title}", title=title)
        lines = cast_lines(details, lang=lang)
        empty = lang.gettext("No sourced cast for this show yet.")
    elif section == "notes":
        heading = lang.gettext("Notes: {title}", title=title)
        lines = notes_lines(details, chart_lines, lang)
        empty = lang.gettext("No notes for this show yet.")
    else:
        heading = lang.gettext("Sources: {title}", title=title)
        lines = sources_lines(details, lang)
        empty = lang.gettext("No sources for this show yet.")
    return paged(heading, lines or [empty])


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
