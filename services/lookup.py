"""Turning what a member typed (or picked in autocomplete) into a show or a person."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from core.errors import NotFoundError, UserError
from core.i18n import Text, deferred
from core.matching import IndexedShow, TitleIndex, is_ambiguous, query_key, strip_markup
from core.text import clip, normalize
from db.catalog import CatalogRepository, Person, PersonDetails, ShowDetails
from render.limits import CHOICE_NAME, CHOICES, SELECT_OPTIONS
from render.shows import safe
from services.live_search import LiveSearch, ProvidersUnreachable

# Autocomplete puts the id in the value so a pick never searches again by title.
_SHOW_VALUE = re.compile(r"^show:(\d{1,18})$")
_PERSON_VALUE = re.compile(r"^person:(\d{1,18})$")
MAX_QUERY = 200
SUGGESTED = 3
T = TypeVar("T")


def no_person(text: str) -> Text:
    return deferred("No one in the catalog matches “{query}”.", query=shown_query(text))


def show_value(show_id: int) -> str:
    return f"show:{show_id}"


def person_value(person_id: int) -> str:
    return f"person:{person_id}"


@dataclass(frozen=True)
class ShowLookup:
    """Exactly one of: `details` (a clear answer) or `choices` (the member must pick)."""

    details: ShowDetails | None = None
    choices: tuple[IndexedShow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ShowMatch:
    """Exactly one of: `show_id` (a clear answer) or `choices` (the member must pick)."""

    show_id: int | None = None
    choices: tuple[IndexedShow, ...] = field(default_factory=tuple)


def shown_query(text: str) -> str:
    """What the member typed, shortened and escaped to be quoted back."""
    return safe(clip(text.strip(), 80))


def check_query(query: str, what: Literal["show", "person"]) -> str:
    text = query.strip()
    if not text:
        if what == "show":
            raise UserError("Type a show's title to look up.")
        raise UserError("Type a name to look up.")
    if len(text) > MAX_QUERY:
        if what == "show":
            raise UserError(
                "That is too long for a show's title (at most {count} characters).",
                count=MAX_QUERY,
            )
        raise UserError(
            "That is too long for a name (at most {count} characters).", count=MAX_QUERY
        )
    return text


def no_match(query: str, suggestions: Sequence[IndexedShow]) -> Text:
    """No show by that name, and the titles spelled closest to it."""
    if not suggestions:
        return deferred("No show matches “{query}”.", query=shown_query(query))
    titles = ", ".join(f"**{safe(s.label)}**" for s in suggestions[:SUGGESTED])
    return deferred(
        "No show matches “{query}”. Did you mean: {titles}?",
        query=shown_query(query),
        titles=titles,
    )


def unreachable(miss: NotFoundError) -> NotFoundError:
    """The store's miss, and why no provider could be searched instead."""
    return NotFoundError(
        deferred(
            "{miss}\nNot found here, and the show providers (TVmaze, TMDB) could not be "
            "reached to search further; try again later.",
            miss=miss.text,
        )
    )


class ShowFinder:
    def __init__(self, catalog: CatalogRepository | None, titles: TitleIndex) -> None:
        self.catalog = catalog
        self.titles = titles

    async def by_id(self, show_id: int) -> ShowDetails:
        if self.catalog is None:
            raise RuntimeError("this finder was made for in-memory lookups only")
        details = await self.catalog.show(show_id)
        if details is None:
            raise NotFoundError("That show is no longer in the catalog; search for it again.")
        return details

    async def find(self, query: str) -> ShowLookup:
        found = self.resolve(query)
        if found.show_id is None:
            return ShowLookup(choices=found.choices)
        return ShowLookup(details=await self.by_id(found.show_id))

    def resolve(self, query: str) -> ShowMatch:
        """The show a query names, from the title index alone (no read)."""
        picked = _SHOW_VALUE.match(query.strip())
        if picked:
            return ShowMatch(show_id=int(picked.group(1)))
        text = check_query(query, "show")
        if not normalize(strip_markup(text)):
            raise UserError(
                "“{query}” has no letters or numbers to look up.", query=shown_query(text)
            )
        if not query_key(text):
            raise UserError(
                "“{query}” is too common to look up on its own: type more of the title.",
                query=shown_query(text),
            )
        matches = self.titles.search(text, limit=5)
        if not matches:
            # Only titles spelled close to the query: never ones sharing a few letters.
            raise NotFoundError(no_match(text, self.titles.close_to(text)))
        if is_ambiguous(matches):
            top = matches[0].score
            close = tuple(m.show for m in matches if top - m.score < 10)
            return ShowMatch(choices=close[:SELECT_OPTIONS])
        return ShowMatch(show_id=matches[0].show.id)

    def autocomplete(self, current: str, limit: int = CHOICES) -> list[tuple[str, str]]:
        """(label, value) pairs within Discord's 100-character limits."""
        return [
            (clip(show.label, CHOICE_NAME), show_value(show.id))
            for show in self.titles.suggest(current[:MAX_QUERY], limit)
        ]


class PersonFinder:
    def __init__(self, catalog: CatalogRepository) -> None:
        self.catalog = catalog

    async def find(self, query: str) -> PersonDetails:
        picked = _PERSON_VALUE.match(query.strip())
        if picked:
            details = await self.catalog.person(int(picked.group(1)))
            if details is None:
                raise NotFoundError("That person is no longer in the catalog.")
            return details
        text = check_query(query, "person")
        people = await self.catalog.find_people(text)
        if not people:
            raise NotFoundError(no_person(text))
        details = await self.catalog.person(people[0].id)
        assert details is not None
        return details

    async def autocomplete(self, current: str, limit: int = CHOICES) -> list[tuple[str, str]]:
        people: list[Person] = (
            await self.catalog.find_people(current[:MAX_QUERY], limit) if current.strip() else []
        )
        return [(clip(p.name, CHOICE_NAME), person_value(p.id)) for p in people]


async def show_or_live(
    resolve: Callable[[str], ShowMatch], live: LiveSearch, query: str
) -> ShowMatch:
    """The store first (in memory); on a miss, a live provider search whose clear match is
    stored, so the next lookup is local."""
    try:
        return resolve(query)
    except NotFoundError as miss:
        if not live.enabled or _SHOW_VALUE.match(query.strip()):
            raise
        try:
            show_id = await live.show(query.strip())
        except ProvidersUnreachable:
            raise unreachable(miss) from None
        if show_id is None:
            raise
        return ShowMatch(show_id=show_id)


async def person_or_live(answer: Callable[[str], Awaitable[T]], live: LiveSearch, query: str) -> T:
    """The store first; on a miss, a live provider search for the person (stored with the
    shows of their newest roles), then the store again."""
    try:
        return await answer(query)
    except NotFoundError as miss:
        if not live.enabled or _PERSON_VALUE.match(query.strip()):
            raise
        try:
            found = await live.person(query.strip())
        except ProvidersUnreachable:
            raise unreachable(miss) from None
        if not found:
            raise
        return await answer(query)
