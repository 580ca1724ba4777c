"""Importing a Netflix Top 10 file: one transaction, idempotent, all or nothing.

The bulk write runs in a worker thread on its own SQLite connection (the stdlib module,
`executemany` in batches) so a million-row file neither blocks the event loop nor pays a
round trip per statement. Members keep reading the last committed data meanwhile (WAL),
and the bot's own writers wait on the database's write lock instead of timing out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.charts import GLOBAL, is_film
from db.chart_files import GLOBAL_KIND, ChartFormatError, ChartRow, open_chart_file
from db.chart_titles import TitleResolver
from db.connection import Database

__all__ = ["ChartFormatError", "ImportCancelledError", "ImportResult", "import_netflix_file"]

Progress = Callable[[int, int], None]  # (lines read, lines in the file)
BATCH = 20_000


@dataclass(frozen=True)
class _Table:
    name: str
    key: tuple[str, ...]
    content: tuple[str, ...]  # title_id first

    @property
    def upsert(self) -> str:
        # A row already stored as it is causes no write, so a re-import changes nothing.
        columns = (*self.key, *self.content)
        return (
            f"INSERT INTO {self.name} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in self.content)
            + " WHERE "
            + " OR ".join(f"{c} IS NOT excluded.{c}" for c in self.content)
        )

    @property
    def select(self) -> str:
        where = " AND ".join(f"{c} = ?" for c in self.key)
        return f"SELECT {', '.join(self.content)} FROM {self.name} WHERE {where}"  # noqa: S608

    @property
    def track(self) -> tuple[str, ...]:
        """Temp triggers noting which weeks a write touched (this connection only)."""
        return tuple(
            f"CREATE TEMP TRIGGER chart_touched_{event.lower()} AFTER {event} "  # noqa: S608
            f"ON main.{self.name} BEGIN INSERT OR IGNORE INTO chart_touched VALUES (NEW.week); END"
            for event in ("INSERT", "UPDATE")
        )


_GLOBAL = _Table(
    "chart_global",
    ("category", "week", "rank"),
    ("title_id", "hours_viewed", "runtime", "views", "weeks_in_top10", "is_staggered_launch",
     "episode_launch_details"),
)  # fmt: skip
_COUNTRY = _Table(
    "chart_country", ("iso2", "category", "week", "rank"), ("title_id", "weeks_in_top10")
)
_UNTRACK = (
    "DROP TRIGGER temp.chart_touched_insert",
    "DROP TRIGGER temp.chart_touched_update",
    "DROP TABLE temp.chart_touched",
)


class ImportCancelledError(Exception):
    """The import was cancelled before it committed; nothing was stored."""


@dataclass(frozen=True)
class ImportResult:
    file: str
    kind: str  # "global" or "countries"
    rows: int  # valid rows read (exact duplicates included)
    rows_written: int  # rows inserted or changed
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
        self,
        conn: sqlite3.Connection,
        name: str,
        progress: Progress | None,
        cancel: threading.Event,
    ) -> None:
        self.conn = conn
        self.name = name
        self.progress = progress
        self.cancel = cancel
        self.table = _GLOBAL
        self.batch: list[tuple[object, ...]] = []
        self.written = 0

    def run(self, raw: bytes) -> ImportResult:
        chart = open_chart_file(raw, self.name)
        is_global = chart.kind == GLOBAL_KIND
        self.table = table = _GLOBAL if is_global else _COUNTRY
        total = chart.total_lines
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TEMP TABLE chart_touched (week TEXT PRIMARY KEY) WITHOUT ROWID")
            for statement in table.track:
                conn.execute(statement)
            before = {
                week
                for (week,) in conn.execute(f"SELECT DISTINCT week FROM {table.name}")  # noqa: S608
            }
            resolver = TitleResolver(conn)
            title_ids = resolver.ids
            countries: dict[str, str] = {}
            seen: dict[tuple[str, str, str], int] = {}  # list key → bitmask of ranks read
            weeks: set[str] = set()
            rows = duplicates = 0
            batch = self.batch
            for row in chart.rows(countries):
                rows += 1
                block = (row[1], row[2], row[3])
                bit = 1 << row[4]
                mask = seen.get(block, 0)
                if mask & bit:
                    self._check_duplicate(row, resolver.title_id(_title_key(row)))
                    duplicates += 1
                    continue
                seen[block] = mask | bit
                weeks.add(row[3])
                key = (row[5], row[6] or "", row[2].startswith("Films"))
                title_id = title_ids.get(key) or resolver.title_id(key)
                if is_global:
                    batch.append((row[2], row[3], row[4], title_id, *row[7:]))
                else:
                    batch.append((row[1], row[2], row[3], row[4], title_id, row[10]))
                if len(batch) >= BATCH:
                    self._flush(row[0], total)
            self._flush(total, total)
            conn.executemany(
                "INSERT INTO chart_countries (iso2, name) VALUES (?, ?) ON CONFLICT (iso2) "
                "DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name",
                sorted(countries.items()),
            )
            touched = {week for (week,) in conn.execute("SELECT week FROM temp.chart_touched")}
            for statement in _UNTRACK:
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return ImportResult(
            file=self.name,
            kind=chart.kind,
            rows=rows,
            rows_written=self.written,
            duplicates=duplicates,
            weeks_added=tuple(sorted(dt.date.fromisoformat(w) for w in weeks - before)),
            weeks_changed=tuple(sorted(dt.date.fromisoformat(w) for w in touched & before)),
            new_shows=resolver.created_shows,
            titles_relinked=resolver.relinked,
            countries=len(countries),
        )

    def _flush(self, line: int, total: int) -> None:
        if self.cancel.is_set():
            raise ImportCancelledError(f"{self.name}: import cancelled; nothing was stored")
        if self.batch:
            # rowcount sums sqlite3_changes(), which leaves out the tracking trigger's
            # inserts and counts an upsert that found nothing to change as 0.
            self.written += self.conn.executemany(self.table.upsert, self.batch).rowcount
            self.batch.clear()
        if self.progress is not None:
            self.progress(line, total)

    def _check_duplicate(self, row: ChartRow, title_id: int) -> None:
        """A row given twice must say the same thing both times."""
        self._flush(row[0], row[0])
        key: tuple[object, ...]
        content: tuple[object, ...]
        if self.table is _GLOBAL:
            key, content = row[2:5], (title_id, *row[7:])
        else:
            key, content = row[1:5], (title_id, row[10])
        stored = self.conn.execute(self.table.select, key).fetchone()
        if stored is None or tuple(stored) != content:
            where = "" if row[1] == GLOBAL else f" in {row[1]}"
            raise ChartFormatError(
                self.name,
                row[0],
                f"rank {row[4]} of {row[2]} for the week {row[3]}{where} is given twice "
                "with different values",
            )


def _title_key(row: ChartRow) -> tuple[str, str, bool]:
    return (row[5], row[6] or "", is_film(row[2]))


def _import_sync(path: Path, raw: bytes, name: str, progress: Progress | None,
                 cancel: threading.Event) -> ImportResult:  # fmt: skip
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: the indexes of a big file fit
        return _Importer(conn, name, progress, cancel).run(raw)
    finally:
        conn.close()


async def import_netflix_file(
    db: Database, raw: bytes, name: str, progress: Progress | None = None
) -> ImportResult:
    """Import one global or per-country file (recognised by its header).

    Raises ChartFormatError (file, line, reason) and leaves the store exactly as it was.
    `progress(lines_read, total_lines)` is called from the worker thread.
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
