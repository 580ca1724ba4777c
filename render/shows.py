"""The show card, cast pages, actor card and /about: one truth for Discord and the console."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from core.matching import IndexedShow
from core.text import clip
from db.catalog import CatalogStats, Credit, PersonDetails, Rating, Season, ShowDetails, Source
from render.limits import FIELD_VALUE, clip_lines, fit_embed

COLOR = discord.Colour(0xE0457B)
CAST_ON_CARD = 5
CAST_PER_PAGE = 10
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Every character that discord.py's markdown or mention escaping can act on: text with
# none of them (most titles, names and notes) is returned as it is, without two regex
# substitutions.
_ESCAPABLE = re.compile(r"[_\\~|*`>\[#\-@]")


def safe(text: str) -> str:
    """Member- or file-supplied text shown inside markdown: no formatting, no mentions."""
    if _ESCAPABLE.search(text) is None:
        return text
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def human_date(value: str | None) -> str:
    """`2025-03-26` → `26 Mar 2025`; a bare year or month stays as precise as its source."""
    if not value:
        return "date unknown"
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def season_name(season: Season, show_title: str) -> str:
    if season.title and season.title != show_title:
        return season.title
    return f"Season {season.number}"


def season_line(season: Season, show_title: str) -> str:
    releases = []
    for release in season.releases:
        when = human_date(release.date)
        tag = ", original" if release.is_original and len(season.releases) > 1 else ""
        releases.append(f"{safe(release.platform)} ({when}{tag})")
    line = f"**{safe(season_name(season, show_title))}**"
    if season.title_ko:
        line += f" ({safe(season.title_ko)})"
    if season.episodes:
        line += f", {season.episodes} episodes"
    return f"{line}: {' · '.join(releases)}" if releases else line


def rating_text(rating: Rating, seasons: Sequence[Season], show_title: str) -> str:
    value = f"{rating.value:g}%" if rating.scale == 100 else f"{rating.value:g}/{rating.scale:g}"
    where = next(
        (season_name(s, show_title) for s in seasons if s.number == rating.season_number), None
    )
    return f"{safe(rating.name)}: **{value}**" + (f" ({safe(where)})" if where else "")


def credit_text(credit: Credit, with_description: bool = False) -> str:
    person = safe(credit.person)
    text = f"{person} as **{safe(credit.character)}**" if credit.character else person
    if credit.role in ("host", "cameo"):
        text += f" ({credit.role})"
    if with_description and credit.description:
        text += f": {safe(credit.description)}"
    return text


def unique_cast(credits: Sequence[Credit]) -> list[Credit]:
    """One line per person and character: a returning lead is listed once."""
    seen: set[tuple[int, str | None]] = set()
    out = []
    for credit in credits:
        key = (credit.person_id, credit.character)
        if key not in seen:
            seen.add(key)
            out.append(credit)
    return out


def sources_text(sources: Sequence[Source], limit: int = FIELD_VALUE) -> str:
    lines = []
    for source in sources:
        label = safe(source.title) + (f", {safe(source.publisher)}" if source.publisher else "")
        lines.append(f"[{clip(label, 200)}]({source.url})" if source.url else label)
    return clip_lines("\n".join(lines), limit)


# What a member reads for each stored kind; "unknown" (or anything else) shows nothing.
KIND_LABELS = {
    "drama": "Drama",
    "reality": "Reality show",
    "variety": "Variety show",
    "documentary": "Documentary",
    "animation": "Animation",
    "talk": "Talk show",
    "game": "Game show",
    "news": "News",
    "sports": "Sports",
    "film": "Film",
}
SEASONS_ON_CARD = 4
SUMMARY_ON_CARD = 260
BASED_ON_ON_CARD = 140
CHART_LINES_ON_CARD = 3
CHART_ONLY = "Known from Netflix's Top 10 only: no catalog or provider details yet."


def flag(country: str | None) -> str:
    """`KR` → 🇰🇷 (regional indicator letters); nothing for a missing or odd code."""
    if not country or len(country) != 2 or not country.isascii() or not country.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country.upper())


def short_season(season: Season, show_title: str) -> str:
    """`Weak Hero Class 1` of `Weak Hero` → `Class 1`; other names stay whole."""
    name = season_name(season, show_title)
    rest = name[len(show_title) :].lstrip(" :-–—") if name.startswith(show_title) else ""
    return rest or name


def platforms(seasons: Sequence[Season]) -> list[str]:
    """Where the show was released, original platforms first, each named once."""
    releases = [r for s in seasons for r in s.releases]
    ordered = [r.platform for r in releases if r.is_original]
    ordered += [r.platform for r in releases if not r.is_original]
    return list(dict.fromkeys(ordered))


def first_year(seasons: Sequence[Season]) -> str | None:
    dates = [r.date for s in seasons for r in s.releases if r.date]
    return min(dates)[:4] if dates else None


def episodes_text(seasons: Sequence[Season]) -> str | None:
    """`2 seasons · 17 episodes`; a total only when every season's count is known."""
    parts = []
    if len(seasons) > 1:
        parts.append(f"{len(seasons)} seasons")
    counts = [s.episodes for s in seasons]
    if counts and all(c is not None for c in counts):
        total = sum(c for c in counts if c is not None)
        parts.append(f"{total} episode{'s' if total != 1 else ''}")
    return " · ".join(parts) or None


def rating_value(rating: Rating) -> str:
    return f"{rating.value:g}%" if rating.scale == 100 else f"{rating.value:g}/{rating.scale:g}"


def rating_short(rating: Rating, details: ShowDetails) -> str:
    """`8.5/10 (IMDb, Class 1)`: the value, then who gave it and for which season."""
    where = [rating.name]
    season = next((s for s in details.seasons if s.number == rating.season_number), None)
    if season is not None:
        where.append(short_season(season, details.show.title))
    return f"{rating_value(rating)} ({safe(', '.join(where))})"


def facts_line(details: ShowDetails) -> str:
    """kind · country · seasons/episodes · platforms · year · rating, each only when known."""
    show = details.show
    parts: list[str] = []
    kind = KIND_LABELS.get(show.kind)
    if kind:
        parts.append(kind)
    if show.country:
        parts.append(f"{flag(show.country)} {show.country}".strip())
    for part in (
        episodes_text(details.seasons),
        ", ".join(safe(p) for p in platforms(details.seasons)) or None,
        first_year(details.seasons),
        rating_short(details.ratings[0], details) if details.ratings else None,
    ):
        if part:
            parts.append(part)
    return " · ".join(parts)


def first_sentences(text: str, limit: int) -> tuple[str, bool]:
    """Whole sentences up to `limit` characters (a clipped word only if one sentence is
    longer); the flag says whether anything was left for the Notes."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 3:
        return cut[: end + 1], True
    return clip(text, limit), True


def compact_season(season: Season, show_title: str) -> str:
    line = f"**{safe(season_name(season, show_title))}**"
    if season.title_ko:
        line += f" ({safe(season.title_ko)})"
    parts = [line]
    if season.episodes:
        parts.append(f"{season.episodes} episodes")
    parts += [
        f"{safe(r.platform)} {human_date(r.date) if r.date else ''}".rstrip()
        for r in season.releases
    ]
    return " · ".join(parts)


def credits_footer(details: ShowDetails, charted: bool) -> str:
    """Who the card's data comes from (the providers' terms ask for the credit)."""
    providers = []
    if details.show.origin == "catalog":
        providers.append("Hallyu catalog")
    if charted:
        providers.append("Netflix Top 10")
    text = "Data: " + ", ".join(providers) if providers else "Hallyu"
    return f"{text} · show #{details.show.id}"


def show_card(details: ShowDetails, chart_lines: Sequence[str] = ()) -> discord.Embed:
    """The compact card: facts line, short summary, seasons, chart line, top cast.

    Everything left out (aliases, every note and rating, the full cast, the sources) is
    one button away (render.show_sections), never an "…and N more" leading nowhere.
    """
    show = details.show
    title = show.title + (f" ({show.title_ko})" if show.title_ko else "")
    description: list[str] = []
    line = facts_line(details)
    if line:
        description.append(line)
    if show.summary:
        description.append(safe(first_sentences(show.summary, SUMMARY_ON_CARD)[0]))
    if show.based_on:
        description.append(f"Based on: {safe(clip(show.based_on, BASED_ON_ON_CARD))}")
    if is_chart_only(details):
        description.append(CHART_ONLY)
    embed = discord.Embed(title=title, description="\n".join(description) or None, colour=COLOR)
    if details.seasons and not is_chart_only(details):
        shown = details.seasons[-SEASONS_ON_CARD:]
        name = "Seasons"
        if len(shown) < len(details.seasons):
            name = f"Seasons (latest {len(shown)} of {len(details.seasons)})"
        embed.add_field(
            name=name,
            value="\n".join(compact_season(s, show.title) for s in shown),
            inline=False,
        )
    if chart_lines:
        embed.add_field(
            name="Netflix Top 10",
            value="\n".join(chart_lines[:CHART_LINES_ON_CARD]),
            inline=False,
        )
    cast = unique_cast(details.credits)
    if cast:
        embed.add_field(
            name="Cast",
            value="\n".join(credit_text(c) for c in cast[:CAST_ON_CARD]),
            inline=False,
        )
    embed.set_footer(text=credits_footer(details, bool(chart_lines)))
    return fit_embed(embed)


def is_chart_only(details: ShowDetails) -> bool:
    """Nothing but Netflix's chart rows: no curated or provider fact to show."""
    show = details.show
    return (
        show.origin == "chart"
        and not show.summary
        and not details.credits
        and not details.facts
        and not details.ratings
        and not any(s.releases or s.episodes for s in details.seasons)
    )


def cast_pages(details: ShowDetails, season: int | None = None) -> list[discord.Embed]:
    """The full cast grouped by season, split into pages of CAST_PER_PAGE lines."""
    show = details.show
    credits = [c for c in details.credits if season is None or c.season_number in (season, None)]
    lines: list[str] = []
    names = {s.number: season_name(s, show.title) for s in details.seasons}
    current: object = object()
    for credit in sorted(credits, key=lambda c: c.season_number or 0):
        if credit.season_number != current:
            current = credit.season_number
            heading = names.get(credit.season_number or 0, "Whole series")
            lines.append(f"__{safe(heading)}__")
        lines.append(credit_text(credit, with_description=True))
    title = f"Cast of {show.title}" + (f": {names.get(season, '')}" if season else "")
    if not lines:
        return [
            fit_embed(
                discord.Embed(
                    title=title,
                    description="The catalog has no sourced cast for this yet.",
                    colour=COLOR,
                )
            )
        ]
    chunks = [lines[i : i + CAST_PER_PAGE] for i in range(0, len(lines), CAST_PER_PAGE)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=title, description="\n".join(chunk), colour=COLOR)
        embed.set_footer(text=f"Page {number}/{len(chunks)} · show #{show.id}")
        pages.append(fit_embed(embed))
    return pages


def actor_card(details: PersonDetails) -> discord.Embed:
    person = details.person
    title = person.name + (f" ({person.name_ko})" if person.name_ko else "")
    embed = discord.Embed(title=title, description=safe(person.bio) if person.bio else None)
    embed.colour = COLOR
    by_show: dict[str, list[str]] = {}
    for role in details.roles:
        label = role.character or role.role
        where = f" ({role.season_title})" if role.season_title else ""
        by_show.setdefault(role.show_title, []).append(f"**{safe(label)}**{safe(where)}")
    for show_title, roles in by_show.items():
        embed.add_field(name=show_title, value="\n".join(dict.fromkeys(roles)), inline=False)
    if not details.roles:
        embed.add_field(name="Roles", value="No sourced roles in the catalog yet.", inline=False)
    if details.sources:
        embed.add_field(name="Sources", value=sources_text(details.sources), inline=False)
    embed.set_footer(text=f"Hallyu catalog · person #{person.id}")
    return fit_embed(embed)


def no_match(query: str, suggestions: Sequence[IndexedShow], what: str = "show") -> str:
    shown = clip(query.strip(), 80)
    text = f"No {what} matches “{safe(shown)}”." if shown else f"Type a {what} to look up."
    if suggestions:
        text += " Did you mean: " + ", ".join(f"**{safe(s.label)}**" for s in suggestions[:3]) + "?"
    return text


@dataclass(frozen=True)
class AboutInfo:
    version: str
    stats: CatalogStats
    started_at: dt.datetime
    now: dt.datetime
    catalog_updated: str | None
    chart_latest_week: str | None = None


def _duration(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    return " ".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n) or "<1m"


def about_card(info: AboutInfo) -> discord.Embed:
    embed = discord.Embed(
        title="Hallyu",
        description="K-drama cards, cast, Netflix Top 10 charts and trivia for your server.",
        colour=COLOR,
    )
    embed.add_field(name="Version", value=info.version)
    embed.add_field(
        name="Uptime",
        value=f"{_duration(int((info.now - info.started_at).total_seconds()))} "
        f"(since <t:{int(info.started_at.timestamp())}:f>)",
    )
    s = info.stats
    embed.add_field(
        name="Catalog",
        value=f"{s.shows} shows · {s.seasons} seasons · {s.people} people · "
        f"{s.credits} credits · {s.sources} sources",
        inline=False,
    )
    freshness = [f"Catalog loaded: {info.catalog_updated or 'never'}"]
    if info.chart_latest_week:
        freshness.append(f"Newest Netflix Top 10 week: {info.chart_latest_week}")
    embed.add_field(name="Data freshness", value="\n".join(freshness), inline=False)
    return fit_embed(embed)
