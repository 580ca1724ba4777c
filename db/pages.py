"""Everything one card needs, read in one call: one reader-thread hop, one snapshot.

A card is rendered once per data generation (see services/cards.py); when it is not in
memory yet, its rows come from here, so a miss never loads the same show twice.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from functools import partial

from core.text import normalize

# The read functions of the two repositories, reused so each query is written once.
from db.catalog import Person, PersonDetails, ShowDetails, _load_show
from db.catalog_people import load_person
from db.charts import (
    ChartHistory,
    ChartWeek,
    CountryRun,
    _country_name,
    _country_runs,
    _history,
    _latest_week,
    _top,
)
from db.connection import Database
from db.local_titles import NONE, LocalTitles, local_titles

# English reads the titles as stored: no local titles to look up.
ENGLISH = "en"


@dataclass(frozen=True)
class ShowPage:
    details: ShowDetails
    history: ChartHistory  # global Top 10 weeks, for the card's chart line
    # Without global weeks: the countries' lists it was in, for the card's pointer.
    countries: tuple[CountryRun, ...] = ()
    # The show's and its seasons' titles in the language asked for (db/local_titles.py).
    titles: LocalTitles = NONE


@dataclass(frozen=True)
class CastPage:
    details: ShowDetails
    titles: LocalTitles = NONE


@dataclass(frozen=True)
class PersonPage:
    details: PersonDetails
    titles: LocalTitles = NONE  # the titles of the shows the person played in


@dataclass(frozen=True)
class TopPage:
    latest: dt.date | None  # the newest stored week of that list (None: no list at all)
    where: str  # "global", the country's name, or its code
    chart: ChartWeek | None  # the week asked for (the newest when none was)
    titles: LocalTitles = NONE  # the entries' titles in the language asked for


def _show_titles(conn: sqlite3.Connection, details: ShowDetails, tag: str) -> LocalTitles:
    if tag == ENGLISH:
        return NONE
    return local_titles(conn, tag, [details.show.id], [s.id for s in details.seasons])


def show_page(conn: sqlite3.Connection, show_id: int, tag: str = ENGLISH) -> ShowPage | None:
    """`tag`: the reader's language (core.locales), for the show's local title."""
    details = _load_show(conn, show_id)
    if details is None:
        return None
    history = _history(conn, show_id, None)
    countries = () if history.entries else tuple(_country_runs(conn, show_id))
    return ShowPage(details, history, countries, _show_titles(conn, details, tag))


def cast_page(conn: sqlite3.Connection, show_id: int, tag: str = ENGLISH) -> CastPage | None:
    details = _load_show(conn, show_id)
    if details is None:
        return None
    return CastPage(details, _show_titles(conn, details, tag))


def find_people(conn: sqlite3.Connection, name: str, limit: int = 10) -> list[Person]:
    """Exact folded name (or Hangul name) first, then names containing the query."""
    key = normalize(name)
    if not key:
        return []
    rows = conn.execute(
        "SELECT * FROM people WHERE normalized = ? OR name_ko = ? "
        "UNION SELECT * FROM people WHERE instr(normalized, ?) > 0 "
        "ORDER BY name LIMIT ?",
        (key, name.strip(), key, limit),
    ).fetchall()
    people = [Person(r["id"], r["name"], r["name_ko"], r["bio"]) for r in rows]
    people.sort(key=lambda p: normalize(p.name) != key and p.name_ko != name.strip())
    return people


def person_page(
    conn: sqlite3.Connection, person_id: int | None, name: str | None, tag: str = ENGLISH
) -> PersonPage | None:
    """The person with this id, or else the best match for `name`, with their shows'
    titles in the language `tag`."""
    if person_id is None:
        people = find_people(conn, name or "", 1)
        if not people:
            return None
        person_id = people[0].id
    details = load_person(conn, person_id)
    if details is None:
        return None
    if tag == ENGLISH or not details.roles:
        return PersonPage(details)
    shows = [role.show_id for role in details.roles]
    seasons = [role.season_id for role in details.roles if role.season_id is not None]
    return PersonPage(details, local_titles(conn, tag, shows, seasons))


def top_page(
    conn: sqlite3.Connection,
    week: dt.date | None,
    category: str,
    country_iso2: str | None,
    tag: str = ENGLISH,
) -> TopPage:
    where = "global" if country_iso2 is None else _country_name(conn, country_iso2) or country_iso2
    latest_text = _latest_week(conn, category, country_iso2)
    latest = None if latest_text is None else dt.date.fromisoformat(latest_text)
    wanted = week or latest
    chart = None if wanted is None else _top(conn, wanted, category, country_iso2)
    if chart is None or tag == ENGLISH:
        return TopPage(latest, where, chart)
    titles = local_titles(
        conn,
        tag,
        [e.show_id for e in chart.entries],
        [e.season_id for e in chart.entries if e.season_id],
    )
    return TopPage(latest, where, chart, titles)


def countries(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute("SELECT iso2, name FROM chart_countries ORDER BY name").fetchall()
    return [(row["iso2"], row["name"]) for row in rows]


class PageRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def show(self, show_id: int, tag: str = ENGLISH) -> ShowPage | None:
        return await self.db.read(partial(show_page, show_id=show_id, tag=tag))

    async def cast(self, show_id: int, tag: str = ENGLISH) -> CastPage | None:
        return await self.db.read(partial(cast_page, show_id=show_id, tag=tag))

    async def person(
        self, person_id: int | None, name: str | None = None, tag: str = ENGLISH
    ) -> PersonPage | None:
        return await self.db.read(partial(person_page, person_id=person_id, name=name, tag=tag))

    async def people(self, name: str, limit: int) -> list[Person]:
        return await self.db.read(partial(find_people, name=name, limit=limit))

    async def top(
        self, week: dt.date | None, category: str, country_iso2: str | None, tag: str = ENGLISH
    ) -> TopPage:
        return await self.db.read(
            partial(top_page, week=week, category=category, country_iso2=country_iso2, tag=tag)
        )

    async def countries(self) -> list[tuple[str, str]]:
        return await self.db.read(countries)
