import copy
import json
from typing import Any

import pytest

from core.catalog_format import CatalogFormatError
from db.catalog_loader import SEED_PATH, load_catalog, load_seed
from db.connection import Database
from tests.db.snapshot import snapshot


def minimal() -> dict[str, Any]:
    return {
        "format": 1,
        "sources": {"src": {"title": "A source", "url": "https://example.org/a"}},
        "people": [{"name": "Kim Test", "name_ko": "김테스트", "source": "src"}],
        "shows": [
            {
                "slug": "test-show",
                "title": "Test Show",
                "title_ko": "테스트 쇼",
                "kind": "drama",
                "country": "KR",
                "aliases": [{"alias": "Testing Show", "kind": "english", "source": "src"}],
                "seasons": [
                    {
                        "number": 1,
                        "title": "Test Show Season 1",
                        "releases": [
                            {"platform": "Netflix", "date": "2024-01-05", "source": "src"}
                        ],
                    }
                ],
                "credits": [
                    {
                        "person": "Kim Test",
                        "season": 1,
                        "character": "Hero",
                        "role": "lead",
                        "source": "src",
                    }
                ],
                "ratings": [
                    {"season": 1, "name": "IMDb", "value": 7.1, "scale": 10, "source": "src"}
                ],
                "facts": [{"text": "A fact.", "source": "src"}],
            }
        ],
    }


def encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


async def test_seed_holds_weak_hero_facts(db: Database) -> None:
    show = await db.fetchone("SELECT * FROM shows WHERE slug = 'weak-hero'")
    assert show is not None and show["title_ko"] == "약한영웅"
    seasons = await db.fetchall(
        "SELECT number, title FROM seasons WHERE show_id = ? ORDER BY number", (show["id"],)
    )
    assert [s["number"] for s in seasons] == [1, 2]
    releases = {
        (r["number"], r["platform"]): r["release_date"]
        for r in await db.fetchall(
            "SELECT se.number, r.platform, r.release_date FROM releases r "
            "JOIN seasons se ON se.id = r.season_id WHERE se.show_id = ?",
            (show["id"],),
        )
    }
    assert releases[(1, "Netflix")] == "2025-03-26"
    assert releases[(1, "Wavve")].startswith("2022")
    assert releases[(2, "Netflix")] == "2025-04-25"
    credit = await db.fetchone(
        "SELECT c.character FROM credits c JOIN people p ON p.id = c.person_id "
        "WHERE p.name = 'Park Ji-hoon' AND c.show_id = ?",
        (show["id"],),
    )
    assert credit is not None and credit["character"] == "Yeon Si-eun"
    ratings = {
        r["name"]: r["value"]
        for r in await db.fetchall("SELECT * FROM ratings WHERE show_id = ?", (show["id"],))
    }
    assert ratings["IMDb"] == 8.5
    aliases = {
        r["alias"]
        for r in await db.fetchall("SELECT alias FROM aliases WHERE show_id = ?", (show["id"],))
    }
    assert "Weak Class Hero" in aliases


async def test_every_seed_fact_has_a_source(db: Database) -> None:
    for table in ("releases", "credits", "ratings", "facts", "aliases"):
        missing = await db.fetchval(f"SELECT COUNT(*) FROM {table} WHERE source_id IS NULL")
        assert missing == 0, table
    assert (
        await db.fetchval(
            "SELECT COUNT(*) FROM shows WHERE (based_on IS NOT NULL AND based_on_source_id IS NULL)"
            " OR (summary IS NOT NULL AND summary_source_id IS NULL)"
        )
        == 0
    )


async def test_seed_load_is_idempotent(db: Database) -> None:
    before = await snapshot(db)
    assert (await load_seed(db)).skipped
    # Even a forced reload of the same content leaves every row as it was.
    await db.raw.execute("DELETE FROM meta WHERE key = 'seed_sha256'")
    await load_seed(db)
    after = await snapshot(db)
    for table in before:
        if table != "meta":
            assert before[table] == after[table], table


async def test_import_then_reimport_changes_nothing(db: Database) -> None:
    await load_catalog(db, encode(minimal()), "extra.json")
    first = await snapshot(db)
    await load_catalog(db, encode(minimal()), "extra.json")
    second = await snapshot(db)
    first.pop("meta"), second.pop("meta")
    assert first == second


def broken_variants() -> list[tuple[str, Any, str]]:
    cases: list[tuple[str, Any, str]] = []

    def variant(name: str, change: Any, message: str) -> None:
        data = minimal()
        change(data)
        cases.append((name, data, message))

    variant("format", lambda d: d.update(format=2), "format")
    variant(
        "unknown source",
        lambda d: d["shows"][0]["facts"][0].update(source="nope"),
        "unknown source",
    )
    variant(
        "bad date",
        lambda d: d["shows"][0]["seasons"][0]["releases"][0].update(date="5 Jan 2024"),
        "YYYY",
    )
    variant(
        "unknown person",
        lambda d: d["shows"][0]["credits"][0].update(person="Nobody"),
        "not in people",
    )
    variant("bad role", lambda d: d["shows"][0]["credits"][0].update(role="villain"), "role")
    variant(
        "rating above scale", lambda d: d["shows"][0]["ratings"][0].update(value=11), "between 0"
    )
    variant("season ref", lambda d: d["shows"][0]["ratings"][0].update(season=7), "season 7")
    variant("empty title", lambda d: d["shows"][0].update(title="  "), "title")
    variant("sql in slug", lambda d: d["shows"][0].update(slug="x'; DROP TABLE shows;--"), "slug")
    variant("huge text", lambda d: d["shows"][0].update(title="x" * 10_000), "longer than")
    variant(
        "duplicate season",
        lambda d: d["shows"][0]["seasons"].append(copy.deepcopy(d["shows"][0]["seasons"][0])),
        "twice",
    )
    variant("not a list", lambda d: d.update(shows={"a": 1}), "must be a list")
    return cases


@pytest.mark.parametrize(
    ("name", "data", "message"), broken_variants(), ids=[c[0] for c in broken_variants()]
)
async def test_bad_catalog_is_rejected_and_changes_nothing(
    db: Database, name: str, data: Any, message: str
) -> None:
    before = await snapshot(db)
    with pytest.raises(CatalogFormatError, match=message) as caught:
        await load_catalog(db, encode(data), "bad.json")
    assert str(caught.value).startswith("bad.json: ")
    assert await snapshot(db) == before


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"\xff\xfe", b"[]", b"null", b'{"format": 1, "shows": [{}]}']
)
async def test_malformed_json_is_rejected(db: Database, raw: bytes) -> None:
    before = await snapshot(db)
    with pytest.raises(CatalogFormatError):
        await load_catalog(db, raw, "bad.json")
    assert await snapshot(db) == before


def test_bundled_seed_file_is_valid() -> None:
    from core.catalog_format import parse_catalog

    data = parse_catalog(SEED_PATH.read_bytes(), SEED_PATH.name)
    slugs = {show["slug"] for show in data["shows"]}
    assert {"weak-hero", "squid-game", "queen-of-tears", "crash-landing-on-you"} <= slugs
