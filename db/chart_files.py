"""Reading Netflix's official Top 10 files: which file it is (by its header) and its rows.

Three formats exist: the global lists (`all-weeks-global`: hours viewed, runtime, views,
cumulative weeks, and in later downloads the staggered-launch columns), the
per-country lists (`all-weeks-countries`: ranks and cumulative weeks only) and the
all-time Most Popular lists (`most-popular`: per category, ten titles with their views
and hours in the first 91 days; read by db.chart_most_popular). Every problem is
reported with the file name, the line number and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, count, repeat
from operator import methodcaller

from core.charts import ALL_CATEGORIES, GLOBAL, MAX_RANK

GLOBAL_KIND = "global"
COUNTRIES_KIND = "countries"
MOST_POPULAR_KIND = "most-popular"
MAX_TITLE = 500
MAX_DETAILS = 2000
_REQUIRED = {
    GLOBAL_KIND: (
        "week",
        "category",
        "weekly_rank",
        "show_title",
        "season_title",
        "weekly_hours_viewed",
        "cumulative_weeks_in_top_10",
    ),
    COUNTRIES_KIND: (
        "country_name",
        "country_iso2",
        "week",
        "category",
        "weekly_rank",
        "show_title",
        "season_title",
        "cumulative_weeks_in_top_10",
    ),
    MOST_POPULAR_KIND: (
        "category",
        "rank",
        "show_title",
        "season_title",
        "hours_viewed_first_91_days",
    ),
}
_OPTIONAL = (
    "runtime", "weekly_views", "is_staggered_launch", "episode_launch_details",
    "views_first_91_days",
)  # fmt: skip
RANKS = {str(n): n for n in range(1, MAX_RANK + 1)}
_NO_SEASON = ("", "N/A")
_BOOLEANS = {"": None, "true": 1, "false": 0, "1": 1, "0": 0, "yes": 1, "no": 0}
_ISO2 = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CATEGORIES = frozenset(ALL_CATEGORIES)

# (line, list, category, week, rank, show_title, season_title, hours, runtime, views,
#  weeks_in_top10, is_staggered_launch, episode_launch_details)
ChartRow = tuple[
    int, str, str, str, int, str, str | None, int | None, float | None, int | None, int,
    int | None, str | None,
]  # fmt: skip


class ChartFormatError(ValueError):
    """The file is not a valid Netflix Top 10 file; nothing from it was stored."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file}, line {line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


@dataclass
class ChartFile:
    """A decoded file whose header has been recognised; iterate `rows()` once."""

    name: str
    kind: str
    text: str
    delimiter: str
    columns: dict[str, int]
    width: int

    @property
    def total_lines(self) -> int:
        return self.text.count("\n") + 1

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) after the header.

        The csv module handles quoting; a file with no quote character at all (Netflix's
        own files have none) has the same cells when split directly, which is twice as
        fast, and this iterator then runs entirely in C.
        """
        text = self.text
        crlf = "\r" in text
        if '"' not in text and (not crlf or text.count("\r") == text.count("\r\n")):
            if crlf:
                text = text.replace("\r\n", "\n")
            # Split a slice at a time: one list of a million lines would make every full
            # garbage collection walk a million pointers.
            lines = chain.from_iterable(map(methodcaller("split", "\n"), _slices(text)))
            next(lines)  # the header, already read
            return zip(count(2), map(str.split, lines, repeat(self.delimiter)), strict=False)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        next(reader)  # the header, already read
        return ((reader.line_num, cells) for cells in reader)

    @staticmethod
    def blank(row: list[str]) -> bool:
        return not row or (len(row) == 1 and not row[0].strip())

    def rows(self, countries: dict[str, str]) -> Iterator[ChartRow]:
        """Validated rows in file order; fills `countries` (ISO code → name) as it goes.

        The reference reader: the importer reads the (large) country file with a fused
        loop that applies these same checks, and asks parse_row to word any error.
        """
        for line, row in self.records():
            if len(row) == self.width or not self.blank(row):
                yield self.parse_row(row, line, countries)

    def parse_row(self, row: list[str], line: int, countries: dict[str, str]) -> ChartRow:
        """One row checked column by column, in the order the columns' checks are made."""
        col = self.columns
        if len(row) != self.width:
            self.check_width(row, line)
        week = self.check_week(row[col["week"]], line)
        category = row[col["category"]]
        if category not in _CATEGORIES:
            raise self.bad_category(category, line)
        rank = RANKS.get(row[col["weekly_rank"]])
        if rank is None:
            raise self.bad_rank(row[col["weekly_rank"]], line)
        title = self.check_title(row[col["show_title"]], line)
        season = self.check_season(row[col["season_title"]], line)
        weeks_in = self.check_count(
            row[col["cumulative_weeks_in_top_10"]], "cumulative_weeks_in_top_10", line, True
        )
        assert weeks_in is not None  # required: check_count raised otherwise
        if self.kind == GLOBAL_KIND:
            hours = self.check_count(row[col["weekly_hours_viewed"]], "weekly_hours_viewed",
                                     line, True)  # fmt: skip
            return (
                line, GLOBAL, category, week, rank, title, season, hours,
                self._runtime(row, line), self._optional_count(row, "weekly_views", line),
                weeks_in, self._flag(row, line), self._details(row, line),
            )  # fmt: skip
        iso2 = row[col["country_iso2"]]
        if iso2 not in countries:
            countries[iso2] = self.check_country(iso2, row[col["country_name"]], line)
        return (line, iso2, category, week, rank, title, season,
                None, None, None, weeks_in, None, None)  # fmt: skip

    def bad_category(self, category: str, line: int) -> ChartFormatError:
        return ChartFormatError(self.name, line, f"unknown category {_shown(category)}")

    def bad_rank(self, rank: str, line: int) -> ChartFormatError:
        return ChartFormatError(
            self.name, line, f"weekly_rank {_shown(rank)} is not 1 to {MAX_RANK}"
        )

    def check_width(self, row: list[str], line: int) -> None:
        if len(row) < self.width or any(cell.strip() for cell in row[self.width :]):
            raise ChartFormatError(
                self.name, line, f"expected {self.width} columns, found {len(row)}"
            )

    def check_title(self, text: str, line: int) -> str:
        title = text.strip()
        if not title or len(title) > MAX_TITLE:
            raise ChartFormatError(
                self.name, line, f"show_title must be 1 to {MAX_TITLE} characters"
            )
        return title

    def check_season(self, text: str, line: int) -> str | None:
        season = text.strip()
        if season in _NO_SEASON:
            return None
        if len(season) > MAX_TITLE:
            raise ChartFormatError(self.name, line, f"season_title is over {MAX_TITLE} characters")
        return season

    def check_week(self, text: str, line: int) -> str:
        try:
            if not _DATE.match(text):
                raise ValueError
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ChartFormatError(
                self.name, line, f"week {_shown(text)} is not a date (YYYY-MM-DD)"
            ) from None
        if day.weekday() != 6:
            raise ChartFormatError(
                self.name, line, f"week {text} is not a Sunday (Netflix weeks end on Sunday)"
            )
        return text

    def check_count(self, text: str, column: str, line: int, required: bool) -> int | None:
        text = text.strip()
        if not text:
            if required:
                raise ChartFormatError(self.name, line, f"{column} is empty")
            return None
        try:
            value = int(text)
        except ValueError:
            raise ChartFormatError(
                self.name, line, f"{column} {_shown(text)} is not a whole number"
            ) from None
        if value < (1 if column == "cumulative_weeks_in_top_10" else 0):
            raise ChartFormatError(self.name, line, f"{column} {value} is out of range")
        return value

    def _optional_count(self, row: list[str], column: str, line: int) -> int | None:
        index = self.columns.get(column)
        return None if index is None else self.check_count(row[index], column, line, False)

    def runtime_of(self, row: list[str], line: int) -> float | None:
        """The row's `runtime` in hours (None when the file has no such column or cell)."""
        return self._runtime(row, line)

    def _runtime(self, row: list[str], line: int) -> float | None:
        index = self.columns.get("runtime")
        text = "" if index is None else row[index].strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value < 1000:
            raise ChartFormatError(self.name, line, f"runtime {_shown(text)} is not a duration")
        return value

    def _flag(self, row: list[str], line: int) -> int | None:
        index = self.columns.get("is_staggered_launch")
        if index is None:
            return None
        text = row[index].strip()
        try:
            return _BOOLEANS[text.lower()]
        except KeyError:
            raise ChartFormatError(
                self.name, line, f"is_staggered_launch {_shown(text)} is not True or False"
            ) from None

    def _details(self, row: list[str], line: int) -> str | None:
        index = self.columns.get("episode_launch_details")
        text = "" if index is None else row[index].strip()
        if len(text) > MAX_DETAILS:
            raise ChartFormatError(
                self.name, line, f"episode_launch_details is over {MAX_DETAILS} characters"
            )
        return text or None

    def check_country(self, iso2: str, country: str, line: int) -> str:
        if not _ISO2.match(iso2):
            raise ChartFormatError(
                self.name, line, f"country_iso2 {_shown(iso2)} is not a two-letter code"
            )
        country = country.strip()
        if not country or len(country) > 100:
            raise ChartFormatError(self.name, line, "country_name must be 1 to 100 characters")
        return country


def _slices(text: str, size: int = 1 << 20) -> Iterator[str]:
    """`text` in pieces of about `size` characters, each ending at a line break."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start + size)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def open_chart_file(raw: bytes, name: str) -> ChartFile:
    """Decode (UTF-8, BOM tolerated) and recognise the file by its header row."""
    if raw[:4] == b"PK\x03\x04":
        raise ChartFormatError(
            name, 1, "this is a spreadsheet (XLSX); download the TSV version of the file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ChartFormatError(name, line, "the file is not UTF-8 text") from None
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    delimiter = "\t" if "\t" in first else ","
    header = [cell.strip().lower() for cell in next(csv.reader([first], delimiter=delimiter), [])]
    for kind in (COUNTRIES_KIND, GLOBAL_KIND, MOST_POPULAR_KIND):
        required = _REQUIRED[kind]
        if not all(column in header for column in required):
            continue
        if len(set(header)) != len(header):
            raise ChartFormatError(name, 1, "the header names a column twice")
        wanted = (*required, *_OPTIONAL)
        columns = {column: header.index(column) for column in wanted if column in header}
        return ChartFile(name, kind, text, delimiter, columns, len(header))
    found = ", ".join(header[:12]) or "nothing"
    raise ChartFormatError(
        name,
        1,
        "not a Netflix Top 10 file: the header must name the global columns (week, category, "
        "weekly_rank, show_title, season_title, weekly_hours_viewed, …), the country "
        "columns (country_name, country_iso2, week, …) or the Most Popular columns "
        "(category, rank, show_title, season_title, hours_viewed_first_91_days, …); "
        f"found {found}",
    )
