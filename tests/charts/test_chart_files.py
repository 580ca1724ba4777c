"""Recognising and reading the official files, and rejecting malformed ones precisely."""

import pytest

from db.chart_files import COUNTRIES_KIND, GLOBAL_KIND, ChartFormatError, open_chart_file
from tests.charts.conftest import (
    COUNTRY_HEADER,
    COUNTRY_ROWS,
    GLOBAL_HEADER,
    GLOBAL_HEADER_11,
    GLOBAL_ROWS,
    country_file,
    global_file,
    tsv,
)


def read(
    raw: bytes, name: str = "file.tsv"
) -> tuple[str, list[tuple[object, ...]], dict[str, str]]:
    chart = open_chart_file(raw, name)
    countries: dict[str, str] = {}
    return chart.kind, list(chart.rows(countries)), countries


def test_the_global_file_is_recognised_by_its_header_not_its_name() -> None:
    kind, rows, countries = read(global_file(), "all-weeks-countries.tsv")
    assert kind == GLOBAL_KIND
    assert len(rows) == len(GLOBAL_ROWS)
    assert countries == {}
    weak_hero = next(r for r in rows if r[3] == "2025-04-27" and r[4] == 1)
    assert weak_hero[1:] == (
        "global", "TV (Non-English)", "2025-04-27", 1, "Weak Hero", "Weak Hero: Class 2",
        34_900_000, 5.7667, 6_100_000, 1, None, None,
    )  # fmt: skip


def test_the_country_file_is_recognised_and_names_its_countries() -> None:
    kind, rows, countries = read(country_file(), "all-weeks-global.tsv")
    assert kind == COUNTRIES_KIND
    assert len(rows) == len(COUNTRY_ROWS)
    assert countries == {"KR": "South Korea"}
    assert rows[0][1:] == (
        "KR", "TV", "2025-04-27", 1, "Weak Hero", "Weak Hero: Class 2",
        None, None, None, 1, None, None,
    )  # fmt: skip


def test_bom_crlf_and_quotes_change_nothing() -> None:
    plain = read(global_file())[1]
    assert read(global_file(bom=True))[1] == plain
    assert read(global_file(crlf=True))[1] == plain
    assert read(global_file(quote_all=True))[1] == plain
    assert read(global_file(bom=True, crlf=True, quote_all=True))[1] == plain


def test_empty_or_na_seasons_and_missing_views_are_none() -> None:
    _, rows, _ = read(global_file())
    elite = next(r for r in rows if r[5] == "Elite")
    assert elite[7:10] == (38_720_000, None, None)
    _, rows, _ = read(country_file())
    solo = [r for r in rows if r[5] == "I am Solo" and r[3] == "2022-01-16"]
    assert [r[6] for r in solo] == [None, "I am Solo: 5기-"]
    row = ("2025-04-27", "Films (English)", "1", "A Made-up Film", "", "100", "", "", "1")
    assert read(global_file([row]))[1][0][6] is None


def test_titles_with_commas_colons_and_other_scripts_survive() -> None:
    rich = "Newly Rich, Newly Poor"
    rows = [
        ("2025-04-27", "TV (Non-English)", "1", rich, f"{rich}: Season 1", "1", "", "", "1"),
        ("2025-04-27", "TV (Non-English)", "2", "약한영웅", "약한영웅: Class 2", "1", "", "", "1"),
        ("2025-04-27", "TV (Non-English)", "3", 'The "Quoted" One', "N/A", "1", "", "", "1"),
        ("2025-04-27", "TV (Non-English)", "4", "Tab\there", "N/A", "1", "", "", "1"),
    ]  # fmt: skip
    _, parsed, _ = read(global_file(rows))
    assert [r[5] for r in parsed] == [
        "Newly Rich, Newly Poor", "약한영웅", 'The "Quoted" One', "Tab\there",
    ]  # fmt: skip
    assert parsed[1][6] == "약한영웅: Class 2"


def test_the_eleven_column_global_file_reads_the_launch_columns() -> None:
    row = ("2025-04-27", "TV (English)", "1", "A Made-up Show", "A Made-up Show: Season 1",
           "1000", "1.5", "500", "1", "True", "Weekly episodes")  # fmt: skip
    _, parsed, _ = read(tsv(GLOBAL_HEADER_11, [row]))
    assert parsed[0][11:] == (1, "Weekly episodes")


def test_blank_lines_are_skipped_and_line_numbers_stay_true() -> None:
    raw = global_file(GLOBAL_ROWS[:2]) + b"\n\n" + global_file(GLOBAL_ROWS[2:3]).split(b"\n", 1)[1]
    _, rows, _ = read(raw)
    assert [r[0] for r in rows] == [2, 3, 6]


def bad(rows: list[tuple[str, ...]], header: tuple[str, ...] = GLOBAL_HEADER) -> ChartFormatError:
    with pytest.raises(ChartFormatError) as caught:
        read(tsv(header, rows), "broken.tsv")
    return caught.value


GOOD = GLOBAL_ROWS[0]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (("2025-05-04", "TV (Non-English)", "11", *GOOD[3:]), "weekly_rank '11' is not 1 to 10"),
        (("2025-05-04", "TV (Non-English)", "one", *GOOD[3:]), "weekly_rank 'one'"),
        (("2025-05-03", *GOOD[1:]), "is not a Sunday"),
        (("04/05/2025", *GOOD[1:]), "is not a date"),
        (("2025-02-30", *GOOD[1:]), "is not a date"),
        ((GOOD[0], "Documentaries", *GOOD[2:]), "unknown category 'Documentaries'"),
        ((*GOOD[:3], "", *GOOD[4:]), "show_title must be 1 to 500 characters"),
        ((*GOOD[:3], "x" * 600, *GOOD[4:]), "show_title must be 1 to 500 characters"),
        ((*GOOD[:5], "lots", *GOOD[6:]), "weekly_hours_viewed 'lots' is not a whole number"),
        ((*GOOD[:5], "", *GOOD[6:]), "weekly_hours_viewed is empty"),
        ((*GOOD[:5], "-5", *GOOD[6:]), "weekly_hours_viewed -5 is out of range"),
        ((*GOOD[:6], "long", *GOOD[7:]), "runtime 'long' is not a duration"),
        ((*GOOD[:7], "1.5", GOOD[8]), "weekly_views '1.5' is not a whole number"),
        ((*GOOD[:8], "0"), "cumulative_weeks_in_top_10 0 is out of range"),
        (GOOD[:8], "expected 9 columns, found 8"),
        ((*GOOD, "surplus"), "expected 9 columns, found 10"),
    ],
)
def test_a_malformed_row_names_the_file_line_and_reason(row: tuple[str, ...], reason: str) -> None:
    error = bad([GLOBAL_ROWS[1], GLOBAL_ROWS[2], row])
    assert error.file == "broken.tsv"
    assert error.line == 4
    assert reason in error.reason
    assert str(error).startswith("broken.tsv, line 4: ")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            ("South Korea", "Korea", *COUNTRY_ROWS[0][2:]),
            "country_iso2 'Korea' is not a two-letter code",
        ),
        (("South Korea", "kr", *COUNTRY_ROWS[0][2:]), "two-letter code"),
        (("", "KR", *COUNTRY_ROWS[0][2:]), "country_name must be 1 to 100 characters"),
        ((*COUNTRY_ROWS[0][:7], ""), "cumulative_weeks_in_top_10 is empty"),
    ],
)
def test_malformed_country_rows(row: tuple[str, ...], reason: str) -> None:
    error = bad([row], COUNTRY_HEADER)
    assert error.line == 2
    assert reason in error.reason


def test_trailing_empty_cells_are_tolerated() -> None:
    raw = tsv(GLOBAL_HEADER, [(*GOOD, "", "")])
    assert len(read(raw)[1]) == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "not a Netflix Top 10 file"),
        (b"title\tyear\nWeak Hero\t2022\n", "found title, year"),
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet (XLSX)"),
        ("week\tcategory\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_files_that_are_not_top_10_files_are_refused_at_line_1(raw: bytes, reason: str) -> None:
    with pytest.raises(ChartFormatError) as caught:
        read(raw)
    assert caught.value.line == 1
    assert reason in caught.value.reason


def test_invalid_utf8_names_its_line() -> None:
    raw = (
        global_file(GLOBAL_ROWS[:3])
        + b"2025-04-27\tTV (Non-English)\t4\tBad \xff title\tN/A\t1\t\t\t1\n"
    )
    with pytest.raises(ChartFormatError) as caught:
        read(raw)
    assert caught.value.line == 5


def test_a_header_naming_a_column_twice_is_refused() -> None:
    with pytest.raises(ChartFormatError, match="names a column twice"):
        read(tsv((*GLOBAL_HEADER, "week"), []))


def test_comma_separated_files_are_read_too() -> None:
    text = "\n".join(
        ",".join(f'"{cell}"' for cell in row) for row in (GLOBAL_HEADER, GLOBAL_ROWS[32])
    )
    kind, rows, _ = read(text.encode())
    assert kind == GLOBAL_KIND
    assert rows[0][5] == "Newly Rich, Newly Poor"
