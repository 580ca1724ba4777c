"""Read side of the show catalog: the only SQL that cogs (through this class) run on it."""

from __future__ import annotations

# Row types of the catalog's read side, importable from here as before.
__all__ = [
    "Alias",
    "CatalogRepository",
    "CatalogStats",
    "Credit",
    "Fact",
    "Person",
    "PersonDetails",
    "Rating",
    "Release",
    "Role",
    "Season",
    "Show",
    "ShowDetails",
    "Source",
    "build_title_index",
]

import sqlite3
from dataclasses import dataclass
from functools import partial

from core.matching import IndexedShow, TitleIndex
from core.text import normalize
from db.catalog_people import Person, PersonDetails, Role, load_person
from db.catalog_rows import Source, fetch_one, fetch_rows, load_sources
from db.connection import Database
from db.provider_details import NO_PROVIDER_FACTS, ProviderFacts, load_provider_facts


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
    source: str | None = None  # source key ("tvmaze:61390" for a provider's cast)
    provider: str | None = None  # tvmaze | tmdb when a provider listed it


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
    language: str | None = None  # ISO 639-1, from a provider
    premiered: str | None = None  # YYYY-MM-DD, from a provider


@dataclass(frozen=True)
class ShowDetails:
    show: Show
    aliases: tuple[Alias, ...]
    seasons: tuple[Season, ...]
    credits: tuple[Credit, ...]  # curated first, then providers' cast not already credited
    ratings: tuple[Rating, ...]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    provider: ProviderFacts = NO_PROVIDER_FACTS

    @property
    def premiered_year(self) -> int | None:
        dates = [r.date for s in self.seasons for r in s.releases if r.date]
        return _year(self.show.premiered) or _year(min(dates) if dates else None)

    @property
    def episode_count(self) -> int | None:
        """Curated when every curated season states it, else the providers' count."""
        if self.seasons and all(s.episodes for s in self.seasons):
            return sum(s.episodes or 0 for s in self.seasons)
        return self.provider.episode_count


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
        language=row["language"],
        premiered=row["premiered"],
    )


def build_title_index(conn: sqlite3.Connection) -> TitleIndex:
    """Everything the title index needs, in three queries whatever the catalog size."""
    first_release = dict(
        conn.execute(
            "SELECT se.show_id, MIN(r.release_date) FROM releases r "
            "JOIN seasons se ON se.id = r.season_id GROUP BY se.show_id"
        ).fetchall()
    )
    # Country is the effective origin (curated, else a provider's), so Korean titles can be
    # ranked first; the year is a provider's premiere when no curated release dates it.
    shows = [
        IndexedShow(
            id=show_id,
            title=title,
            year=_year(premiered) or _year(first_release.get(show_id)),
            country=country,
            # Curated shows outrank chart-only stubs when scores tie.
            popularity=1 if origin == "catalog" else 0,
        )
        for show_id, title, country, origin, premiered in conn.execute(
            "SELECT id, title, country, origin, premiered FROM shows"
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


def _load_show(conn: sqlite3.Connection, show_id: int) -> ShowDetails | None:
    row = fetch_one(conn, "SELECT * FROM shows WHERE id = ?", (show_id,))
    if row is None:
        return None
    show = _show(row)
    source_keys: list[int] = [
        row[f"{field}_source_id"]
        for field in ("based_on", "summary", "kind", "country", "title_ko", "language", "premiered")
        if row[f"{field}_source_id"]
    ]
    releases: dict[int, list[Release]] = {}
    for rel in fetch_rows(
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
        for se in fetch_rows(
            conn, "SELECT * FROM seasons WHERE show_id = ? ORDER BY number", (show_id,)
        )
    )
    aliases = tuple(
        Alias(a["alias"], a["kind"])
        for a in fetch_rows(
            conn, "SELECT alias, kind FROM aliases WHERE show_id = ? ORDER BY id", (show_id,)
        )
    )
    credits: list[Credit] = []
    provider_credited: set[int] = set()
    for c in fetch_rows(
        conn,
        "SELECT c.*, p.name, p.name_ko, se.number AS season_number, s.key AS source_key, "
        "s.provider FROM credits c JOIN people p ON p.id = c.person_id "
        "LEFT JOIN seasons se ON se.id = c.season_id LEFT JOIN sources s ON s.id = c.source_id "
        "WHERE c.show_id = ? ORDER BY s.provider IS NOT NULL, s.provider = 'tvmaze', "
        "c.billing, c.id",
        (show_id,),
    ):
        if c["provider"] is not None:
            # A provider's cast adds people the curated credits lack, once each.
            if c["person_id"] in provider_credited or any(
                k.person_id == c["person_id"] for k in credits if k.provider is None
            ):
                continue
            provider_credited.add(c["person_id"])
        credits.append(
            Credit(
                person_id=c["person_id"],
                person=c["name"],
                person_ko=c["name_ko"],
                season_number=c["season_number"],
                character=c["character"],
                role=c["role"],
                description=c["description"],
                source=c["source_key"],
                provider=c["provider"],
            )
        )
        if c["source_id"]:
            source_keys.append(c["source_id"])
    ratings = []
    for r in fetch_rows(
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
    for f in fetch_rows(
        conn,
        "SELECT f.*, se.number AS season_number, s.key AS source_key FROM facts f "
        "LEFT JOIN seasons se ON se.id = f.season_id LEFT JOIN sources s ON s.id = f.source_id "
        "WHERE f.show_id = ? ORDER BY se.number, f.id",
        (show_id,),
    ):
        facts.append(Fact(f["text"], f["season_number"], f["source_key"]))
        if f["source_id"]:
            source_keys.append(f["source_id"])
    provider = load_provider_facts(conn, row)
    source_keys.extend(
        sid
        for (sid,) in fetch_rows(
            conn, "SELECT source_id FROM provider_shows WHERE show_id = ?", (show_id,)
        )
    )
    return ShowDetails(
        show=show,
        aliases=aliases,
        seasons=seasons,
        credits=tuple(credits),
        ratings=tuple(ratings),
        facts=tuple(facts),
        sources=load_sources(conn, source_keys),
        provider=provider,
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
        return await self.db.read(partial(load_person, person_id=person_id))

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
