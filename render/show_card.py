"""The `/show` card: short enough to read at a glance, every fact with its source one tap away.

On the card: title (English and Hangul), one facts line, a short summary, the seasons, the
Netflix chart line, the top of the cast, the poster, where to watch in the member's region
and a footer crediting whose data it is. Everything left out (aliases, every note and
rating, the full cast, the sources) is behind the card's buttons (render.show_sections),
never an "…and N more" that leads nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from core.text import clip
from db.catalog import Rating, ShowDetails
from db.charts import CountryRun
from db.provider_details import WatchOption
from render.i18n import ENGLISH, Lang
from render.limits import fit_embed
from render.show_seasons import episodes_text, seasons_field, short_season
from render.show_words import (
    command,
    genre_label,
    kind_label,
    offer_label,
    option,
    score,
)
from render.shows import COLOR, card_title, credit_text, safe, unique_cast

CAST_ON_CARD = 5
GENRES_ON_CARD = 3
NETWORKS_ON_CARD = 3
SERVICES_ON_CARD = 6
SUMMARY_ON_CARD = 260
BASED_ON_ON_CARD = 140
CHART_LINES_ON_CARD = 3
COUNTRIES_ON_CARD = 3
WATCH_CREDIT = "JustWatch"


def flag(country: str | None) -> str:
    """`KR` → 🇰🇷 (regional indicator letters); nothing for a missing or odd code."""
    if not country or len(country) != 2 or not country.isascii() or not country.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country.upper())


def chart_only_text(lang: Lang) -> str:
    return lang.gettext("Known from Netflix's Top 10 only: no catalog or provider details yet.")


def chart_only_countries_text(lang: Lang, title: str) -> str:
    """A chart-made show with no global chart line charted only in countries' lists."""
    # In a code span markdown escapes would show: only a backtick could break it.
    usage = command(lang, "chart history", show=title.replace("`", "'"))
    return lang.gettext(
        "Known only from some countries' Netflix Top 10 lists: no catalog or provider "
        "details yet. `{command}` names the countries.",
        command=usage,
    )


def platforms(details: ShowDetails) -> list[str]:
    """Where it was released (curated, original platforms first), else the providers'
    networks and streaming services; each named once."""
    releases = [r for s in details.seasons for r in s.releases]
    ordered = [r.platform for r in releases if r.is_original]
    ordered += [r.platform for r in releases if not r.is_original]
    if not ordered:
        ordered = [n.name for n in details.provider.networks]
    return list(dict.fromkeys(ordered))[:NETWORKS_ON_CARD]


def rating_value(rating: Rating, lang: Lang = ENGLISH) -> str:
    return score(lang, rating.value, rating.scale)


def rating_short(details: ShowDetails, lang: Lang = ENGLISH) -> str | None:
    """`8.5/10 (IMDb, Class 1)`; a provider's rating only when no curated one exists."""
    if details.ratings:
        rating = details.ratings[0]
        value = rating_value(rating, lang)
        season = next((s for s in details.seasons if s.number == rating.season_number), None)
        if season is None:
            return lang.gettext("{score} ({source})", score=value, source=safe(rating.name))
        return lang.gettext(
            "{score} ({source}, {season})",
            score=value,
            source=safe(rating.name),
            season=safe(short_season(season, details.show.title, lang)),
        )
    provided = details.provider.ratings
    if provided:
        first = provided[0]
        value = score(lang, first.value, first.scale)
        if not first.votes:
            return lang.gettext("{score} ({source})", score=value, source=first.label)
        return lang.ngettext(
            "{score} ({source}, {votes} vote)",
            "{score} ({source}, {votes} votes)",
            first.votes,
            score=value,
            source=first.label,
            votes=lang.number(first.votes),
        )
    return None


def facts_line(details: ShowDetails, lang: Lang = ENGLISH) -> str:
    """kind · country · genres · seasons/episodes · platforms · year · rating, each only
    when a source gives it."""
    show = details.show
    year = details.premiered_year
    kind = kind_label(lang, show.kind)
    # "Drama · Drama, Thriller" or "Reality show · Reality" says it twice: a genre that
    # names the kind is left out (compared in English, as the providers name genres).
    said = {(kind_label(ENGLISH, show.kind) or "").casefold(), show.kind.casefold()}
    genres = [g for g in details.provider.genres if g.casefold() not in said]
    genres = genres[:GENRES_ON_CARD]
    parts = [
        kind,
        f"{flag(show.country)} {show.country}".strip() if show.country else None,
        lang.items([safe(genre_label(lang, g)) for g in genres]) or None,
        episodes_text(details, lang),
        lang.items([safe(p) for p in platforms(details)]) or None,
        str(year) if year else None,
        rating_short(details, lang),
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


def watch_text(offers: Sequence[WatchOption], lang: Lang = ENGLISH) -> str:
    """`Netflix (stream) · Apple TV (rent, buy)` and JustWatch's credit (TMDB's terms)."""
    by_service: dict[str, list[str]] = {}
    for offer in offers:
        kinds = by_service.setdefault(offer.service, [])
        label = offer_label(lang, offer.offer)
        if label not in kinds:
            kinds.append(label)
    services = [
        lang.gettext("{service} ({offers})", service=safe(service), offers=lang.items(kinds))
        for service, kinds in list(by_service.items())[:SERVICES_ON_CARD]
    ]
    link = next((o.link for o in offers if o.link and o.link.startswith("https://")), None)
    credit = f"[{WATCH_CREDIT}]({link})" if link else WATCH_CREDIT
    return lang.gettext("{services} (data: {credit})", services=" · ".join(services), credit=credit)


def watch_field(
    details: ShowDetails, region: str | None, lang: Lang = ENGLISH
) -> tuple[str, str] | None:
    """(name, value) of the where-to-watch field, or None when no source lists any."""
    regions = details.provider.regions
    if not regions:
        return None
    listed = ", ".join(regions[:8])
    choose = option(lang, "show", "region")
    if region is None:
        return lang.gettext("Where to watch"), lang.gettext(
            "Listed for {regions} (`{option}:` option)", regions=listed, option=choose
        )
    offers = details.provider.watch_in(region)
    where = f"{flag(region)} {region}".strip()
    name = lang.gettext("Where to watch in {region}", region=where)
    if not offers:
        return name, lang.gettext(
            "Nothing listed for {region}; listed for {regions} (`{option}:` option).",
            region=region,
            regions=listed,
            option=choose,
        )
    return name, watch_text(offers, lang)


def credits_footer(
    details: ShowDetails, charted: bool, watch_shown: bool, lang: Lang = ENGLISH
) -> str:
    """Whose data the card shows: TVmaze's licence and TMDB's terms ask for the credit."""
    providers = []
    if details.show.origin == "catalog":
        providers.append(lang.gettext("Hallyu catalog"))
    if charted:
        providers.append(lang.gettext("Netflix Top 10"))
    linked = {source.provider for source in details.provider.sources}
    if "tvmaze" in linked:
        providers.append("TVmaze (CC BY-SA 4.0)")
    if "tmdb" in linked:
        providers.append("TMDB")
    if watch_shown:
        providers.append(WATCH_CREDIT)
    if not providers:
        return lang.gettext("Hallyu · show #{id}", id=details.show.id)
    return lang.gettext(
        "Data: {sources} · show #{id}", sources=lang.items(providers), id=details.show.id
    )


def chart_text(chart_lines: Sequence[str]) -> str:
    """Best rank and weeks on one line, the totals on the next (render.charts words them)."""
    shown = list(chart_lines[:CHART_LINES_ON_CARD])
    if len(shown) >= 2:
        shown[:2] = [f"{shown[0]} · {shown[1]}"]
    return "\n".join(shown)


def countries_text(title: str, runs: Sequence[CountryRun], lang: Lang = ENGLISH) -> str:
    """Where a show absent from the global lists charted, and the command that shows it."""
    named = [
        lang.ngettext(
            "{country} ({code}) {count} week, best No. {rank}",
            "{country} ({code}) {count} weeks, best No. {rank}",
            run.weeks,
            country=safe(lang.country(run.iso2, run.name)),
            code=run.iso2,
            count=lang.number(run.weeks),
            rank=lang.number(run.best_rank),
        )
        for run in runs[:COUNTRIES_ON_CARD]
    ]
    if len(runs) > COUNTRIES_ON_CARD:
        more = len(runs) - COUNTRIES_ON_CARD
        named.append(lang.ngettext("{count} more", "{count} more", more, count=lang.number(more)))
    where = lang.ngettext(
        "Not in the global lists; in {count} country's list: {countries}.",
        "Not in the global lists; in {count} countries' lists: {countries}.",
        len(runs),
        count=lang.number(len(runs)),
        countries="; ".join(named),
    )
    # In a code span markdown escapes would show: only a backtick could break it.
    usage = command(lang, "chart history", show=title.replace("`", "'"), country=runs[0].iso2)
    return where + "\n" + lang.gettext("See `{command}`.", command=usage)


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
    lang: Lang = ENGLISH,
    local_title: str | None = None,
) -> discord.Embed:
    """The compact card in `lang`; `region` (ISO 3166-1 alpha-2) picks the where-to-watch
    offers. `countries`: the country lists a show without global chart lines was in (None:
    not looked up, and a chart-made show then points to `/chart history` to find them).
    Summaries and notes are the sources' English text; the words around them are `lang`'s.
    `local_title`: the show's title in `lang` where a provider gave one (db.local_titles)."""
    show = details.show
    title = card_title(lang, show.title, show.title_ko, local_title)
    chart_only = is_chart_only(details)
    description: list[str] = []
    line = facts_line(details, lang)
    if line:
        description.append(line)
    if show.summary:
        description.append(safe(first_sentences(show.summary, SUMMARY_ON_CARD)[0]))
    if show.based_on:
        description.append(
            lang.gettext("Based on: {source}", source=safe(clip(show.based_on, BASED_ON_ON_CARD)))
        )
    if chart_only and (chart_lines or countries):
        description.append(chart_only_text(lang))
    elif chart_only:
        description.append(chart_only_countries_text(lang, show.title))
    embed = discord.Embed(title=title, description="\n".join(description) or None, colour=COLOR)
    poster = details.provider.poster_url
    if poster and poster.startswith("https://"):
        embed.set_thumbnail(url=poster)
    seasons = seasons_field(details, lang)
    if seasons is not None:
        embed.add_field(name=seasons[0], value=seasons[1], inline=False)
    chart_name = lang.gettext("Netflix Top 10")
    if chart_lines:
        embed.add_field(name=chart_name, value=chart_text(chart_lines), inline=False)
    elif countries:
        embed.add_field(
            name=chart_name, value=countries_text(show.title, countries, lang), inline=False
        )
    cast = unique_cast(details.credits)
    if cast:
        embed.add_field(
            name=lang.pgettext("show card", "Cast"),
            value="\n".join(credit_text(c, lang=lang) for c in cast[:CAST_ON_CARD]),
            inline=False,
        )
    watch = watch_field(details, region, lang)
    watch_shown = region is not None and bool(details.provider.watch_in(region))
    if watch is not None:
        embed.add_field(name=watch[0], value=watch[1], inline=False)
    # A chart-made show is Netflix's data
    charted = bool(chart_lines) or bool(countries) or chart_only
    embed.set_footer(text=credits_footer(details, charted, watch_shown, lang))
    return fit_embed(embed)
