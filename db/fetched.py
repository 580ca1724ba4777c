"""HTTP validators (ETag, Last-Modified) of the files the scheduler fetches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from db.announce import parse_stamp, stamp
from db.connection import Database


@dataclass(frozen=True)
class FetchedFile:
    url: str
    etag: str | None
    last_modified: str | None
    checked_at: dt.datetime | None
    changed_at: dt.datetime | None
    last_error: str | None


class FetchedFiles:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, url: str) -> FetchedFile | None:
        row = await self.db.fetchone("SELECT * FROM fetched_files WHERE url = ?", (url,))
        if row is None:
            return None
        return FetchedFile(
            url=row["url"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            checked_at=parse_stamp(row["checked_at"]),
            changed_at=parse_stamp(row["changed_at"]),
            last_error=row["last_error"],
        )

    async def checked(self, url: str, now: dt.datetime, error: str | None = None) -> None:
        """A check that changed nothing (not modified, or failed with `error`)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fetched_files (url, checked_at, last_error) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, "
                "last_error = excluded.last_error",
                (url, stamp(now), error),
            )

    async def changed(
        self, url: str, etag: str | None, last_modified: str | None, now: dt.datetime
    ) -> None:
        """Recorded only after the new content was imported, so a failed import is retried."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fetched_files (url, etag, last_modified, checked_at, changed_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at, "
                "changed_at = excluded.changed_at, last_error = NULL",
                (url, etag, last_modified, stamp(now), stamp(now)),
            )
