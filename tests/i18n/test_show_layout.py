"""The /show card and what its buttons open fit Discord's limits in every language, for
real shows (a drama with every part, a curated drama, a chart-made reality show, a film)
and for the longest names a card can carry. Part of the layout checks of test_layout.py,
kept in its own module (and data in show_data.py) because the store it builds is large."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import discord
import pytest

from core.locales import SOURCE, SUPPORTED
from db.catalog import Season, ShowDetails
from db.charts import CountryRun
from db.connection import Database
from db.pages import PageRepository, ShowPage
from render.charts import show_chart_lines
from render.i18n import ENGLISH, LANGUAGES, Lang
from render.limits import TOTAL
from render.show_card import show_card
from render.show_sections import (
    MAX_EMBEDS,
    SECTIONS,
    available,
    section_embeds,
    section_label,
)
from tests.i18n.show_data import SHOWS, build_store
from tests.i18n.test_layout import LONG, assert_fits

BUTTON_LABEL = 80
REGIONS = (None, "KR", "US", "GB")


@pytest.fixture
async def pages(db: Database) -> AsyncIterator[dict[str, ShowPage]]:
    ids = await build_store(db)
    found: dict[str, ShowPage] = {}
    for title, show_id in ids.items():
        page = await PageRepository(db).show(show_id)
        assert page is not None
        found[title] = page
    yield found


def cards(page: ShowPage, lang: Lang) -> list[discord.Embed]:
    """The card for every region, and every section its buttons open."""
    lines = show_chart_lines(page.history)
    rendered = [show_card(page.details, lines, region, page.countries, lang) for region in REGIONS]
    for section in SECTIONS:
        embeds = section_embeds(page.details, section, lines, lang)
        assert 1 <= len(embeds) <= MAX_EMBEDS
        assert sum(len(embed) for embed in embeds) <= TOTAL
        rendered += embeds
    return rendered


def texts(embed: discord.Embed) -> list[str]:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    return parts + [f"{field.name}\n{field.value}" for field in embed.fields]


@pytest.mark.parametrize("tag", SUPPORTED)
async def test_every_show_card_and_section_fits(pages: dict[str, ShowPage], tag: str) -> None:
    lang = LANGUAGES.get(tag)
    assert set(pages) == set(SHOWS)
    for page in pages.values():
        for embed in cards(page, lang):
            assert_fits(embed)
            # Every placeholder filled: a translation naming another would show braces.
            assert not any("{" in text for text in texts(embed)), texts(embed)
        for section in available(page.details):
            assert 1 <= len(section_label(lang, section)) <= BUTTON_LABEL


@pytest.mark.parametrize("tag", [tag for tag in SUPPORTED if tag != SOURCE])
async def test_the_cards_words_are_translated(pages: dict[str, ShowPage], tag: str) -> None:
    lang = LANGUAGES.get(tag)
    page = pages["Weak Hero"]
    lines = show_chart_lines(page.history)
    english = show_card(page.details, lines, "KR", page.countries, ENGLISH)
    local = show_card(page.details, lines, "KR", page.countries, lang)
    assert local.title == english.title == "Weak Hero (약한영웅)"
    # Field names and the footer are the language's; the values keep the names they quote.
    assert [f.name for f in local.fields] != [f.name for f in english.fields]
    assert local.footer.text != english.footer.text
    assert (local.description or "").split("\n")[0] != (english.description or "").split("\n")[0]
    # The curated notes stay the catalog's English (facts as their sources give them).
    notes = "\n".join(
        e.description or "" for e in section_embeds(page.details, "notes", lines, lang)
    )
    assert all(fact.text in notes for fact in page.details.facts)


def longest(details: ShowDetails) -> ShowDetails:
    """Every name a card quotes as long as a list could carry it, and many seasons."""
    show = dataclasses.replace(details.show, title=LONG, title_ko=LONG, based_on=LONG * 3)
    seasons = tuple(
        Season(i, i, f"{LONG} {i}", LONG, 16, details.seasons[0].releases * 3) for i in range(1, 13)
    )
    return dataclasses.replace(details, show=show, seasons=seasons)


@pytest.mark.parametrize("tag", SUPPORTED)
async def test_the_card_fits_with_the_longest_names(pages: dict[str, ShowPage], tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = longest(pages["Weak Hero"].details)
    runs = [CountryRun(f"{chr(65 + i)}A", LONG, 50 + i, i + 1) for i in range(20)]
    lines = show_chart_lines(pages["Weak Hero"].history)
    for chart, countries in ((lines, None), ((), runs), ((), None)):
        for region in REGIONS:
            assert_fits(show_card(details, chart, region, countries, lang))
    for section in SECTIONS:
        embeds = section_embeds(details, section, lines, lang)
        assert 1 <= len(embeds) <= MAX_EMBEDS
        assert sum(len(embed) for embed in embeds) <= TOTAL
        for embed in embeds:
            assert_fits(embed)
