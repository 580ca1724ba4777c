"""`bot.py import-netflix PATH_OR_URL ...`: read each file (or download it), import it."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

import aiohttp

from core.text import agree, plural
from db.chart_import import ChartFormatError, ImportResult, Progress, import_netflix_file
from db.connection import Database

MAX_DOWNLOAD = 512 * 1024 * 1024  # the full country file is well under this
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=300, sock_connect=30)


class SourceError(Exception):
    """A file that cannot be read or downloaded; the message says which and why."""


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


async def fetch(url: str, session: aiohttp.ClientSession | None = None) -> bytes:
    """Download a published file, refusing anything implausibly large."""
    own = session is None
    session = session or aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT)
    try:
        async with session.get(url) as response:
            if response.status != 200:
                raise SourceError(f"{url}: the server answered HTTP {response.status}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.content.iter_chunked(1 << 16):
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    raise SourceError(f"{url}: larger than {MAX_DOWNLOAD // 2**20} MiB")
                chunks.append(chunk)
            return b"".join(chunks)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise SourceError(f"{url}: download failed ({exc.__class__.__name__}: {exc})") from None
    finally:
        if own:
            await session.close()


async def read_source(source: str) -> tuple[str, bytes]:
    """(display name, bytes) of a local path or an http(s) URL."""
    if is_url(source):
        name = Path(urlsplit(source).path).name or source
        return name, await fetch(source)
    path = Path(source)
    try:
        return path.name, await asyncio.to_thread(_read, path)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read(path: Path) -> bytes:
    return path.expanduser().read_bytes()


def terminal_progress(name: str, out: TextIO) -> Progress | None:
    """A one-line progress display on a terminal, at most a few updates a second."""
    if not out.isatty():
        return None
    last = 0.0

    def show(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < 0.25:
            return
        last = now
        percent = 100 * done // max(total, 1)
        end = "\n" if done >= total else ""
        lines = f"{done:,} of {total:,} {agree(total, 'line', 'lines')}"
        print(f"\r{name}: {percent:3d}% ({lines})", end=end, file=out)

    return show


def summary(result: ImportResult) -> str:
    weeks = ""
    if result.weeks_added:
        added = plural(len(result.weeks_added), "new week")
        weeks += f", {added} (newest {result.weeks_added[-1]})"
    if result.weeks_changed:
        weeks += f", {plural(len(result.weeks_changed), 'week')} changed"
    if not result.changed:
        weeks += ", nothing new"
    extra = f", {plural(result.countries, 'country', 'countries')}" if result.countries else ""
    return (
        f"{result.file}: {result.kind} file, {plural(result.rows, 'row')}{extra}{weeks}; "
        f"{plural(result.new_shows, 'show')} added from chart titles"
    )


async def import_sources(
    db: Database,
    sources: Sequence[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Import each source in turn; stops at the first bad one (earlier ones stay imported)."""
    out = out or sys.stdout
    err = err or sys.stderr
    for source in sources:
        try:
            name, raw = await read_source(source)
            result = await import_netflix_file(db, raw, name, terminal_progress(name, err))
        except SourceError as exc:
            print(f"error: {exc}", file=err)
            return 1
        except ChartFormatError as exc:
            print(f"error: {exc} (nothing was imported from this file)", file=err)
            return 1
        print(summary(result), file=out)
    return 0
