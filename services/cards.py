"""Answering from memory: cards rendered once per data generation, not once per request.

A command turns what the member typed into an id in memory (the title index, or a memo
of earlier lookups) and gets the card rendered when the data last changed. Only a miss
reads the store, with one call (one reader-thread hop, one snapshot). Every memo is
bounded and is dropped whole when the data generation moves on (services/live.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import discord

from core.countries import country_code
from core.errors import NotFoundError, UserError
from core.matching import IndexedShow
from core.text import clip, normalize
from db.catalog import ShowDetails
from db.charts import ChartHistory, ChartRepository, ChartWeek, _weeks
from db.pages import PageRepository, TopPage
from render.charts import show_chart_lines, top_embed, week_highlight
from render.i18n import ENGLISH, Lang
from render.korean import korean_top_embed
from render.limits import CHOICE_NAME, CHOICES
from render.show_card import show_card
from render.show_sections import Section, available, section_embeds
from render.shows import actor_card, cast_pages, show_title
from render.text import embed_to_text
from services.live import LiveData
from services.lookup import ShowFinder, ShowMatch, check_query, no_person, person_value
from services.memo import Memo

SHOW_CARDS = 256
CAST_PAGES = 64
ACTOR_CARDS = 128
QUERIES = 1024
CHARTS = 64
_PERSON_VALUE = re.compile(r"^person:(\d{1,18})$")
GONE = "That show is no longer in the catalog; search for it again."


@dataclass(frozen=True)
class ShowCard:
    """The card, which buttons go under it, and what it was rendered from (the buttons'
    sections are rendered from it on the first press, without reading again)."""

    embed: discord.Embed
    sections: tuple[Section, ...]
    details: ShowDetails
    chart_lines: tuple[str, ...]
    #: The language the card (and so its sections and the console's text) is in.
    lang: Lang = ENGLISH
    #: What an adapter builds once per card and reuses (the buttons under it), kept and
    #: dropped with the card.
    attached: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def section_embeds(self, section: Section) -> tuple[discord.Embed, ...]:
        return tuple(section_embeds(self.details, section, self.chart_lines, self.lang))

    def console_text(self) -> str:
        """What the buttons open, as text: a terminal cannot press them."""
        return "\n\n".join(
            embed_to_text(embed)
            for section in self.sections
            for embed in self.section_embeds(section)
        )


@dataclass(frozen=True)
class TopAnswer:
    page: TopPage
    embed: discord.Embed | None  # None when there is no such list


class Cards:
    """Owned by the bot; the cogs and the console ask it for what they send."""

    def __init__(self, live: LiveData) -> None:
        self.live = live
        generation = live.generation
        # Cards and sections are keyed by language too: a member never gets another
        # language's memo.
        self._shows: Memo[tuple[int, str | None, str], ShowCard] = Memo(generation, SHOW_CARDS)
        self._sections: Memo[tuple[int, Section, str], tuple[discord.Embed, ...]] = Memo(
            generation, SHOW_CARDS
        )
        # Keyed by language too: each language's pages are rendered once per generation.
        self._cast: Memo[tuple[int, int | None, str], tuple[discord.Embed, ...]] = Memo(
            generation, CAST_PAGES
        )
        self._queries: Memo[str, ShowMatch] = Memo(generation, QUERIES)
        self._choices: Memo[tuple[str, int], tuple[tuple[str, str], ...]] = Memo(
            generation, QUERIES
        )
        self._actors: Memo[tuple[int, str], discord.Embed] = Memo(generation, ACTOR_CARDS)
        self._people: Memo[str, int] = Memo(generation, QUERIES)
        self._people_choices: Memo[str, tuple[tuple[str, str], ...]] = Memo(generation, QUERIES)
        # Keyed by language too: each language's card is rendered once per generation.
        self._tops: Memo[tuple[dt.date | None, str, str | None, bool, bool, str], TopAnswer] = Memo(
            generation, CHARTS
        )
        self._histories: Memo[tuple[int, str | None], ChartHistory] = Memo(generation, CHARTS)
        self._weeks: Memo[tuple[str, str | None], tuple[dt.date, ...]] = Memo(generation, CHARTS)
        self._countries: Memo[None, tuple[tuple[str, str], ...]] = Memo(generation, 1)

    @property
    def pages(self) -> PageRepository:
        return PageRepository(self.live.db)

    # -- shows -----------------------------------------------------------------------

    def resolve(self, query: str) -> ShowMatch:
        """What the member typed → a show id (or the shows to pick from), in memory."""
        key = query.strip()
        found = self._queries.get(key)
        if found is None:
            found = ShowFinder(None, self.live.titles).resolve(query)
            self._queries.put(key, found)
        return found

    async def show(self, show_id: int, region: str | None = None, lang: Lang = ENGLISH) -> ShowCard:
        """The show card in `lang`; `region` (ISO 3166-1 alpha-2) picks its where-to-watch
        offers. The same objects are handed out until the data changes: send them, never
        modify them."""
        return await self._shows.get_or_load(
            (show_id, region, lang.tag), partial(self._render_show, show_id, region, lang)
        )

    async def _render_show(self, show_id: int, region: str | None, lang: Lang) -> ShowCard:
        # The show's title in the member's language comes in the same read as the card.
        page = await self.pages.show(show_id, lang.tag)
        if page is None:
            raise NotFoundError(GONE)
        lines = tuple(show_chart_lines(page.history, lang))
        local = page.titles.show(show_id)
        return ShowCard(
            embed=show_card(page.details, lines, region, page.countries, lang, local),
            sections=available(page.details, lines),
            details=page.details,
            chart_lines=lines,
            lang=lang,
        )

    async def section(
        self, show_id: int, section: Section, lang: Lang = ENGLISH
    ) -> tuple[discord.Embed, ...]:
        """What one of the card's buttons opens, in the language of whoever pressed it."""
        return await self._sections.get_or_load(
            (show_id, section, lang.tag), partial(self._render_section, show_id, section, lang)
        )

    async def _render_section(
        self, show_id: int, section: Section, lang: Lang
    ) -> tuple[discord.Embed, ...]:
        return (await self.show(show_id, lang=lang)).section_embeds(section)

    async def cast(
        self, show_id: int, season: int | None = None, lang: Lang = ENGLISH
    ) -> tuple[discord.Embed, ...]:
        """`/cast`'s pages in the member's language (`lang`)."""
        return await self._cast.get_or_load(
            (show_id, season, lang.tag), partial(self._render_cast, show_id, season, lang)
        )

    async def _render_cast(
        self, show_id: int, season: int | None, lang: Lang
    ) -> tuple[discord.Embed, ...]:
        page = await self.pages.cast(show_id, lang.tag)
        if page is None:
            raise NotFoundError(GONE)
        details = page.details
        if season is not None and season not in {s.number for s in details.seasons}:
            raise UserError(
                "{title} has no season {number} in the catalog.",
                title=show_title(lang, details.show.title, page.titles.show(show_id)),
                number=season,
            )
        return tuple(cast_pages(details, season, lang, page.titles))

    def choices(self, query: str, limit: int = CHOICES) -> list[tuple[str, str]]:
        """Autocomplete's (label, value) pairs; the same keystrokes come often."""
        key = (query[:200], limit)
        found = self._choices.get(key)
        if found is None:
            found = tuple(ShowFinder(None, self.live.titles).autocomplete(query, limit))
            self._choices.put(key, found)
        return list(found)

    def indexed(self, show_id: int) -> IndexedShow | None:
        return self.live.titles.get(show_id)

    # -- people ----------------------------------------------------------------------

    async def actor(self, query: str, lang: Lang = ENGLISH) -> discord.Embed:
        """`/actor`'s card in the member's language (`lang`), their shows' titles too."""
        picked = _PERSON_VALUE.match(query.strip())
        if picked:
            person_id = int(picked.group(1))
        else:
            text = check_query(query, "person")
            key = normalize(text)
            known = self._people.get(key) if key else None
            if known is None:
                page = await self.pages.person(None, text, lang.tag)
                if page is None:
                    raise NotFoundError(no_person(text))
                person_id = page.details.person.id
                if key:
                    self._people.put(key, person_id)
                card = actor_card(page.details, lang, page.titles)
                self._actors.put((person_id, lang.tag), card)
                return card
            person_id = known
        return await self._actors.get_or_load(
            (person_id, lang.tag), partial(self._render_actor, person_id, lang)
        )

    async def _render_actor(self, person_id: int, lang: Lang) -> discord.Embed:
        page = await self.pages.person(person_id, tag=lang.tag)
        if page is None:
            raise NotFoundError("That person is no longer in the catalog.")
        return actor_card(page.details, lang, page.titles)

    async def people_choices(self, current: str, limit: int = CHOICES) -> list[tuple[str, str]]:
        key = normalize(current[:200])
        if not key:
            return []
        found = self._people_choices.get(key)
        if found is None:
            people = await self.pages.people(current[:200], limit)
            found = tuple((clip(p.name, CHOICE_NAME), person_value(p.id)) for p in people)
            self._people_choices.put(key, found)
        return list(found)

    # -- charts ----------------------------------------------------------------------

    async def top(
        self,
        week: dt.date | None,
        category: str,
        country_iso2: str | None,
        korean: bool = False,
        *,
        category_note: bool = True,
        lang: Lang = ENGLISH,
    ) -> TopAnswer:
        """A week's list; `korean` keeps only its Korean titles (each with its rank);
        `category_note`: the member chose the category (see render.charts.top_embed);
        `lang`: the member's language."""
        return await self._tops.get_or_load(
            (week, category, country_iso2, korean, category_note, lang.tag),
            partial(self._render_top, week, category, country_iso2, korean, category_note, lang),
        )

    async def _render_top(
        self,
        week: dt.date | None,
        category: str,
        country_iso2: str | None,
        korean: bool,
        category_note: bool,
        lang: Lang,
    ) -> TopAnswer:
        # The shows' titles in the member's language come in the same read as the list.
        page = await self.pages.top(week, category, country_iso2, lang.tag)
        chart: ChartWeek | None = page.chart
        if chart is None:
            return TopAnswer(page, None)
        if not category_note:
            chart = dataclasses.replace(chart, requested_category=None)
        titles = page.titles
        if korean:
            return TopAnswer(page, korean_top_embed(chart, lang, titles))
        headline = week_highlight(chart, lang, titles)
        return TopAnswer(page, top_embed(chart, headline=headline, lang=lang, titles=titles))

    async def history(self, show_id: int, country_iso2: str | None) -> ChartHistory:
        """Every week the show spent in the global (or a country's) Top 10."""
        return await self._histories.get_or_load(
            (show_id, country_iso2),
            partial(ChartRepository(self.live.db).history, show_id, country_iso2),
        )

    async def countries(self) -> Sequence[tuple[str, str]]:
        """(ISO code, name) of every country with a stored list, by name."""
        return await self._countries.get_or_load(None, self._load_countries)

    async def _load_countries(self) -> tuple[tuple[str, str], ...]:
        return tuple(await self.pages.countries())

    async def find_country(self, text: str) -> str | None:
        """A stored country's ISO code from its code, name or alias (core.countries)."""
        if len(text.strip()) > 100:
            return None
        stored = tuple(await self.countries())
        iso2 = country_code(text, stored)
        return iso2 if any(code == iso2 for code, _ in stored) else None

    async def weeks(self, category: str, country_iso2: str | None) -> Sequence[dt.date]:
        """Weeks with a stored list, newest first."""
        return await self._weeks.get_or_load(
            (category, country_iso2), partial(self._load_weeks, category, country_iso2)
        )

    async def _load_weeks(self, category: str, country_iso2: str | None) -> tuple[dt.date, ...]:
        weeks = await self.live.db.read(
            partial(_weeks, category=category, country_iso2=country_iso2, limit=-1)
        )
        return tuple(weeks)
