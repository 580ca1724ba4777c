"""Shared show text (escaping, dates, seasons, credits), cast pages, the actor card and
/about: one truth for Discord and the console. The show card is in render.show_card."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import discord

from core.text import clip, normalize
from db.catalog import CatalogStats, Credit, PersonDetails, Season, ShowDetails, Source
from db.local_titles import NONE, LocalTitles
from render.i18n import ENGLISH, Lang
from render.limits import FIELD_VALUE, clip_lines, fit_embed

COLOR = discord.Colour(0xE0457B)
CAST_PER_PAGE = 10


# Every character that discord.py's markdown or mention escaping can act on: text with
# none of them (most titles, names and notes) is returned as it is, without two regex
# substitutions.
_ESCAPABLE = re.compile(r"[_\\~|*`>\[#\-@]")


def safe(text: str) -> str:
    """Member- or file-supplied text shown inside markdown: no formatting, no mentions."""
    if _ESCAPABLE.search(text) is None:
        return text
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def season_name(
    season: Season, show_title: str, lang: Lang = ENGLISH, titles: LocalTitles = NONE
) -> str:
    """The season's own title (in the member's language where known), else "Season 2"."""
    local = titles.seasons.get(season.id)
    if local:
        return local
    if season.title and season.title != show_title:
        return season.title
    return lang.gettext("Season {number}", number=lang.number(season.number))


def show_title(lang: Lang, english: str, local: str | None) -> str:
    """A show's name for the member, escaped: the title their language knows beside the
    English one (`약한영웅 (Weak Hero)`), or the English alone when there is none.

    `/cast` and `/actor` name a show this way (the show card: `card_title`)."""
    if not local or normalize(local) == normalize(english):
        return safe(english)
    return lang.pgettext(
        "a show's title in the reader's language, then its English title",
        "{local} ({english})",
        local=safe(local),
        english=safe(english),
    )


def card_title(lang: Lang, english: str, hangul: str | None, local: str | None) -> str:
    """The show card's title, escaped: English and Hangul as ever, led by the title in the
    member's language where a provider gave one (`イカゲーム · Squid Game (오징어 게임)`)."""
    title = safe(english) + (f" ({safe(hangul)})" if hangul else "")
    if not local or normalize(local) in (normalize(english), normalize(hangul or "")):
        return title
    return lang.pgettext(
        "the show card's title: the reader's language's title, then English (and Hangul)",
        "{local} · {title}",
        local=safe(local),
        title=title,
    )


def role_word(lang: Lang, role: str) -> str:
    """A credit's role as a member reads it (the store keeps English codes)."""
    words = {
        "lead": lang.pgettext("a credit's role", "lead"),
        "supporting": lang.pgettext("a credit's role", "supporting"),
        "cameo": lang.pgettext("a credit's role", "cameo"),
        "host": lang.pgettext("a credit's role", "host"),
        "cast": lang.pgettext("a credit's role", "cast"),
    }
    return words.get(role, role)


def credit_text(credit: Credit, with_description: bool = False, lang: Lang = ENGLISH) -> str:
    person = safe(credit.person)
    character = safe(credit.character) if credit.character else None
    special = credit.role in ("host", "cameo")
    role = role_word(lang, credit.role)
    if character and special:
        text = lang.gettext(
            "{person} as **{character}** ({role})", person=person, character=character, role=role
        )
    elif character:
        text = lang.gettext("{person} as **{character}**", person=person, character=character)
    elif special:
        text = lang.gettext("{person} ({role})", person=person, role=role)
    else:
        text = person
    if with_description and credit.description:
        text = lang.gettext(
            "{credit}: {description}", credit=text, description=safe(credit.description)
        )
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


def source_label(source: Source) -> str:
    """`Title, Publisher` (the publisher left out when the title already starts with it,
    as in "TMDB: The Glory"), clipped, then escaped."""
    label = source.title
    if source.publisher and not source.title.startswith(source.publisher):
        label += f", {source.publisher}"
    return safe(clip(label, 200))


def more_lines(lang: Lang) -> Callable[[int], str]:
    """The line that ends a clipped list: "…and 3 more" in the member's language."""
    return lambda n: lang.ngettext(
        "…and {count} more", "…and {count} more", n, count=lang.number(n)
    )


def sources_text(sources: Sequence[Source], limit: int = FIELD_VALUE, lang: Lang = ENGLISH) -> str:
    lines = []
    for source in sources:
        label = source_label(source)
        lines.append(f"[{label}]({source.url})" if source.url else label)
    return clip_lines("\n".join(lines), limit, more_lines(lang))


CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
# TMDB's terms ask for exactly this sentence where its data is credited.
TMDB_NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB"
DATA_CREDITS = (
    "Show facts from the sourced Hallyu catalog, "
    "[TVmaze](https://www.tvmaze.com) (data licensed under "
    f"[CC BY-SA 4.0]({CC_BY_SA})) and [TMDB](https://www.themoviedb.org). "
    f"{TMDB_NOTICE}. Where-to-watch data by [JustWatch](https://www.justwatch.com). "
    "Charts: [Netflix Top 10](https://www.netflix.com/tudum/top10)."
)
PROVIDER_CREDITS = {"tvmaze": "TVmaze (CC BY-SA 4.0)", "tmdb": "TMDB"}


def cast_lines(
    details: ShowDetails,
    season: int | None = None,
    lang: Lang = ENGLISH,
    titles: LocalTitles = NONE,
) -> list[str]:
    """Every credit: the catalog's grouped by season, then each provider's cast under its
    name (a provider's cast spans the seasons it lists, so it is not split by season)."""
    show = details.show
    names = {s.number: season_name(s, show.title, lang, titles) for s in details.seasons}
    credits = [c for c in details.credits if season is None or c.season_number in (season, None)]
    lines: list[str] = []
    current: object = object()

    def group(credit: Credit) -> tuple[bool, str, int]:
        return (credit.provider is not None, credit.provider or "", credit.season_number or 0)

    for credit in sorted(credits, key=group):
        key = credit.provider or credit.season_number
        if key != current:
            current = key
            if credit.provider is not None:
                provider = PROVIDER_CREDITS.get(credit.provider, credit.provider)
                heading = lang.gettext("From {provider}", provider=safe(provider))
            elif credit.season_number in names:
                heading = safe(names[credit.season_number or 0])
            else:
                heading = lang.gettext("Whole series")
            lines.append(f"__{heading}__")
        lines.append(credit_text(credit, with_description=True, lang=lang))
    return lines


def cast_pages(
    details: ShowDetails,
    season: int | None = None,
    lang: Lang = ENGLISH,
    titles: LocalTitles = NONE,
) -> list[discord.Embed]:
    """The full cast grouped by season, split into pages of CAST_PER_PAGE lines; the
    show named in the member's language where `titles` knows it."""
    show = details.show
    name = show_title(lang, show.title, titles.show(show.id))
    chosen = next((s for s in details.seasons if s.number == season), None)
    if chosen is not None:
        title = lang.gettext(
            "Cast of {title}: {season}",
            title=name,
            season=safe(season_name(chosen, show.title, lang, titles)),
        )
    else:
        title = lang.gettext("Cast of {title}", title=name)
    lines = cast_lines(details, season, lang, titles)
    if not lines:
        empty = lang.gettext("The catalog has no sourced cast for this yet.")
        return [fit_embed(discord.Embed(title=title, description=empty, colour=COLOR))]
    chunks = [lines[i : i + CAST_PER_PAGE] for i in range(0, len(lines), CAST_PER_PAGE)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=title, description="\n".join(chunk), colour=COLOR)
        footer = lang.gettext(
            "Page {page}/{pages} · show #{id}",
            page=lang.number(number),
            pages=lang.number(len(chunks)),
            id=show.id,
        )
        embed.set_footer(text=footer)
        pages.append(fit_embed(embed))
    return pages


def _provider_short(provider: str) -> str:
    return PROVIDER_CREDITS.get(provider, provider).split(" ")[0]


def actor_card(
    details: PersonDetails, lang: Lang = ENGLISH, titles: LocalTitles = NONE
) -> discord.Embed:
    """A person's roles, one field per show, each show named in the member's language
    where `titles` knows it."""
    person = details.person
    title = person.name + (f" ({person.name_ko})" if person.name_ko else "")
    embed = discord.Embed(title=title, description=safe(person.bio) if person.bio else None)
    embed.colour = COLOR
    by_show: dict[int, tuple[str, list[str]]] = {}
    providers: list[str] = []
    for role in details.roles:
        label = safe(role.character) if role.character else role_word(lang, role.role)
        season = titles.seasons.get(role.season_id or 0) or role.season_title
        if role.provider is not None:
            # A provider's role spans the seasons it lists: credit the provider instead.
            text = lang.gettext(
                "**{role}** ({provider})", role=label, provider=_provider_short(role.provider)
            )
            providers.append(PROVIDER_CREDITS.get(role.provider, role.provider))
        elif season:
            text = lang.gettext("**{role}** ({season})", role=label, season=safe(season))
        else:
            text = f"**{label}**"
        name = show_title(lang, role.show_title, titles.show(role.show_id))
        by_show.setdefault(role.show_id, (name, []))[1].append(text)
    for name, roles in by_show.values():
        embed.add_field(name=name, value="\n".join(dict.fromkeys(roles)), inline=False)
    if not details.roles:
        embed.add_field(
            name=lang.gettext("Roles"),
            value=lang.gettext("No sourced roles in the catalog yet."),
            inline=False,
        )
    if details.sources:
        embed.add_field(
            name=lang.gettext("Sources"),
            value=sources_text(details.sources, lang=lang),
            inline=False,
        )
    curated = person.bio is not None or any(r.provider is None for r in details.roles)
    credits = [lang.gettext("Hallyu catalog")] * curated + list(dict.fromkeys(providers))
    footer = lang.gettext(
        "Data: {credits} · person #{id}", credits=lang.join(credits or ["Hallyu"]), id=person.id
    )
    embed.set_footer(text=footer)
    return fit_embed(embed)


@dataclass(frozen=True)
class AboutInfo:
    version: str
    stats: CatalogStats
    started_at: dt.datetime
    now: dt.datetime
    catalog_updated: str | None
    chart_latest_week: str | None = None
    #: Which cluster process (and shards) answered, e.g. "process p1, shard 1 of 2".
    answered_by: str | None = None


def _duration(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    return " ".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n) or "<1m"


def about_card(info: AboutInfo, lang: Lang = ENGLISH) -> discord.Embed:
    embed = discord.Embed(
        title="Hallyu",
        description=lang.gettext(
            "K-drama cards, cast, Netflix Top 10 charts and trivia for your server."
        ),
        colour=COLOR,
    )
    embed.add_field(name=lang.gettext("Version"), value=info.version)
    since = f"<t:{int(info.started_at.timestamp())}:f>"
    embed.add_field(
        name=lang.gettext("Uptime"),
        value=lang.gettext(
            "{duration} (since {time})",
            duration=lang.duration(int((info.now - info.started_at).total_seconds())),
            time=since,
        ),
    )
    s = info.stats
    counts = (
        lang.ngettext("{count} show", "{count} shows", s.shows, count=lang.number(s.shows)),
        lang.ngettext("{count} season", "{count} seasons", s.seasons, count=lang.number(s.seasons)),
        lang.ngettext("{count} person", "{count} people", s.people, count=lang.number(s.people)),
        lang.ngettext("{count} credit", "{count} credits", s.credits, count=lang.number(s.credits)),
        lang.ngettext("{count} source", "{count} sources", s.sources, count=lang.number(s.sources)),
    )
    embed.add_field(name=lang.gettext("Catalog"), value=" · ".join(counts), inline=False)
    freshness = [
        lang.gettext("Catalog loaded: {when}", when=info.catalog_updated)
        if info.catalog_updated
        else lang.gettext("Catalog loaded: never")
    ]
    if info.chart_latest_week:
        freshness.append(
            lang.gettext("Newest Netflix Top 10 week: {week}", week=info.chart_latest_week)
        )
    embed.add_field(name=lang.gettext("Data freshness"), value="\n".join(freshness), inline=False)
    if info.answered_by:
        embed.add_field(name=lang.gettext("Answered by"), value=info.answered_by, inline=False)
    # The credits keep their English wording: TMDB's notice is quoted as TMDB words it.
    embed.add_field(name=lang.gettext("Data and credits"), value=DATA_CREDITS, inline=False)
    return fit_embed(embed)
