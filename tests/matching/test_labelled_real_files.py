"""The labelled titles are real: each is in Netflix's published files, first charting in
the week the set says (skipped when the files are not beside the checkout)."""

import csv
import re
from pathlib import Path

import pytest

from core.text import fold
from core.title_match import search_query
from tests.matching.labelled import load

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "netflix"
FILES = [REAL / "all-weeks-global.tsv", REAL / "all-weeks-countries-2022-01.tsv"]

pytestmark = pytest.mark.skipif(
    not all(f.is_file() for f in FILES), reason="real Netflix files not present"
)


def test_every_labelled_title_charted_first_in_the_week_given() -> None:
    first: dict[tuple[str, str, str], str] = {}
    countries: dict[tuple[str, str], set[str]] = {}
    for path in FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                season = "" if row["season_title"] == "N/A" else row["season_title"]
                key = (row["show_title"], season, row["category"])
                first[key] = min(first.get(key, "9999"), row["week"])
                if "country_iso2" in row:
                    countries.setdefault(key[:2], set()).add(row["country_iso2"])
    for case in load():
        key = (case.title.show_title, case.title.season_title, case.category)
        assert first.get(key) == case.title.first_week, case.label
        assert set(case.title.countries) == countries.get(key[:2], set()), case.label


def test_the_query_for_every_real_title_is_its_show_title_without_netflix_markers() -> None:
    """Netflix's show_title column is already the bare name: across every real row the
    query differs from it only by a dub, cut, country or year in brackets, or by a
    `Class N` season that is part of the name."""
    seen: set[tuple[str, str, bool]] = set()
    changed = {}
    for path in FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                season = "" if row["season_title"] == "N/A" else row["season_title"]
                key = (row["show_title"], season, row["category"].startswith("Films"))
                if key in seen:
                    continue
                seen.add(key)
                query = search_query(key[0], season, is_film=key[2])
                assert query.strip(), key
                if fold(query) != fold(key[0]):
                    changed[key[0]] = query
    assert changed.pop("Weak Hero") in ("Weak Hero: Class 1", "Weak Hero: Class 2")
    for show, query in changed.items():
        assert show.startswith(query), (show, query)
        assert re.fullmatch(r"\s*(\(.*\)|: Extended Cut|: Director's Cut)\s*", show[len(query) :])
