"""The bundled trivia set: every answer is a catalog fact with the same source; idempotent."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from core.text import normalize
from db.catalog_loader import SEED_PATH
from db.connection import Database
from db.trivia import BUNDLED, TriviaRepository
from db.trivia_seed import TRIVIA_SEED_PATH, TriviaSeedError, load_trivia_seed, parse_seed


def cited_text(catalog: dict[str, Any]) -> dict[str, str]:
    """Folded catalog text per source key: what each source is cited for."""
    texts: dict[str, list[str]] = defaultdict(list)

    def add(source: str | None, *values: object) -> None:
        if source:
            texts[source] += [str(v) for v in values if v is not None]

    for person in catalog["people"]:
        add(person.get("source"), person["name"], person.get("name_ko"), person.get("bio"))
    for show in catalog["shows"]:
        for part in ("based_on", "summary"):
            if show.get(part):
                add(show[part].get("source"), show[part]["text"])
        for alias in show.get("aliases") or []:
            add(alias.get("source"), alias["alias"])
        for season in show.get("seasons") or []:
            add(season.get("episodes_source"), season.get("episodes"))
            for release in season.get("releases") or []:
                add(release.get("source"), release["platform"], release.get("date"))
        for credit in show.get("credits") or []:
            add(
                credit.get("source"),
                credit["person"],
                credit.get("character"),
                credit.get("description"),
            )
        for fact in show.get("facts") or []:
            add(fact.get("source"), fact["text"])
    return {key: normalize(" ".join(values)) for key, values in texts.items()}


def test_every_bundled_answer_is_a_sourced_catalog_fact() -> None:
    catalog = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    cited = cited_text(catalog)
    everything = " ".join(cited.values())
    slugs = {show["slug"] for show in catalog["shows"]}
    entries = parse_seed(TRIVIA_SEED_PATH.read_bytes())
    assert len(entries) >= 20
    for entry in entries:
        assert entry.show in slugs, entry.key
        assert entry.source in catalog["sources"], entry.key
        assert normalize(entry.answer) in cited.get(entry.source, ""), entry.key
        for alias in entry.aliases:
            assert normalize(alias) in everything, (entry.key, alias)


def test_bundled_set_is_spread_across_the_catalog() -> None:
    catalog = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    entries = parse_seed(TRIVIA_SEED_PATH.read_bytes())
    per_show = Counter(entry.show for entry in entries)
    # Every show gets a few questions and none dominates a game.
    for show in catalog["shows"]:
        assert per_show[show["slug"]] >= 2, show["slug"]
    most, count = per_show.most_common(1)[0]
    assert count <= len(entries) * 0.2, (most, count, len(entries))


async def test_seed_is_loaded_once_and_kept_in_step(db: Database, tmp_path: Path) -> None:
    repo = TriviaRepository(db)
    bundled = await repo.count(BUNDLED)
    assert bundled == len(parse_seed(TRIVIA_SEED_PATH.read_bytes()))
    assert await load_trivia_seed(db) is None  # unchanged file: nothing to do
    data = json.loads(TRIVIA_SEED_PATH.read_text(encoding="utf-8"))
    kept = data["entries"][:3]
    kept[0] = {**kept[0], "answer": "Wavve", "difficulty": "hard"}
    smaller = tmp_path / "trivia.json"
    smaller.write_text(json.dumps({"format": 1, "entries": kept}), encoding="utf-8")
    assert await load_trivia_seed(db, smaller) == 3
    assert await repo.count(BUNDLED) == 3
    assert await load_trivia_seed(db, smaller) is None
    first = await repo.get(BUNDLED, 1)
    assert first.difficulty == "hard"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "not valid JSON"),
        (b'{"format": 2, "entries": []}', "format 1"),
        (b'{"format": 1, "entries": [{"key": "k"}]}', "show: is required"),
        (
            b'{"format": 1, "entries": [{"key": "k", "show": "s", "source": "x", '
            b'"question": "q?", "answer": "' + b"a" * 101 + b'"}]}',
            "limit is 100",
        ),
    ],
)
def test_broken_seed_files_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(TriviaSeedError, match=message):
        parse_seed(content)


async def test_seed_naming_an_unknown_show_changes_nothing(db: Database, tmp_path: Path) -> None:
    entry = {"key": "k", "show": "nope", "source": "netflix-top10", "question": "Q?", "answer": "A"}
    path = tmp_path / "trivia.json"
    path.write_text(json.dumps({"format": 1, "entries": [entry]}), encoding="utf-8")
    before = await TriviaRepository(db).count(BUNDLED)
    with pytest.raises(TriviaSeedError, match="not in the catalog"):
        await load_trivia_seed(db, path)
    assert await TriviaRepository(db).count(BUNDLED) == before
