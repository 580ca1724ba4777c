"""The bundled catalog's dates, counts and names: as precise as a source says, spelled right."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from app import HallyuBot
from console import Console
from core.text import normalize
from db.catalog_loader import SEED_PATH
from db.trivia_seed import TRIVIA_SEED_PATH
from tests.facts.claims import read_global

HERE = Path(__file__).resolve().parent
SOURCES_MD = SEED_PATH.with_name("SOURCES.md")


def catalog() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    return data


def used_sources(node: object) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "episodes_source") and isinstance(value, str):
                found.add(value)
            else:
                found |= used_sources(value)
    elif isinstance(node, list):
        for item in node:
            found |= used_sources(item)
    return found


def test_every_source_is_used_and_listed_in_sources_md() -> None:
    data = catalog()
    trivia = json.loads(TRIVIA_SEED_PATH.read_text(encoding="utf-8"))
    used = used_sources(data["shows"]) | used_sources(data["people"]) | used_sources(trivia)
    assert used == set(data["sources"])
    listed = set(re.findall(r"^- \*\*`([^`]+)`\*\*", SOURCES_MD.read_text(encoding="utf-8"), re.M))
    assert listed == set(data["sources"])


def test_a_netflix_date_of_a_charted_season_is_a_day_in_its_first_charted_week() -> None:
    """Netflix's list dates the first week; a season's Netflix date must agree, to the day."""
    rows = read_global((HERE / "netflix-global-rows.tsv").read_text(encoding="utf-8"))
    first_week: dict[str, dt.date] = {}
    for row in rows:
        week = dt.date.fromisoformat(row.week)
        key = normalize(row.season_title)
        if row.weeks == 1:
            first_week[key] = week
    checked = 0
    for show in catalog()["shows"]:
        for season in show["seasons"]:
            end = first_week.get(normalize(season["title"]))
            if end is None:
                continue
            netflix = [r for r in season["releases"] if r["platform"] == "Netflix"]
            assert netflix, season["title"]
            for release in netflix:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", release["date"]), season["title"]
                date = dt.date.fromisoformat(release["date"])
                assert end - dt.timedelta(days=6) <= date <= end, season["title"]
                checked += 1
    assert checked >= 4


def test_squid_game_season_3_has_its_sourced_date_and_episodes() -> None:
    squid = next(s for s in catalog()["shows"] if s["slug"] == "squid-game")
    third = next(s for s in squid["seasons"] if s["number"] == 3)
    assert third["episodes"] == 6 and third["episodes_source"] == "indiatoday-2025-06-27"
    assert [(r["date"], r["source"]) for r in third["releases"]] == [
        ("2025-06-27", "indiatoday-2025-06-27")
    ]


def test_geum_seong_je_is_spelled_as_the_sources_spell_him() -> None:
    for path in (SEED_PATH, TRIVIA_SEED_PATH, SOURCES_MD):
        text = path.read_text(encoding="utf-8")
        assert "Seong-jae" not in text, path.name
    weak_hero = next(s for s in catalog()["shows"] if s["slug"] == "weak-hero")
    characters = {c["person"]: c["character"] for c in weak_hero["credits"]}
    assert characters["Lee Jun-young"] == "Geum Seong-je"


async def test_cast_shows_geum_seong_je(offline_bot: HallyuBot) -> None:
    out = io.StringIO()
    status = await Console(offline_bot, out).execute("/cast weak hero season:2")
    assert status == 0, out.getvalue()
    assert "Lee Jun-young as Geum Seong-je" in out.getvalue().replace("*", "")
