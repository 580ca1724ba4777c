"""A country file whose first row leaves the week, category and country empty is
rejected like any bad row (it once slipped past the list check and crashed)."""

from __future__ import annotations

import pytest

from db.chart_files import ChartFormatError, open_chart_file
from db.chart_import import import_netflix_file
from db.connection import Database
from tests.charts.conftest import COUNTRY_HEADER, tsv

ROW = ("South Korea", "", "", "", "1", "Weak Hero", "Weak Hero: Class 2", "1")


async def test_empty_list_cells_in_the_first_row_are_rejected(db: Database) -> None:
    raw = tsv(COUNTRY_HEADER, [ROW])
    with pytest.raises(ChartFormatError) as reference:
        list(open_chart_file(raw, "file.tsv").rows({}))
    with pytest.raises(ChartFormatError) as imported:
        await import_netflix_file(db, raw, "file.tsv")
    assert (imported.value.line, imported.value.reason) == (
        reference.value.line,
        reference.value.reason,
    )
    assert await db.fetchval("SELECT COUNT(*) FROM chart_country") == 0
