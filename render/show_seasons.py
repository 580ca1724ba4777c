"""The seasons on the /show card: how many, each one's line, and whose data it is.

Every season any source knows is counted: the catalog's (or Netflix's chart titles') and
the providers' (Netflix may chart a season a provider has not listed yet, or the reverse).
"""

from __future__ import annotations

from db.catalog import Season, ShowDetails
from db.provider_details import ProviderSeason
from render.i18n import ENGLISH, Lang
from render.show_words import when
from render.shows import safe, season_name

SEASONS_ON_CARD = 4
PROVIDER_LABELS = {"tvmaze": "TVmaze", "tmdb": "TMDB"}
# Where a season line comes from, besides a provider (named by its key).
CATALOG_SOURCE = "catalog"
CHART_SOURCE = "chart"


def short_season(season: Season, show_title: str, lang: Lang = ENGLISH) -> str:
    """`Weak Hero Class 1` of `Weak Hero` → `Class 1`; other names stay whole."""
    name = season_name(season, show_title, lang)
    rest = name[len(show_title) :].lstrip(" :-–—") if name.startswith(show_title) else ""
    return rest or name


def season_count(details: ShowDetails) -> int:
    """Every season any source knows: the catalog's (or Netflix's chart titles') and the
    providers' (Netflix may chart a season a provider has not listed yet, or the reverse)."""
    return len({s.number for s in details.seasons} | {s.number for s in provider_seasons(details)})


def episodes_count(lang: Lang, count: int) -> str:
    return lang.ngettext("{count} episode", "{count} episodes", count, count=lang.number(count))


def episodes_text(details: ShowDetails, lang: Lang = ENGLISH) -> str | None:
    """`2 seasons · 17 episodes`: a total only when a source gives every season's count."""
    parts = []
    seasons = season_count(details)
    if seasons > 1:
        parts.append(
            lang.ngettext("{count} season", "{count} seasons", seasons, count=lang.number(seasons))
        )
    total = details.episode_count
    if total:
        parts.append(episodes_count(lang, total))
    return " · ".join(parts) or None


def compact_season(season: Season, show_title: str, lang: Lang = ENGLISH) -> str:
    line = f"**{safe(season_name(season, show_title, lang))}**"
    if season.title_ko:
        line += f" ({safe(season.title_ko)})"
    parts = [line]
    if season.episodes:
        parts.append(episodes_count(lang, season.episodes))
    parts += [
        f"{safe(r.platform)} {when(lang, r.date) if r.date else ''}".rstrip()
        for r in season.releases
    ]
    return " · ".join(parts)


def provider_seasons(details: ShowDetails) -> tuple[ProviderSeason, ...]:
    """The providers' regular seasons (specials, season 0, left out)."""
    return tuple(s for s in details.provider.seasons if s.number > 0)


def provider_season_line(season: ProviderSeason, lang: Lang = ENGLISH) -> str:
    """`**Season 1** (Part 1) · 16 episodes · 30 Dec 2022 – 10 Mar 2023`"""
    line = f"**{lang.gettext('Season {number}', number=season.number)}**"
    if season.name and season.name != f"Season {season.number}":
        line += f" ({safe(season.name)})"
    parts = [line]
    if season.episode_count:
        parts.append(episodes_count(lang, season.episode_count))
    if season.premiere:
        dates = when(lang, season.premiere)
        if season.end and season.end != season.premiere:
            dates += f" – {when(lang, season.end)}"
        parts.append(dates)
    return " · ".join(parts)


def source_name(lang: Lang, source: str) -> str:
    """Who a season line comes from: the catalog, Netflix's chart or a provider."""
    if source == CATALOG_SOURCE:
        return lang.gettext("Hallyu catalog")
    if source == CHART_SOURCE:
        return lang.gettext("Netflix Top 10")
    return PROVIDER_LABELS.get(source, source)


def season_lines(details: ShowDetails, lang: Lang = ENGLISH) -> list[tuple[str, str]]:
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
            lines.append((compact_season(season, title, lang), CATALOG_SOURCE))
        elif provided is not None:
            lines.append((provider_season_line(provided, lang), provided.provider))
        elif season is not None:
            # Netflix's season titles repeat the show's: "Physical: 100: Season 2".
            name = season_name(season, title, lang).removeprefix(f"{title}: ")
            lines.append((f"**{safe(name)}**", CHART_SOURCE))
    return lines


def seasons_field(details: ShowDetails, lang: Lang = ENGLISH) -> tuple[str, str] | None:
    """Every season the facts line counts. Seasons known only from Netflix's chart titles
    are listed only next to others a source says more about (alone they say nothing the
    chart line does not); when the sources are mixed each line names its own."""
    lines = season_lines(details, lang)
    if all(source == CHART_SOURCE for _, source in lines):
        return None
    mixed = len({source for _, source in lines}) > 1
    texts = [f"{line} · {source_name(lang, source)}" if mixed else line for line, source in lines]
    shown = texts[-SEASONS_ON_CARD:]
    if len(shown) == len(texts):
        return lang.gettext("Seasons"), "\n".join(shown)
    name = lang.gettext(
        "Seasons (latest {shown} of {total})",
        shown=lang.number(len(shown)),
        total=lang.number(len(texts)),
    )
    return name, "\n".join(shown)
