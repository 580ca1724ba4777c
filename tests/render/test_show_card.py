"""The compact /show card and what its buttons open: every part present, every part absent,
hostile text, and the size a member reads."""

from __future__ import annotations

import dataclasses
import datetime as dt

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.catalog import (
    Alias,
    CatalogRepository,
    Credit,
    Fact,
    Rating,
    Release,
    Season,
    Show,
    ShowDetails,
    Source,
)
from db.charts import ChartRepository, CountryRun
from db.connection import Database
from db.provider_details import (
    NetworkInfo,
    ProviderFacts,
    ProviderRating,
    ProviderSeason,
    ProviderSource,
    WatchOption,
)
from render import limits
from render.charts import show_chart_lines
from render.i18n import ENGLISH
from render.show_card import (
    KINDS,
    chart_only_countries_text,
    chart_only_text,
    facts_line,
    show_card,
)
from render.show_sections import SECTIONS, available, notes_lines, section_embeds, sources_lines
from render.show_words import kind_label
from render.text import embed_to_text
from tests.charts.conftest import import_fixtures

WATCH_LINK = "https://www.themoviedb.org/tv/2/watch"
CHART_ONLY_TEXT = chart_only_text(ENGLISH)
FETCHED = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
HOSTILE = "**Boom** @everyone <@123456789012345678> `x` 약한영웅 🔥 _y_ ||s|| # h"
CHART_LINES = [
    "Best global rank: **No. 1** in TV (Non-English) (week of 21–27 Apr 2025)",
    "7 weeks in the global Top 10",
    "Total while in the Top 10: 185.4M hours · 33M views",
    "Weak Hero (Class 1): best No. 2, 6 weeks",
]


def bare_show(**changes: object) -> Show:
    show = Show(
        id=7,
        slug="s",
        title="Bare",
        title_ko=None,
        kind="unknown",
        country=None,
        based_on=None,
        summary=None,
        origin="chart",
    )
    return dataclasses.replace(show, **changes)  # type: ignore[arg-type]


def bare(**changes: object) -> ShowDetails:
    details = ShowDetails(
        show=bare_show(), aliases=(), seasons=(), credits=(), ratings=(), facts=(), sources=()
    )
    return dataclasses.replace(details, **changes)  # type: ignore[arg-type]


def credit(person_id: int, name: str, character: str, provider: str | None = None) -> Credit:
    return Credit(person_id, name, None, None, character, "cast", None, None, provider)


def provider_facts(name: str = "Full") -> ProviderFacts:
    return ProviderFacts(
        sources=(
            ProviderSource(
                "tvmaze", "TVmaze", "tvmaze:1", name, "https://www.tvmaze.com/shows/1", FETCHED,
                "auto", "Ended",
            ),
            ProviderSource(
                "tmdb", "TMDB", "tmdb:2", name, "https://www.themoviedb.org/tv/2", FETCHED,
                "auto", "Ended",
            ),
        ),
        genres=("Drama", "Thriller", "Mystery", "Crime"),
        networks=(NetworkInfo("Netflix", None, True, "tmdb"),),
        episode_count=16,
        episode_count_provider="tvmaze",
        ratings=(ProviderRating("tmdb", "TMDB", 8.4, 10.0, 1834, FETCHED.date(), None),),
        poster_url="https://image.tmdb.org/t/p/w500/poster.jpg",
        poster_provider="tmdb",
        watch=(
            WatchOption("KR", "Netflix", "flatrate", WATCH_LINK, "tmdb"),
            WatchOption("US", "Netflix", "flatrate", WATCH_LINK, "tmdb"),
            WatchOption("US", "Apple TV", "rent", None, "tmdb"),
            WatchOption("US", "Apple TV", "buy", None, "tmdb"),
        ),
    )  # fmt: skip


def full() -> ShowDetails:
    season = Season(
        1, 1, "Full Season 1", "풀 시즌 1", 16, (Release("Netflix", "2022-12-30", True, None),)
    )
    return ShowDetails(
        show=bare_show(
            title="Full", title_ko="풀", kind="drama", country="KR", based_on="A webtoon",
            summary="First sentence. " + "More words here. " * 30, origin="catalog",
        ),
        aliases=(Alias("Fully", "other"),),
        seasons=(season,),
        credits=(
            *(credit(i, f"Actor {i}", f"Role {i}") for i in range(1, 8)),
            credit(99, "Provider Person", "Someone", "tmdb"),
        ),
        ratings=(Rating("IMDb", 8.5, 10, None, 1, None),),
        facts=(Fact("A sourced note.", None, "src"),),
        sources=(Source("src", "An article", "A paper", "https://example.com/a", None),),
        provider=provider_facts(),
    )  # fmt: skip


def lines_of(embed: discord.Embed) -> int:
    """Lines as a member sees them: title, description, each field's name and value, footer."""
    count = 1 + len((embed.description or "").split("\n")) if embed.description else 1
    count += sum(1 + len((f.value or "").split("\n")) for f in embed.fields)
    return count + (1 if embed.footer.text else 0)


def every_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)


def test_every_part_present() -> None:
    embed = show_card(full(), CHART_LINES, "US")
    assert embed.title == "Full (풀)"
    description = (embed.description or "").split("\n")
    assert description[0] == (
        "Drama · 🇰🇷 KR · Thriller, Mystery, Crime · 16 episodes · Netflix · 2022 · "
        "8.5/10 (IMDb, Season 1)"
    )
    summary = full().show.summary or ""
    # Whole sentences only; the full summary is in the Notes.
    assert summary.startswith(description[1]) and description[1].endswith("here.")
    assert 200 < len(description[1]) <= 260
    assert description[2] == "Based on: A webtoon"
    fields = {f.name: f.value or "" for f in embed.fields}
    assert list(fields) == ["Seasons", "Netflix Top 10", "Cast", "Where to watch in 🇺🇸 US"]
    assert fields["Seasons"] == "**Full Season 1** (풀 시즌 1) · 16 episodes · Netflix 30 Dec 2022"
    assert fields["Netflix Top 10"].split("\n") == [
        f"{CHART_LINES[0]} · {CHART_LINES[1]}",
        CHART_LINES[2],
    ]
    assert fields["Cast"].count("\n") == 4  # the top five; the rest behind the Cast button
    assert fields["Where to watch in 🇺🇸 US"] == (
        "Netflix (stream) · Apple TV (rent, buy) "
        "(data: [JustWatch](https://www.themoviedb.org/tv/2/watch))"
    )
    assert embed.thumbnail.url == "https://image.tmdb.org/t/p/w500/poster.jpg"
    assert embed.footer.text == (
        "Data: Hallyu catalog, Netflix Top 10, TVmaze (CC BY-SA 4.0), TMDB, JustWatch · show #7"
    )
    assert "…and" not in every_text(embed)  # nothing says "…and N more"


def test_every_part_absent_says_only_what_is_known() -> None:
    embed = show_card(bare())
    assert embed.title == "Bare"
    # No global chart line: it charted only in countries' lists, and the card says where
    # to look rather than claiming a Top 10 record it does not show.
    assert embed.description == chart_only_countries_text(ENGLISH, "Bare")
    assert "`/chart history show:Bare`" in (embed.description or "")
    assert embed.fields == [] and embed.thumbnail.url is None
    assert embed.footer.text == "Data: Netflix Top 10 · show #7"
    assert "Drama" not in every_text(embed)
    assert available(bare()) == ()
    # A curated show with nothing filled in is not called chart-made either.
    assert show_card(bare(show=bare_show(origin="catalog"))).description is None


@pytest.mark.parametrize("kind", ["unknown", "", "scripted", "DRAMA"])
def test_a_kind_the_store_does_not_know_shows_nothing(kind: str) -> None:
    assert facts_line(bare(show=bare_show(kind=kind, country="JP"))) == "🇯🇵 JP"


@pytest.mark.parametrize(("kind", "label"), [(k, kind_label(ENGLISH, k)) for k in KINDS])
def test_each_known_kind_is_named(kind: str, label: str) -> None:
    assert facts_line(bare(show=bare_show(kind=kind))) == label


def test_a_genre_naming_the_kind_is_not_repeated() -> None:
    assert facts_line(dataclasses.replace(full(), provider=provider_facts())).startswith(
        "Drama · 🇰🇷 KR · Thriller,"
    )


def test_a_reality_genre_is_not_repeated_after_the_reality_kind() -> None:
    reality = bare(
        show=bare_show(title="Physical: 100", kind="reality", country="KR"),
        provider=dataclasses.replace(provider_facts(), genres=("Reality", "Game Show")),
    )
    assert facts_line(reality).startswith("Reality show · 🇰🇷 KR · Game Show ·")


def test_a_provider_rating_is_used_only_without_a_curated_one() -> None:
    details = dataclasses.replace(full(), ratings=())
    assert facts_line(details).endswith("8.4/10 (TMDB, 1,834 votes)")


def test_where_to_watch_follows_the_region() -> None:
    details = full()
    unknown = {f.name: f.value for f in show_card(details).fields}
    assert unknown["Where to watch"] == "Listed for KR, US (`region:` option)"
    nothing = {f.name: f.value for f in show_card(details, region="GB").fields}
    assert nothing["Where to watch in 🇬🇧 GB"] == (
        "Nothing listed for GB; listed for KR, US (`region:` option)."
    )
    # JustWatch is credited only where its data is shown.
    assert "JustWatch" not in (show_card(details, region="GB").footer.text or "")
    korea = show_card(details, region="KR")
    assert "Netflix (stream) (data: [JustWatch]" in every_text(korea)
    no_watch = dataclasses.replace(details, provider=ProviderFacts())
    assert not [f for f in show_card(no_watch, region="KR").fields if "watch" in (f.name or "")]


def test_a_chart_made_show_with_nothing_else_says_so() -> None:
    seasons = tuple(Season(i, i, f"Physical: 100: Season {i}", None, None, ()) for i in (1, 2))
    embed = show_card(bare(show=bare_show(title="Physical: 100"), seasons=seasons), CHART_LINES)
    assert (embed.description or "").split("\n") == ["2 seasons", CHART_ONLY_TEXT]
    assert [f.name for f in embed.fields] == ["Netflix Top 10"]
    assert embed.footer.text == "Data: Netflix Top 10 · show #7"
    enriched = bare(
        show=bare_show(title="Physical: 100", kind="reality", country="KR"),
        provider=dataclasses.replace(provider_facts(), watch=(), genres=("Game Show",)),
    )
    description = show_card(enriched).description or ""
    assert description.startswith("Reality show · 🇰🇷 KR · Game Show")
    assert CHART_ONLY_TEXT not in description


def test_hostile_text_stays_escaped_everywhere() -> None:
    details = full()
    details = dataclasses.replace(
        details,
        show=dataclasses.replace(details.show, title=HOSTILE, title_ko=HOSTILE, summary=HOSTILE),
        aliases=(Alias(HOSTILE, "other"),),
        credits=(credit(1, HOSTILE, HOSTILE), credit(2, HOSTILE, HOSTILE, "tmdb")),
        facts=(Fact(HOSTILE, None, None),),
        sources=(Source("x", HOSTILE, HOSTILE, "https://example.com", None),),
        provider=dataclasses.replace(
            provider_facts(HOSTILE),
            genres=(HOSTILE,),
            networks=(NetworkInfo(HOSTILE, None, True, "tmdb"),),
            watch=(WatchOption("KR", HOSTILE, "flatrate", None, "tmdb"),),
        ),
    )
    embeds = [show_card(details, CHART_LINES, "KR")]
    embeds += [e for s in SECTIONS for e in section_embeds(details, s, CHART_LINES)]
    for embed in embeds:
        text = every_text(embed)
        assert "@everyone" not in text and "<@123456789012345678>" not in text
        assert "**Boom**" not in text and "||s||" not in text
        assert "약한영웅" in text  # Hangul kept as it is
    console = embed_to_text(embeds[0])
    assert "Boom" in console and "약한영웅 🔥" in console


@given(
    title=st.text(min_size=1, max_size=300),
    note=st.text(max_size=10_000),
    people=st.integers(min_value=0, max_value=60),
)
@settings(max_examples=40, deadline=None)
def test_any_text_fits_discords_limits(title: str, note: str, people: int) -> None:
    details = full()
    details = dataclasses.replace(
        details,
        show=dataclasses.replace(details.show, title=title, summary=note or None, based_on=note),
        credits=tuple(credit(i, note[:500] or "x", note[:300]) for i in range(people)),
        facts=tuple(Fact(note or "x", None, None) for _ in range(5)),
    )
    card = show_card(details, CHART_LINES, "US")
    assert len(card) <= limits.TOTAL and len(card.fields) <= limits.FIELDS
    assert all(len(f.value or "") <= limits.FIELD_VALUE for f in card.fields)
    for section in SECTIONS:
        embeds = section_embeds(details, section, CHART_LINES)
        assert 1 <= len(embeds) <= 10
        assert sum(len(e) for e in embeds) <= limits.TOTAL
        assert all(len(e.description or "") <= limits.DESCRIPTION for e in embeds)


async def weak_hero(db: Database) -> ShowDetails:
    show_id = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    details = await CatalogRepository(db).show(show_id)
    assert details is not None
    return details


async def test_the_weak_hero_card_is_short(db: Database) -> None:
    await import_fixtures(db)  # Netflix's real rows for Weak Hero's weeks
    details = await weak_hero(db)
    lines = show_chart_lines(await ChartRepository(db).history(details.show.id))
    assert len(lines) == 5  # best, weeks, totals and one line per season
    embed = show_card(details, lines)
    assert len(embed) < 1200, len(embed)
    assert lines_of(embed) <= 20
    # It was about 3,000 characters over 45 lines: the rest is one button away.
    sections = available(details, lines)
    assert sections == ("cast", "notes", "sources")
    everything = embed_to_text(embed) + "\n".join(
        embed_to_text(e) for s in sections for e in section_embeds(details, s, lines)
    )
    assert all(fact.text in everything for fact in details.facts)
    assert all(source.title in everything for source in details.sources)
    assert all(line.replace("**", "") in everything for line in lines)


async def test_sections_hold_what_the_card_leaves_out(db: Database) -> None:
    details = await weak_hero(db)
    notes = "\n".join(notes_lines(details, CHART_LINES))
    assert "Weak Class Hero" in notes  # aliases
    assert "Rotten Tomatoes audience score: **95%**" in notes  # every rating
    assert CHART_LINES[3] in notes  # the chart line's per-season part
    assert len(sources_lines(details)) == len(details.sources)
    cast = section_embeds(details, "cast")[0].description or ""
    assert "Lee Jun-young as **Geum Seong-j" in cast  # the whole cast, by season
    assert cast.index("__Weak Hero Class 1__") < cast.index("__Weak Hero Class 2__")


def test_notes_carry_the_providers_status_genres_and_ratings() -> None:
    notes = "\n".join(notes_lines(full()))
    assert "**Status**\nEnded (as TVmaze says)" in notes
    assert "**Genres**\nDrama, Thriller, Mystery, Crime" in notes
    assert "TMDB: **8.4/10** from 1,834 votes (as of 1 Nov 2026)" in notes


def test_provider_sources_carry_their_licence_and_notice() -> None:
    text = "\n".join(sources_lines(full()))
    assert (
        "TVmaze data is licensed under [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)."
        in text
    )
    assert "This product uses the TMDB API but is not endorsed or certified by TMDB." in text
    assert "data by JustWatch" in text
    cast = section_embeds(full(), "cast")[0].description or ""
    assert cast.endswith("__From TMDB__\nProvider Person as **Someone**")


def test_the_providers_seasons_stand_in_for_the_catalogs() -> None:
    seasons = (
        ProviderSeason(0, "Specials", 2, None, None, "tvmaze"),
        ProviderSeason(1, "Part 1", 8, "2022-12-30", "2022-12-30", "tvmaze"),
        ProviderSeason(2, "Season 2", 8, "2023-03-10", None, "tvmaze"),
    )
    details = bare(
        show=bare_show(kind="drama", country="KR"),
        provider=dataclasses.replace(provider_facts(), seasons=seasons, watch=()),
    )
    embed = show_card(details)
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Seasons"] == (
        "**Season 1** (Part 1) · 8 episodes · 30 Dec 2022\n**Season 2** · 8 episodes · 10 Mar 2023"
    )
    assert "2 seasons · 16 episodes" in (embed.description or "")
    # The catalog's seasons win when it says anything about them.
    curated = dataclasses.replace(details, seasons=full().seasons)
    curated_fields = {f.name: f.value or "" for f in show_card(curated).fields}
    assert curated_fields["Seasons"].startswith("**Full Season 1**")


def test_a_chart_made_show_from_country_lists_names_them_and_the_command() -> None:
    runs = [
        CountryRun("JP", "Japan", 30, 1),
        CountryRun("KR", "South Korea", 12, 2),
        CountryRun("TW", "Taiwan", 9, 3),
        CountryRun("HK", "Hong Kong", 4, 5),
    ]
    embed = show_card(bare(), (), None, runs)
    assert embed.description == CHART_ONLY_TEXT
    (chart,) = [f for f in embed.fields if f.name == "Netflix Top 10"]
    assert chart.value == (
        "Not in the global lists; in 4 countries' lists: Japan (JP) 30 weeks, best No. 1; "
        "South Korea (KR) 12 weeks, best No. 2; Taiwan (TW) 9 weeks, best No. 3; 1 more.\n"
        "See `/chart history show:Bare country:JP`."
    )
