"""A person's details: who they are and their roles across the catalog, with sources."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.catalog_rows import Source, fetch_one, fetch_rows, load_sources


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
    source: str | None = None
    provider: str | None = None
    season_id: int | None = None


@dataclass(frozen=True)
class PersonDetails:
    person: Person
    roles: tuple[Role, ...]
    sources: tuple[Source, ...]


def load_person(conn: sqlite3.Connection, person_id: int) -> PersonDetails | None:
    row = fetch_one(conn, "SELECT * FROM people WHERE id = ?", (person_id,))
    if row is None:
        return None
    source_ids = [row["bio_source_id"]] if row["bio_source_id"] else []
    roles: list[Role] = []
    for r in fetch_rows(
        conn,
        "SELECT c.*, sh.title AS show_title, se.number AS season_number, "
        "se.title AS season_title, s.key AS source_key, s.provider FROM credits c "
        "JOIN shows sh ON sh.id = c.show_id LEFT JOIN seasons se ON se.id = c.season_id "
        "LEFT JOIN sources s ON s.id = c.source_id WHERE c.person_id = ? "
        "ORDER BY sh.title, sh.id, s.provider IS NOT NULL, s.provider = 'tvmaze', se.number",
        (person_id,),
    ):
        if r["provider"] is not None and any(k.show_id == r["show_id"] for k in roles):
            continue  # the show's curated role, or another provider's, says it already
        roles.append(
            Role(
                show_id=r["show_id"],
                show_title=r["show_title"],
                season_number=r["season_number"],
                season_title=r["season_title"],
                character=r["character"],
                role=r["role"],
                description=r["description"],
                source=r["source_key"],
                provider=r["provider"],
                season_id=r["season_id"],
            )
        )
        if r["source_id"]:
            source_ids.append(r["source_id"])
    return PersonDetails(
        person=Person(row["id"], row["name"], row["name_ko"], row["bio"]),
        roles=tuple(roles),
        sources=load_sources(conn, source_ids),
    )
