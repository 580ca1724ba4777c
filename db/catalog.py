"""Read side of the show catalog: the only SQL that cogs (through this class) run on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from core.matching import IndexedShow, TitleIndex
from core.text import normalize
from db.connection import Database


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str | None
    url: str | None
    published: str | None


@dataclass(frozen=True)
class Release:
    platform: str
    date: str | None
    is_original: bool
    source: str | None


@dataclass(frozen=True)
class Season:
    id: int
    number: int
    title: str | None
    title_ko: str | None
    episodes: int | None
    releases: tuple[Release, ...]


@dataclass(frozen=True)
class Credit:
    person_id: int
    person: str
    person_ko: str | None
    season_number: int | None
    character: str | None
    role: str
    description: str | None


@dataclass(frozen=True)
class Rating:
    name: str
    value: float
    scale: float
    as_of: str | None
    season_number: int | None
    source: str | None


@dataclass(frozen=True)
class Fact:
    text: str
    season_number: int | None
    source: str | None


@dataclass(frozen=True)
class Alias:
    alias: str
    kind: str


@dataclass(frozen=True)
class Show:
    id: int
    slug: str
    title: str
    title_ko: str | None
    kind: str
    country: str | None
    based_on: str | None
    summary: str | None
    origin: str


@dataclass(frozen=True)
class ShowDetails:
    show: Show
    aliases: tuple[Alias, ...]
    seasons: tuple[Season, ...]
    credits: tuple[Credit, ...]
    ratings: tuple[Rating, ...]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    name_ko: str | None
    bio: str | None


@dataclass(frozen=True)
class Role:
    show_id: int
    show_title: str
    season_number: int | None
    season_title: str | None
    character: str | None
    role: str
    description: str | None


@dataclass(frozen=True)
class PersonDetails:
    person: Person
    roles: tuple[Role, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class CatalogStats:
    shows: int
    seasons: int
    people: int
    credits: int
    sources: int


def _show(row: sqlite3.Row) -> Show:
    return Show(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        title_ko=row["title_ko"],
        kind=row["kind"],
        country=row["country"],
        based_on=row["based_on"],
        summary=row["summary"],
        origin=row["origin"],
    )


def build_title_index(conn: sqlite3.Connection) -> TitleIndex:
    """Everything the title index needs, in three queries whatever the catalog size."""
    first_release = dict(
        conn.execute(
            "SELECT se.show_id, MIN(r.release_date) FROM releases r "
            "JOIN seasons se ON se.id = r.season_id GROUP BY se.show_id"
        ).fetchall()
    )
    shows = [
        IndexedShow(
            id=show_id,
            title=title,
            year=_year(first_release.get(show_id)),
            country=country,
            # Curated shows outrank chart-only stubs when scores tie.
            popularity=1 if origin == "catalog" else 0,
        )
        for show_id, title, country, origin in conn.execute(
            "SELECT id, title, country, origin FROM shows"
        )
    ]
    names = conn.execute(
        "SELECT id, title_ko FROM shows WHERE title_ko IS NOT NULL "
        "UNION ALL SELECT show_id, alias FROM aliases "
        "UNION ALL SELECT show_id, title FROM seasons WHERE title IS NOT NULL "
        "UNION ALL SELECT show_id, title_ko FROM seasons WHERE title_ko IS NOT NULL"
    ).fetchall()
    return TitleIndex.build(shows, names)


def _year(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _all(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


def _one(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
    return row


def _load_show(conn: sqlite3.Connection, show_id: int) -> ShowDetails | None:
    row = _one(conn, "SELECT * FROM shows WHERE id = ?", (show_id,))
    if row is None:
        return None
    show = _show(row)
    source_keys: list[int] = [
        sid for sid in (row["based_on_source_id"], row["summary_source_id"]) if sid
    ]
    releases: dict[int, list[Release]] = {}
    for rel in _all(
        conn,
        "SELECT r.*, s.key AS source_key FROM releases r "
        "JOIN seasons se ON se.id = r.season_id LEFT JOIN sources s ON s.id = r.source_id "
        "WHERE se.show_id = ? ORDER BY r.is_original DESC, r.release_date",
        (show_id,),
    ):
        releases.setdefault(rel["season_id"], []).append(
            Release(
                rel["platform"],
                rel["release_date"],
                bool(rel["is_original"]),
                rel["source_key"],
            )
        )
        if rel["source_id"]:
            source_keys.append(rel["source_id"])
    seasons = tuple(
        Season(
            id=se["id"],
            number=se["number"],
            title=se["title"],
            title_ko=se["title_ko"],
            episodes=se["episodes"],
            releases=tuple(releases.get(se["id"], ())),
        )
        for se in _all(conn, "SELECT * FROM seasons WHERE show_id = ? ORDER BY number", (show_id,))
    )
    aliases = tuple(
        Alias(a["alias"], a["kind"])
        for a in _all(
            conn, "SELECT alias, kind FROM aliases WHERE show_id = ? ORDER BY id", (show_id,)
        )
    )
    credits = []
    for c in _all(
        conn,
        "SELECT c.*, p.name, p.name_ko, se.number AS season_number FROM credits c "
        "JOIN people p ON p.id = c.person_id LEFT JOIN seasons se ON se.id = c.season_id "
        "WHERE c.show_id = ? ORDER BY c.billing, c.id",
        (show_id,),
    ):
        credits.append(
            Credit(
                person_id=c["person_id"],
                person=c["name"],
                person_ko=c["name_ko"],
                season_number=c["season_number"],
                character=c["character"],
                role=c["role"],
                description=c["description"],
            )
        )
        if c["source_id"]:
            source_keys.append(c["source_id"])
    ratings = []
    for r in _all(
        conn,
        "SELECT r.*, se.number AS season_number, s.key AS source_key FROM ratings r "
        "LEFT JOIN seasons se ON se.id = r.season_id LEFT JOIN sources s ON s.id = r.source_id "
        "WHERE r.show_id = ? ORDER BY se.number, r.id",
        (show_id,),
    ):
        ratings.append(
            Rating(
                r["name"],
                r["value"],
                r["scale"],
                r["as_of"],
                r["season_number"],
                r["source_key"],
            )
        )
        if r["source_id"]:
            source_keys.append(r["source_id"])
    facts = []
    for f in _all(
        conn,
        "SELECT f.*, se.number AS season_number, s.key AS source_key FROM facts f "
        "LEFT JOIN seasons se ON se.id = f.season_id LEFT JOIN sources s ON s.id = f.source_id "
        "WHERE f.show_id = ? ORDER BY se.number, f.id",
        (show_id,),
    ):
        facts.append(Fact(f["text"], f["season_number"], f["source_key"]))
        if f["source_id"]:
            source_keys.append(f["source_id"])
    return ShowDetails(
        show=show,
        aliases=aliases,
        seasons=seasons,
        credits=tuple(credits),
        ratings=tuple(ratings),
        facts=tuple(facts),
        sources=_load_sources(conn, source_keys),
    )


def _load_sources(conn: sqlite3.Connection, ids: list[int]) -> tuple[Source, ...]:
    unique = list(dict.fromkeys(ids))
    if not unique:
        return ()
    marks = ",".join("?" * len(unique))
    rows = _all(
        conn,
        f"SELECT * FROM sources WHERE id IN ({marks}) ORDER BY id",  # noqa: S608 - only ?s
        unique,
    )
    return tuple(
        Source(r["key"], r["title"], r["publisher"], r["url"], r["published"]) for r in rows
    )


def _load_person(conn: sqlite3.Connection, person_id: int) -> PersonDetails | None:
    row = _one(conn, "SELECT * FROM people WHERE id = ?", (person_id,))
    if row is None:
        return None
    source_ids = [row["bio_source_id"]] if row["bio_source_id"] else []
    roles = []
    for r in _all(
        conn,
        "SELECT c.*, sh.title AS show_title, se.number AS season_number, "
        "se.title AS season_title FROM credits c JOIN shows sh ON sh.id = c.show_id "
        "LEFT JOIN seasons se ON se.id = c.season_id WHERE c.person_id = ? "
        "ORDER BY sh.title, se.number",
        (person_id,),
    ):
        roles.append(
            Role(
                show_id=r["show_id"],
                show_title=r["show_title"],
                season_number=r["season_number"],
                season_title=r["season_title"],
                character=r["character"],
                role=r["role"],
                description=r["description"],
            )
        )
        if r["source_id"]:
            source_ids.append(r["source_id"])
    return PersonDetails(
        person=Person(row["id"], row["name"], row["name_ko"], row["bio"]),
        roles=tuple(roles),
        sources=_load_sources(conn, source_ids),
    )


class CatalogRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def title_index(self) -> TitleIndex:
        """Built in the reader thread: tens of thousands of rows and folds stay off the loop."""
        return await self.db.read(build_title_index)

    async def show(self, show_id: int) -> ShowDetails | None:
        return await self.db.read(partial(_load_show, show_id=show_id))

    async def find_people(self, name: str, limit: int = 10) -> list[Person]:
        """Exact folded name first, then names containing the query."""
        key = normalize(name)
        if not key:
            return []
        rows = await self.db.fetchall(
            "SELECT * FROM people WHERE normalized = ? OR name_ko = ? "
            "UNION SELECT * FROM people WHERE instr(normalized, ?) > 0 "
            "ORDER BY name LIMIT ?",
            (key, name.strip(), key, limit),
        )
        people = [Person(r["id"], r["name"], r["name_ko"], r["bio"]) for r in rows]
        people.sort(key=lambda p: normalize(p.name) != key and p.name_ko != name.strip())
        return people

    async def person(self, person_id: int) -> PersonDetails | None:
        return await self.db.read(partial(_load_person, person_id=person_id))

    async def stats(self) -> CatalogStats:
        row = await self.db.fetchone(
            "SELECT (SELECT COUNT(*) FROM shows) AS shows, (SELECT COUNT(*) FROM seasons) AS "
            "seasons, (SELECT COUNT(*) FROM people) AS people, (SELECT COUNT(*) FROM credits) "
            "AS credits, (SELECT COUNT(*) FROM sources) AS sources"
        )
        assert row is not None
        return CatalogStats(
            row["shows"], row["seasons"], row["people"], row["credits"], row["sources"]
        )

    async def meta(self, key: str) -> str | None:
        value = await self.db.fetchval("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)
