"""The labelled titles are real: each is in Netflix's published files, first charting in
the week the set says (skipped when the files are not beside the checkout)."""

import csv
from pathlib import Path

import pytest

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
