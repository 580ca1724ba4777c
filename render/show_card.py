"""The `/show` card: short enough to read at a glance, every fact with its source one tap away.

On the card: title (English and Hangul), one facts line, a short summary, the seasons, the
Netflix chart line, the top of the cast, the poster, where to watch in the member's region
and a footer crediting whose data it is. Everything left out (aliases, every note and
rating, the full cast, the sources) is behind the card's buttons (render.show_sections),
never an "…and N more" that leads nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from core.text import clip, plural
from db.catalog import Rating, Season, ShowDetails
from db.charts import CountryRun
from db.provider_details import ProviderSeason, WatchOption
from render.limits import fit_embed
from render.shows import COLOR, credit_text, human_date, safe, season_name, unique_cast

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
OFFER_LABELS = {
    "flatrate": "stream",
    "free": "free",
    "ads": "free with ads",
    "rent": "rent",
    "buy": "buy",
}
CAST_ON_CARD = 5
GENRES_ON_CARD = 3
NETWORKS_ON_CARD = 3
SERVICES_ON_CARD = 6
SEASONS_ON_CARD = 4
SUMMARY_ON_CARD = 260
BASED_ON_ON_CARD = 140
CHART_LINES_ON_CARD = 3
CHART_ONLY = "Known from Netflix's Top 10 only: no catalog or provider details yet."
# A chart-made show with no global chart line charted only in countries' lists.
CHART_ONLY_COUNTRIES = (
    "Known only from some countries' Netflix Top 10 lists: no catalog or provider details "
    "yet. `/chart history show:{title}` names the countries."
)
COUNTRIES_ON_CARD = 3
WATCH_CREDIT = "JustWatch"


def flag(country: str | None) -> str:
    """`KR` → 🇰🇷 (regional indicator letters); nothing for a missing or odd code."""
    if not country or len(country) != 2 or not country.isascii() or not country.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country.upper())


def human_day(day: dt.date) -> str:
    return human_date(day.isoformat())


def short_season(season: Season, show_title: str) -> str:
    """`Weak Hero Class 1` of `Weak Hero` → `Class 1`; other names stay whole."""
    name = season_name(season, show_title)
    rest = name[len(show_title) :].lstrip(" :-–—") if name.startswith(show_title) else ""
    return rest or name


def platforms(details: ShowDetails) -> list[str]:
    """Where it was released (curated, original platforms first), else the providers'
    networks and streaming services; each named once."""
    releases = [r for s in details.seasons for r in s.releases]
    ordered = [r.platform for r in releases if r.is_original]
    ordered += [r.platform for r in releases if not r.is_original]
    if not ordered:
        ordered = [n.name for n in details.provider.networks]
    return list(dict.fromkeys(ordered))[:NETWORKS_ON_CARD]


def season_count(details: ShowDetails) -> int:
    """Every season any source knows: the catalog's (or Netflix's chart titles') and the
    providers' (Netflix may chart a season a provider has not listed yet, or the reverse)."""
    return len({s.number for s in details.seasons} | {s.number for s in provider_seasons(details)})


def episodes_text(details: ShowDetails) -> str | None:
    """`2 seasons · 17 episodes`: a total only when a source gives every season's count."""
    parts = []
    seasons = season_count(details)
    if seasons > 1:
        parts.append(plural(seasons, "season"))
    total = details.episode_count
    if total:
        parts.append(plural(total, "episode"))
    return " · ".join(parts) or None


def rating_value(rating: Rating) -> str:
    return f"{rating.value:g}%" if rating.scale == 100 else f"{rating.value:g}/{rating.scale:g}"


def rating_short(details: ShowDetails) -> str | None:
    """`8.5/10 (IMDb, Class 1)`; a provider's rating only when no curated one exists."""
    if details.ratings:
        rating = details.ratings[0]
        where = [rating.name]
        season = next((s for s in details.seasons if s.number == rating.season_number), None)
        if season is not None:
            where.append(short_season(season, details.show.title))
        return f"{rating_value(rating)} ({safe(', '.join(where))})"
    provided = details.provider.ratings
    if provided:
        first = provided[0]
        votes = f", {first.votes:,} votes" if first.votes else ""
        return f"{first.value:g}/{first.scale:g} ({first.label}{votes})"
    return None


def facts_line(details: ShowDetails) -> str:
    """kind · country · genres · seasons/episodes · platforms · year · rating, each only
    when a source gives it."""
    show = details.show
    year = details.premiered_year
    kind = KIND_LABELS.get(show.kind)
    # "Drama · Drama, Thriller" or "Reality show · Reality" says it twice: a genre that
    # names the kind is left out.
    said = {(kind or "").casefold(), show.kind.casefold()}
    genres = [g for g in details.provider.genres if g.casefold() not in said]
    genres = genres[:GENRES_ON_CARD]
    parts = [
        kind,
        f"{flag(show.country)} {show.country}".strip() if show.country else None,
        ", ".join(safe(g) for g in genres) or None,
        episodes_text(details),
        ", ".join(safe(p) for p in platforms(details)) or None,
        str(year) if year else None,
        rating_short(details),
    ]
    return " · ".join(part for part in parts if part)


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
        parts.append(plural(season.episodes, "episode"))
    parts += [
        f"{safe(r.platform)} {human_date(r.date) if r.date else ''}".rstrip()
        for r in season.releases
    ]
    return " · ".join(parts)


def provider_seasons(details: ShowDetails) -> tuple[ProviderSeason, ...]:
    """The providers' regular seasons (specials, season 0, left out)."""
    return tuple(s for s in details.provider.seasons if s.number > 0)


def provider_season_line(season: ProviderSeason) -> str:
    """`**Season 1** (Part 1) · 16 episodes · 30 Dec 2022 – 10 Mar 2023`"""
    line = f"**Season {season.number}**"
    if season.name and season.name != f"Season {season.number}":
        line += f" ({safe(season.name)})"
    parts = [line]
    if season.episode_count:
        parts.append(plural(season.episode_count, "episode"))
    if season.premiere:
        dates = human_date(season.premiere)
        if season.end and season.end != season.premiere:
            dates += f" – {human_date(season.end)}"
        parts.append(dates)
    return " · ".join(parts)


PROVIDER_LABELS = {"tvmaze": "TVmaze", "tmdb": "TMDB"}
CATALOG_SOURCE = "Hallyu catalog"
CHART_SOURCE = "Netflix Top 10"


def season_lines(details: ShowDetails) -> list[tuple[str, str]]:
    """(line, source) for every season any source knows, by number: the catalog's when it
    says anything about the season, else a provider's, else Netflix's chart title."""
    title = details.show.title
    ours = {s.number: s for s in details.seasons}
    theirs: dict[int, ProviderSeason] = {}
    for offered in provider_seasons(details):
        theirs.setdefault(offered.number, offered)
    lines: list[tuple[str, str]] = []
    for number in sorted(ours.keys() | theirs.keys()):
        season = ours.get(number)
        provided = theirs.get(number)
        if season is not None and (season.releases or season.title_ko or season.episodes):
            lines.append((compact_season(season, title), CATALOG_SOURCE))
        elif provided is not None:
            label = PROVIDER_LABELS.get(provided.provider, provided.provider)
            lines.append((provider_season_line(provided), label))
        elif season is not None:
            # Netflix's season titles repeat the show's: "Physical: 100: Season 2".
            name = season_name(season, title).removeprefix(f"{title}: ")
            lines.append((f"**{safe(name)}**", CHART_SOURCE))
    return lines


def seasons_field(details: ShowDetails) -> tuple[str, str] | None:
    """Every season the facts line counts. Seasons known only from Netflix's chart titles
    are listed only next to others a source says more about (alone they say nothing the
    chart line does not); when the sources are mixed each line names its own."""
    lines = season_lines(details)
    if all(source == CHART_SOURCE for _, source in lines):
        return None
    mixed = len({source for _, source in lines}) > 1
    texts = [f"{line} · {source}" if mixed else line for line, source in lines]
    shown = texts[-SEASONS_ON_CARD:]
    name = (
        "Seasons" if len(shown) == len(texts) else f"Seasons (latest {len(shown)} of {len(texts)})"
    )
    return name, "\n".join(shown)


def watch_text(offers: Sequence[WatchOption]) -> str:
    """`Netflix (stream) · Apple TV (rent, buy)` and JustWatch's credit (TMDB's terms)."""
    by_service: dict[str, list[str]] = {}
    for offer in offers:
        kinds = by_service.setdefault(offer.service, [])
        label = OFFER_LABELS.get(offer.offer, offer.offer)
        if label not in kinds:
            kinds.append(label)
    services = [
        f"{safe(service)} ({', '.join(kinds)})"
        for service, kinds in list(by_service.items())[:SERVICES_ON_CARD]
    ]
    link = next((o.link for o in offers if o.link and o.link.startswith("https://")), None)
    credit = f"data: [{WATCH_CREDIT}]({link})" if link else f"data: {WATCH_CREDIT}"
    return " · ".join(services) + f" ({credit})"


def watch_field(details: ShowDetails, region: str | None) -> tuple[str, str] | None:
    """(name, value) of the where-to-watch field, or None when no source lists any."""
    regions = details.provider.regions
    if not regions:
        return None
    if region is None:
        listed = ", ".join(regions[:8])
        return "Where to watch", f"Listed for {listed} (`region:` option)"
    offers = details.provider.watch_in(region)
    name = f"Where to watch in {flag(region)} {region}".replace("  ", " ")
    if not offers:
        listed = ", ".join(regions[:8])
        return name, f"Nothing listed for {region}; listed for {listed} (`region:` option)."
    return name, watch_text(offers)


def credits_footer(details: ShowDetails, charted: bool, watch_shown: bool) -> str:
    """Whose data the card shows: TVmaze's licence and TMDB's terms ask for the credit."""
    providers = []
    if details.show.origin == "catalog":
        providers.append("Hallyu catalog")
    if charted:
        providers.append("Netflix Top 10")
    linked = {source.provider for source in details.provider.sources}
    if "tvmaze" in linked:
        providers.append("TVmaze (CC BY-SA 4.0)")
    if "tmdb" in linked:
        providers.append("TMDB")
    if watch_shown:
        providers.append(WATCH_CREDIT)
    text = "Data: " + ", ".join(providers) if providers else "Hallyu"
    return f"{text} · show #{details.show.id}"


def chart_text(chart_lines: Sequence[str]) -> str:
    """Best rank and weeks on one line, the totals on the next (render.charts words them)."""
    shown = list(chart_lines[:CHART_LINES_ON_CARD])
    if len(shown) >= 2:
        shown[:2] = [f"{shown[0]} · {shown[1]}"]
    return "\n".join(shown)


def countries_text(title: str, runs: Sequence[CountryRun]) -> str:
    """Where a show absent from the global lists charted, and the command that shows it."""
    named = [
        f"{safe(run.name)} ({run.iso2}) {plural(run.weeks, 'week')}, best No. {run.best_rank}"
        for run in runs[:COUNTRIES_ON_CARD]
    ]
    if len(runs) > COUNTRIES_ON_CARD:
        named.append(f"{len(runs) - COUNTRIES_ON_CARD} more")
    count = plural(len(runs), "country's list", "countries' lists")
    # In a code span markdown escapes would show: only a backtick could break it.
    shown = title.replace("`", "'")
    command = f"/chart history show:{shown} country:{runs[0].iso2}"
    return f"Not in the global lists; in {count}: {'; '.join(named)}.\nSee `{command}`."


def is_chart_only(details: ShowDetails) -> bool:
    """Nothing but Netflix's chart rows: no curated or provider fact to show."""
    show = details.show
    return (
        show.origin == "chart"
        and not show.summary
        and not details.credits
        and not details.facts
        and not details.ratings
        and not details.provider.sources
        and not any(s.releases or s.episodes for s in details.seasons)
    )


def show_card(
    details: ShowDetails,
    chart_lines: Sequence[str] = (),
    region: str | None = None,
    countries: Sequence[CountryRun] | None = None,
) -> discord.Embed:
    """The compact card; `region` (ISO 3166-1 alpha-2) picks the where-to-watch offers.
    `countries`: the country lists a show without global chart lines was in (None: not
    looked up, and a chart-made show then points to `/chart history` to find them)."""
    show = details.show
    title = safe(show.title) + (f" ({safe(show.title_ko)})" if show.title_ko else "")
    chart_only = is_chart_only(details)
    description: list[str] = []
    line = facts_line(details)
    if line:
        description.append(line)
    if show.summary:
        description.append(safe(first_sentences(show.summary, SUMMARY_ON_CARD)[0]))
    if show.based_on:
        description.append(f"Based on: {safe(clip(show.based_on, BASED_ON_ON_CARD))}")
    if chart_only and (chart_lines or countries):
        description.append(CHART_ONLY)
    elif chart_only:
        # In a code span markdown escapes would show: only a backtick could break it.
        description.append(CHART_ONLY_COUNTRIES.format(title=show.title.replace("`", "'")))
    embed = discord.Embed(title=title, description="\n".join(description) or None, colour=COLOR)
    poster = details.provider.poster_url
    if poster and poster.startswith("https://"):
        embed.set_thumbnail(url=poster)
    seasons = seasons_field(details)
    if seasons is not None:
        embed.add_field(name=seasons[0], value=seasons[1], inline=False)
    if chart_lines:
        embed.add_field(name="Netflix Top 10", value=chart_text(chart_lines), inline=False)
    elif countries:
        embed.add_field(
            name="Netflix Top 10", value=countries_text(show.title, countries), inline=False
        )
    cast = unique_cast(details.credits)
    if cast:
        embed.add_field(
            name="Cast",
            value="\n".join(credit_text(c) for c in cast[:CAST_ON_CARD]),
            inline=False,
        )
    watch = watch_field(details, region)
    watch_shown = region is not None and bool(details.provider.watch_in(region))
    if watch is not None:
        embed.add_field(name=watch[0], value=watch[1], inline=False)
    # A chart-made show is Netflix's data
    charted = bool(chart_lines) or bool(countries) or chart_only
    embed.set_footer(text=credits_footer(details, charted, watch_shown))
    return fit_embed(embed)
