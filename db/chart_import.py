"""Importing a Netflix Top 10 file: one transaction, idempotent, all or nothing.

The import runs in a worker thread on its own SQLite connection (the stdlib module,
`executemany`), so a million-row file neither blocks the event loop nor pays a round
trip per statement. Members keep reading the last committed data meanwhile (WAL), and
the bot's own writers wait on the database's write lock instead of timing out.

Rows are upserted by list (week, list, category) and rank: a row already stored as it
is causes no write, so importing the same file again changes nothing. A country list is
stored as one row holding its ten places (see the migration), assembled in memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.charts import ALL_CATEGORIES, GLOBAL, MAX_RANK, is_film
from db.chart_files import GLOBAL_KIND, RANKS, ChartFile, ChartFormatError, open_chart_file
from db.chart_most_popular import MOST_POPULAR_KIND
from db.chart_most_popular import store as store_most_popular
from db.chart_titles import TitleResolver
from db.connection import Database
from db.generation import mark_changed_sync

__all__ = ["ChartFormatError", "ImportCancelledError", "ImportResult", "import_netflix_file"]

Progress = Callable[[int, int], None]  # (lines read, lines in the file)
BATCH = 20_000  # rows between progress reports (and cancellation checks)
_FILM = {category: is_film(category) for category in ALL_CATEGORIES}
_GLOBAL_COLUMNS = (
    "category", "week", "rank", "title_id", "hours_viewed", "runtime", "views",
    "weeks_in_top10", "is_staggered_launch", "episode_launch_details",
)  # fmt: skip
_COUNTRY_COLUMNS = ("iso2", "week", "category", "title_ids", "weeks_in_top10")


Block = tuple[str, str, str]  # (country or "global", category, week): one weekly list
_NO_PLACES = array("q", bytes(8 * MAX_RANK))


def _upsert(table: str, columns: tuple[str, ...], key: int) -> str:
    """INSERT … ON CONFLICT DO UPDATE that writes nothing when the stored row is the same."""
    content = columns[key:]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(columns[:key])}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in content)
        + " WHERE "
        + " OR ".join(f"{c} IS NOT excluded.{c}" for c in content)
    )


_GLOBAL_UPSERT = _upsert("chart_global", _GLOBAL_COLUMNS, 3)
_COUNTRY_UPSERT = _upsert("chart_country", _COUNTRY_COLUMNS, 3)


def _track(table: str, event: str) -> str:
    """A temp trigger noting which weeks a write touched (this connection only).

    NOT EXISTS rather than INSERT OR IGNORE: inside a trigger, the conflict policy of the
    outer statement (the upsert's) overrides the trigger's own, so OR IGNORE would abort.
    """
    return (
        f"CREATE TEMP TRIGGER chart_touched_{event.lower()} AFTER {event} "  # noqa: S608
        f"ON main.{table} BEGIN INSERT INTO chart_touched SELECT NEW.week WHERE NOT EXISTS "
        "(SELECT 1 FROM chart_touched WHERE week = NEW.week); END"
    )


def encode(values: array[int]) -> str:
    """`array('q', [12, 0, 7])` → `[12,0,7]`, a JSON array as SQLite's json_array writes it
    (0: a place left out)."""
    return str(values.tolist()).replace(" ", "")


@dataclass
class _Lists:
    """Every list of a country file: ten places each, in two flat arrays.

    Flat arrays rather than a pair of lists per list: a hundred thousand small
    containers would make each full garbage collection walk them all, which tripled
    the import time.
    """

    start: dict[Block, int] = field(default_factory=dict)  # a list's first place
    title_ids: array[int] = field(default_factory=lambda: array("q"))  # 0: left out
    weeks: array[int] = field(default_factory=lambda: array("q"))


class _DuplicateError(ChartFormatError):
    """A rank given twice in one list with different values."""


class _RowError(Exception):
    """A check failed in the fast reader; the row goes to ChartFile.parse_row for the
    wording, so both readers name the same first problem of a row."""

    def __init__(self, cause: ChartFormatError, row: list[str], line: int) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.row = row
        self.line = line


class ImportCancelledError(Exception):
    """The import was cancelled before it committed; nothing was stored."""


@dataclass(frozen=True)
class ImportResult:
    file: str
    kind: str  # "global", "countries" or "most-popular"
    rows: int  # valid rows read (exact duplicates included)
    rows_written: int  # stored rows inserted or changed (a country list counts as one)
    duplicates: int  # rows repeated verbatim in the file (harmless, skipped)
    weeks_added: tuple[dt.date, ...]  # weeks the store had no list of this kind for
    weeks_changed: tuple[dt.date, ...]  # weeks already stored whose lists changed
    new_shows: int  # chart-only shows created for titles missing from the catalog
    titles_relinked: int  # titles now linked to a better catalog match than before
    countries: int  # countries named in the file (0 for the global file)

    @property
    def changed(self) -> bool:
        return self.rows_written > 0


class _Importer:
    def __init__(
        self, conn: sqlite3.Connection, name: str, progress: Progress | None,
        cancel: threading.Event,
    ) -> None:  # fmt: skip
        self.conn = conn
        self.name = name
        self.progress = progress
        self.cancel = cancel
        self.total = 0
        self.written = 0
        self.duplicates = 0
        self.countries: dict[str, str] = {}

    def run(self, raw: bytes) -> ImportResult:
        chart = open_chart_file(raw, self.name)
        if chart.kind == MOST_POPULAR_KIND:
            return self._run_most_popular(chart)
        is_global = chart.kind == GLOBAL_KIND
        table = "chart_global" if is_global else "chart_country"
        self.total = chart.total_lines
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        changes = conn.total_changes
        try:
            before = {week for (week,) in conn.execute(f"SELECT DISTINCT week FROM {table}")}  # noqa: S608
            conn.execute("CREATE TEMP TABLE chart_touched (week TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute(_track(table, "UPDATE"))
            if before:  # into an empty table every week is new anyway; spare the per-row work
                conn.execute(_track(table, "INSERT"))
            resolver = TitleResolver(conn)
            if is_global:
                rows, weeks = self._import_global(chart, resolver)
            else:
                rows, weeks = self._import_countries(chart, resolver)
            conn.executemany(
                "INSERT INTO chart_countries (iso2, name) VALUES (?, ?) ON CONFLICT (iso2) "
                "DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name",
                sorted(self.countries.items()),
            )
            touched = {week for (week,) in conn.execute("SELECT week FROM temp.chart_touched")}
            conn.execute("DROP TABLE temp.chart_touched")  # drops its triggers too
            if conn.total_changes != changes:
                mark_changed_sync(conn)  # running bots refresh (db/generation.py)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return ImportResult(
            file=self.name,
            kind=chart.kind,
            rows=rows,
            rows_written=self.written,
            duplicates=self.duplicates,
            weeks_added=tuple(sorted(dt.date.fromisoformat(w) for w in weeks - before)),
            weeks_changed=tuple(sorted(dt.date.fromisoformat(w) for w in touched & before)),
            new_shows=resolver.created_shows,
            titles_relinked=resolver.relinked,
            countries=len(self.countries),
        )

    def _run_most_popular(self, chart: ChartFile) -> ImportResult:
        """The all-time lists: small, a snapshot (see db.chart_most_popular)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            resolver = TitleResolver(self.conn)
            rows, self.written = store_most_popular(self.conn, chart, resolver)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._report(chart.total_lines)
        return ImportResult(self.name, chart.kind, rows, self.written, 0, (), (),
                            resolver.created_shows, resolver.relinked, 0)  # fmt: skip

    def _report(self, line: int) -> None:
        if self.cancel.is_set():
            raise ImportCancelledError(f"{self.name}: import cancelled; nothing was stored")
        if self.progress is not None:
            self.progress(line, self.total)

    def _duplicate(self, same: bool, line: int, where: str, category: str, week: str,
                   rank: int) -> None:  # fmt: skip
        """A row given twice must say the same thing both times."""
        if not same:
            place = "" if where == GLOBAL else f" in {where}"
            raise _DuplicateError(
                self.name,
                line,
                f"rank {rank} of {category} for the week {week}{place} is given twice "
                "with different values",
            )
        self.duplicates += 1

    def _import_global(self, chart: ChartFile, resolver: TitleResolver) -> tuple[int, set[str]]:
        ids: dict[tuple[str, str, bool], int] = {}
        rows: dict[tuple[str, str, int], tuple[object, ...]] = {}
        count = 0
        for row in chart.rows(self.countries):
            count += 1
            key = (row[5], row[6] or "", _FILM[row[2]])
            title_id = ids.get(key)
            if title_id is None:
                title_id = ids[key] = resolver.title_id(key)
            values = (row[2], row[3], row[4], title_id, *row[7:])
            stored = rows.setdefault((row[2], row[3], row[4]), values)
            if stored is not values:
                self._duplicate(stored == values, row[0], GLOBAL, row[2], row[3], row[4])
            if count % BATCH == 0:
                self._report(row[0])
        # rowcount sums sqlite3_changes(): the tracking trigger's inserts and upserts
        # that found nothing to change do not count.
        self.written = self.conn.executemany(_GLOBAL_UPSERT, rows.values()).rowcount
        self._report(self.total)
        return count, {week for _, week, _ in rows}

    def _import_countries(self, chart: ChartFile, resolver: TitleResolver) -> tuple[int, set[str]]:
        try:
            count, lists = self._read_countries(chart, resolver)
        except _RowError as error:
            # Word it as the reference reader does (it checks one column after another).
            chart.parse_row(error.row, error.line, dict(self.countries))
            raise error.cause from None
        ids, weeks = lists.title_ids, lists.weeks
        rows = []
        for block, start in lists.start.items():
            end = start + MAX_RANK
            if 0 in ids[start:end]:
                self._keep_stored_places(block, lists, start)
            rows.append((block[0], block[2], block[1], encode(ids[start:end]),
                         encode(weeks[start:end])))  # fmt: skip
        self.written = self.conn.executemany(_COUNTRY_UPSERT, rows).rowcount
        self._report(self.total)
        return count, {week for _, _, week in lists.start}

    def _keep_stored_places(self, block: Block, lists: _Lists, start: int) -> None:
        """Upsert by rank: a place the file leaves out keeps what the store has for it."""
        iso2, category, week = block
        stored = self.conn.execute(
            "SELECT title_ids, weeks_in_top10 FROM chart_country "
            "WHERE iso2 = ? AND week = ? AND category = ?",
            (iso2, week, category),
        ).fetchone()
        if stored is None:
            return
        old_ids, old_weeks = json.loads(stored[0]), json.loads(stored[1])
        for place in range(MAX_RANK):
            if not lists.title_ids[start + place] and old_ids[place]:
                lists.title_ids[start + place] = old_ids[place]
                lists.weeks[start + place] = old_weeks[place]

    def _read_countries(self, chart: ChartFile, resolver: TitleResolver) -> tuple[int, _Lists]:
        """The country file's million rows, checked with ChartFile's own checks (each
        distinct value once) and gathered into lists: a few dictionary lookups a row."""
        col = chart.columns
        i_iso, i_name, i_week = col["country_iso2"], col["country_name"], col["week"]
        i_category, i_rank = col["category"], col["weekly_rank"]
        i_title, i_season = col["show_title"], col["season_title"]
        i_weeks = col["cumulative_weeks_in_top_10"]
        width, countries = chart.width, self.countries
        weeks: dict[str, str] = {}
        counts: dict[str, int] = {}
        ids: dict[tuple[str, str, bool], int] = {}  # by the cells as written in the file
        lists = _Lists()
        flat_ids, flat_weeks, starts = lists.title_ids, lists.weeks, lists.start
        raw_week = raw_category = raw_iso = week = ""
        film, start, rows, checkpoint = False, 0, 0, BATCH
        for line, row in chart.records():
            if line >= checkpoint:
                self._report(line)
                checkpoint += BATCH
            try:
                if len(row) != width:
                    if chart.blank(row):
                        continue
                    chart.check_width(row, line)
                rows += 1
                # Rows of one list come together: check and look up the list only when it changes.
                if (
                    row[i_week] != raw_week
                    or row[i_category] != raw_category
                    or row[i_iso] != raw_iso
                ):
                    raw_week, raw_category, raw_iso = row[i_week], row[i_category], row[i_iso]
                    week = weeks.get(raw_week) or weeks.setdefault(
                        raw_week, chart.check_week(raw_week, line)
                    )
                    if raw_category not in _FILM:
                        raise chart.bad_category(raw_category, line)
                    film = _FILM[raw_category]
                    if raw_iso not in countries:
                        countries[raw_iso] = chart.check_country(raw_iso, row[i_name], line)
                    block = (raw_iso, raw_category, week)
                    start = starts.get(block, -1)
                    if start < 0:
                        start = starts[block] = len(flat_ids)
                        flat_ids.extend(_NO_PLACES)
                        flat_weeks.extend(_NO_PLACES)
                rank = RANKS.get(row[i_rank])
                if rank is None:
                    raise chart.bad_rank(row[i_rank], line)
                weeks_in = counts.get(row[i_weeks])
                if weeks_in is None:
                    checked = chart.check_count(
                        row[i_weeks], "cumulative_weeks_in_top_10", line, True
                    )
                    assert checked is not None  # required: check_count raised otherwise
                    weeks_in = counts[row[i_weeks]] = checked
                key = (row[i_title], row[i_season], film)
                title_id = ids.get(key)
                if title_id is None:
                    title = chart.check_title(row[i_title], line)
                    season = chart.check_season(row[i_season], line) or ""
                    title_id = ids[key] = resolver.title_id((title, season, film))
                place = start + rank - 1
                if flat_ids[place]:
                    same = flat_ids[place] == title_id and flat_weeks[place] == weeks_in
                    self._duplicate(same, line, raw_iso, raw_category, week, rank)
                    continue
                flat_ids[place] = title_id
                flat_weeks[place] = weeks_in
            except _DuplicateError:
                raise
            except ChartFormatError as exc:
                raise _RowError(exc, row, line) from None
        return rows, lists


def _import_sync(
    path: Path, raw: bytes, name: str, progress: Progress | None, cancel: threading.Event
) -> ImportResult:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: a big file's pages fit
        return _Importer(conn, name, progress, cancel).run(raw)
    finally:
        conn.close()


async def import_netflix_file(
    db: Database, raw: bytes, name: str, progress: Progress | None = None
) -> ImportResult:
    """Import one global or per-country file (recognised by its header).

    Raises ChartFormatError (file, line, reason) and leaves the store exactly as it was.
    `progress(lines_read, total_lines)` is called from a worker thread.
    """
    if str(db.path) == ":memory:":
        raise ValueError("chart import needs a database file (it writes on its own connection)")
    cancel = threading.Event()
    async with db.exclusive():
        worker = asyncio.ensure_future(
            asyncio.to_thread(_import_sync, db.path, raw, name, progress, cancel)
        )
        try:
            return await asyncio.shield(worker)
        except asyncio.CancelledError:
            # The thread cannot be killed: ask it to roll back, and wait so that the
            # write lock is released only once the database is quiet again.
            cancel.set()
            await asyncio.gather(worker, return_exceptions=True)
            raise
