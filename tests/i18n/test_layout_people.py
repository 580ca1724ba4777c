"""`/cast`'s pages and buttons and `/actor`'s card fit Discord's limits in every language,
with realistic data and with the longest names and titles the catalog can hold."""

from __future__ import annotations

import pytest

from cogs.cast_pager import CastPages
from core.errors import NotFoundError, UserError
from core.locales import SOURCE, SUPPORTED
from db.catalog import Credit, PersonDetails, Season, Show, ShowDetails, Source
from db.catalog_people import Person, Role
from db.local_titles import LocalTitles
from render.i18n import LANGUAGES
from render.limits import CONTENT
from render.show_card import show_card
from render.shows import CAST_PER_PAGE, actor_card, card_title, cast_pages
from services.lookup import no_person
from tests.i18n.test_layout import LONG, assert_fits

BUTTON_LABEL = 80


def show(title: str, seasons: int, credits_per_season: int, name: str) -> ShowDetails:
    return ShowDetails(
        show=Show(7, "x", title, None, "drama", "KR", None, None, "catalog"),
        aliases=(),
        seasons=tuple(
            Season(100 + n, n, f"{title} Class {n}" if n > 1 else None, None, 8, ())
            for n in range(1, seasons + 1)
        ),
        credits=(
            *(
                Credit(
                    person_id=n * 100 + i,
                    person=f"{name} {i}",
                    person_ko=None,
                    season_number=n,
                    character=f"{name} character {i}",
                    role=("lead", "supporting", "cameo", "host")[i % 4],
                    description=f"{name} description" if i % 3 == 0 else None,
                )
                for n in range(1, seasons + 1)
                for i in range(credits_per_season)
            ),
            Credit(9, name, None, None, "Someone", "cast", None, "tmdb:1", "tmdb"),
        ),
        ratings=(),
        facts=(),
        sources=(),
    )


def person(roles: int, title: str, sources: int) -> PersonDetails:
    return PersonDetails(
        person=Person(5, "Park Ji-hoon", "박지훈", "Actor and singer. " * 40),
        roles=tuple(
            Role(
                show_id=i,
                show_title=f"{title} {i}",
                season_number=1 + i % 2,
                season_title=f"{title} {i} Class {1 + i % 2}" if i % 3 else None,
                character=f"Character {i}" if i % 4 else None,
                role="lead",
                description=None,
                provider="tmdb" if i % 5 == 0 else None,
                season_id=1000 + i,
            )
            for i in range(roles)
        ),
        sources=tuple(
            Source(f"s{i}", f"{title} review {i}", "A Publisher", f"https://example.com/{i}", None)
            for i in range(sources)
        ),
    )


@pytest.mark.parametrize("tag", SUPPORTED)
def test_cast_pages_fit_with_realistic_names(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = show("Weak Hero", 2, 12, "Park Ji-hoon")
    titles = LocalTitles({7: "弱いヒーロー"}, {})
    pages = cast_pages(details, None, lang, titles)
    assert len(pages) > 1
    lines = sum(len((page.description or "").split("\n")) for page in pages)
    assert lines == len(details.credits) + 3  # two seasons' and TMDB's headings, nothing cut
    for page in pages:
        assert_fits(page)
        assert not (page.description or "").endswith("…")
        assert "弱いヒーロー" in (page.title or "")
    season = cast_pages(details, 2, lang, titles)[0]
    assert_fits(season)
    assert "Weak Hero Class 2" in (season.title or "")


@pytest.mark.parametrize("tag", SUPPORTED)
def test_cast_pages_fit_with_the_longest_names(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = show(LONG, 3, 40, LONG)
    titles = LocalTitles({7: LONG}, {101: LONG, 102: LONG})
    pages = cast_pages(details, None, lang, titles)
    assert len(pages) >= (3 * 40) // CAST_PER_PAGE
    for page in pages:
        assert_fits(page)


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_page_buttons_fit(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    pages = cast_pages(show("Weak Hero", 2, 12, "Park Ji-hoon"), None, lang)
    view = CastPages(7, None, pages, 1, 0, lang=lang)
    labels = [
        str(button.get("label", "")) for row in view.to_components() for button in row["components"]
    ]
    assert len(labels) == 2 and all(0 < len(label) <= BUTTON_LABEL for label in labels)
    if tag == SOURCE:
        assert labels == ["◀ Previous", "Next ▶"]
    else:
        assert "Next ▶" not in labels, tag


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_actor_card_fits_with_realistic_roles(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = person(6, "Weak Hero", 4)
    embed = actor_card(details, lang, LocalTitles({1: "弱いヒーロー"}, {}))
    assert_fits(embed)
    names = [field.name or "" for field in embed.fields]
    assert any("弱いヒーロー" in name and "Weak Hero 1" in name for name in names)
    # Every show and the sources are there; nothing was dropped to fit.
    assert len(embed.fields) == 6 + 1


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_actor_card_fits_with_the_longest_titles(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = person(40, LONG, 60)
    titles = LocalTitles(dict.fromkeys(range(40), LONG), {1000 + i: LONG for i in range(40)})
    assert_fits(actor_card(details, lang, titles))


@pytest.mark.parametrize("tag", SUPPORTED)
def test_a_long_source_list_ends_with_the_languages_more_line(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    embed = actor_card(person(1, LONG, 60), lang)
    assert_fits(embed)
    sources = [f.value or "" for f in embed.fields if f.name == lang.gettext("Sources")]
    assert len(sources) == 1
    *kept, last = sources[0].split("\n")
    left = 60 - len(kept)
    assert left > 0
    assert last == lang.ngettext(
        "…and {count} more", "…and {count} more", left, count=lang.number(left)
    )
    if tag != SOURCE:
        assert "more" not in last, (tag, last)


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_not_found_messages_fit(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    errors: list[UserError] = [
        NotFoundError(no_person(LONG)),
        UserError("{title} has no season {number} in the catalog.", title=LONG, number=99),
        NotFoundError("That person is no longer in the catalog."),
    ]
    for error in errors:
        text = error.render(lang)
        assert 0 < len(text) <= CONTENT and "{" not in text


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_show_card_fits_with_a_long_local_title(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    details = show(LONG, 3, 40, LONG)
    embed = show_card(details, lang=lang, local_title=LONG + " 2")
    assert_fits(embed)
    assert (embed.title or "").startswith(LONG[:40])


def test_the_card_title_names_each_title_once() -> None:
    ja = LANGUAGES.get("ja")
    assert card_title(ja, "Squid Game", "오징어 게임", "イカゲーム") == (
        "イカゲーム · Squid Game (오징어 게임)"
    )
    # Nothing to add when the local title is the English or the Hangul one, or missing.
    assert card_title(ja, "Squid Game", "오징어 게임", "squid game") == "Squid Game (오징어 게임)"
    ko = LANGUAGES.get("ko")
    assert card_title(ko, "Squid Game", "오징어 게임", "오징어 게임") == "Squid Game (오징어 게임)"
    assert card_title(ja, "Squid Game", None, None) == "Squid Game"
    assert card_title(ja, "*Bold*", None, "@everyone") == "@\u200beveryone · \\*Bold\\*"
