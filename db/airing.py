"""The airing store: shows and episodes from the providers' schedules, and what changed.

All SQL for schedules lives here; follows are in `db.airing_follows`, the delivery ledger
in `db.airing_ledger`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from core.airing import (
    AiringShow,
    Change,
    ScheduledEpisode,
    Source,
    StoredAiring,
    change_of,
    finished,
)
from core.providers import Episode, Kind, ProviderName, ProviderRef
from core.text import normalize
from db.announce import parse_stamp, stamp
from db.connection import Database

MAX_FOUND = 25


@dataclass(frozen=True)
class Changed:
    """One episode a refresh changed, for the log and the scheduler's report."""

    episode_id: int
    show: str
    season: int
    number: int | None
    change: Change
    airstamp: dt.datetime | None
    previous: dt.datetime | None


def show_from_row(row: sqlite3.Row, prefix: str = "") -> AiringShow:
    return AiringShow(
        ref=ProviderRef(cast(ProviderName, row[prefix + "provider"]), row[prefix + "provider_id"]),
        name=row[prefix + "name"],
        network=row[prefix + "network"],
        streaming=bool(row[prefix + "streaming"]),
        language=row[prefix + "language"],
        country=row[prefix + "country"],
        kind=cast(Kind, row[prefix + "kind"]),
        status=row[prefix + "status"],
        ended=row[prefix + "ended"],
        url=row[prefix + "url"],
    )


_SHOW_COLUMNS = (
    "s.provider AS s_provider, s.provider_id AS s_provider_id, s.name AS s_name, "
    "s.network AS s_network, s.streaming AS s_streaming, s.language AS s_language, "
    "s.country AS s_country, s.kind AS s_kind, s.status AS s_status, s.ended AS s_ended, "
    "s.url AS s_url"
)
_JOIN = (
    f"SELECT e.*, {_SHOW_COLUMNS} FROM airing_episodes e JOIN airing_shows s "  # noqa: S608
    "ON s.provider = e.provider AND s.provider_id = e.show_id"
)


def episode_from_row(row: sqlite3.Row) -> ScheduledEpisode:
    return ScheduledEpisode(
        id=row["id"],
        show=show_from_row(row, "s_"),
        episode=Episode(
            season=row["season"],
            number=row["number"],
            name=row["name"],
            airdate=row["airdate"],
            airstamp=row["airstamp"],
            runtime=row["runtime"],
        ),
        special=bool(row["special"]),
        url=row["url"],
    )


def _utc(text: str | None) -> str | None:
    """Stamps are stored in UTC so that text order is time order."""
    value = parse_stamp(text) if text else None
    return None if value is None else stamp(value)


async def _upsert_show(conn: Any, show: AiringShow, now: dt.datetime) -> None:
    await conn.execute(
        "INSERT INTO airing_shows (provider, provider_id, name, normalized, network, streaming, "
        "language, country, kind, status, ended, url, fetched_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (provider, provider_id) DO UPDATE SET name = excluded.name, "
        "normalized = excluded.normalized, network = excluded.network, "
        "streaming = excluded.streaming, language = excluded.language, "
        "country = excluded.country, kind = excluded.kind, status = excluded.status, "
        "ended = excluded.ended, url = excluded.url, fetched_at = excluded.fetched_at",
        (
            show.ref.provider,
            show.ref.id,
            show.name,
            normalize(show.name),
            show.network,
            int(show.streaming),
            show.language,
            show.country,
            show.kind,
            show.status,
            show.ended,
            show.url,
            stamp(now),
        ),
    )


class AiringRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing what a provider said -------------------------------------------------

    async def store(
        self,
        episodes: Sequence[ScheduledEpisode],
        source: Source,
        now: dt.datetime,
        *,
        days: Iterable[dt.date] = (),
        sources: Iterable[Source] = (),
        show: ProviderRef | None = None,
    ) -> list[Changed]:
        """Store what one refresh saw, in one transaction, and note what changed.

        A future episode stored earlier and missing now is *cancelled* when this refresh
        covered it: its air date is one of `days` and its source one of `sources` (a day's
        schedule), or it belongs to `show` (the show's own episode list). An episode seen
        again with another air stamp is *rescheduled* (its id, and so its ledger rows,
        stay the same).
        """
        changed: list[Changed] = []
        seen: set[int] = set()
        async with self.db.transaction() as conn:
            for show_record in {e.show.ref: e.show for e in episodes}.values():
                await _upsert_show(conn, show_record, now)
            for item in episodes:
                seen.add(item.id)
                before = await self._stored(conn, item.show.ref.provider, item.id)
                change = change_of(before, item)
                await self._write(conn, item, source, now, change, before)
                if change in ("rescheduled", "renamed"):
                    changed.append(self._changed(item, change, before))
            for row in await self._missing(conn, list(days), list(sources), show, now):
                if row["id"] in seen:
                    continue
                await conn.execute(
                    "UPDATE airing_episodes SET cancelled = 1, change = 'cancelled', "
                    "changed_at = ? WHERE provider = ? AND id = ?",
                    (stamp(now), row["provider"], row["id"]),
                )
                changed.append(
                    Changed(
                        row["id"],
                        row["s_name"],
                        row["season"],
                        row["number"],
                        "cancelled",
                        parse_stamp(row["airstamp"]),
                        None,
                    )
                )
        return changed

    @staticmethod
    def _changed(item: ScheduledEpisode, change: Change, before: StoredAiring | None) -> Changed:
        previous = None if before is None else parse_stamp(_utc(before.airstamp))
        return Changed(
            item.id,
            item.show.name,
            item.episode.season,
            item.episode.number,
            change,
            item.airs_at,
            previous if change == "rescheduled" else None,
        )

    @staticmethod
    async def _stored(conn: Any, provider: str, episode_id: int) -> StoredAiring | None:
        async with conn.execute(
            "SELECT id, airstamp, name, cancelled FROM airing_episodes "
            "WHERE provider = ? AND id = ?",
            (provider, episode_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return StoredAiring(row["id"], row["airstamp"], row["name"], bool(row["cancelled"]))

    @staticmethod
    async def _write(
        conn: Any,
        item: ScheduledEpisode,
        source: Source,
        now: dt.datetime,
        change: Change | None,
        before: StoredAiring | None,
    ) -> None:
        e = item.episode
        previous = _utc(before.airstamp) if before is not None and change == "rescheduled" else None
        await conn.execute(
            "INSERT INTO airing_episodes (provider, id, show_id, season, number, special, name, "
            "airdate, airstamp, runtime, url, source, fetched_at, change, changed_at, "
            "previous_airstamp, cancelled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, 0) ON CONFLICT (provider, id) DO UPDATE SET show_id = excluded.show_id, "
            "season = excluded.season, number = excluded.number, special = excluded.special, "
            "name = COALESCE(excluded.name, airing_episodes.name), airdate = excluded.airdate, "
            "airstamp = excluded.airstamp, runtime = excluded.runtime, url = excluded.url, "
            "source = excluded.source, fetched_at = excluded.fetched_at, cancelled = 0, "
            "change = COALESCE(excluded.change, airing_episodes.change), "
            "changed_at = COALESCE(excluded.changed_at, airing_episodes.changed_at), "
            "previous_airstamp = COALESCE(excluded.previous_airstamp, "
            "airing_episodes.previous_airstamp)",
            (
                item.show.ref.provider,
                item.id,
                item.show.ref.id,
                e.season,
                e.number,
                int(item.special),
                e.name,
                e.airdate,
                _utc(e.airstamp),
                e.runtime,
                item.url,
                source,
                stamp(now),
                change,
                None if change is None else stamp(now),
                previous,
            ),
        )

    @staticmethod
    async def _missing(
        conn: Any,
        days: list[dt.date],
        sources: list[Source],
        show: ProviderRef | None,
        now: dt.datetime,
    ) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        base = f"{_JOIN} WHERE e.cancelled = 0 AND e.airstamp > ?"
        if days and sources:
            day_marks = ", ".join("?" for _ in days)
            source_marks = ", ".join("?" for _ in sources)
            async with conn.execute(
                f"{base} AND e.airdate IN ({day_marks}) AND e.source IN ({source_marks})",
                (stamp(now), *(d.isoformat() for d in days), *sources),
            ) as cursor:
                rows.extend(await cursor.fetchall())
        if show is not None:
            async with conn.execute(
                f"{base} AND e.provider = ? AND e.show_id = ?", (stamp(now), show.provider, show.id)
            ) as cursor:
                rows.extend(await cursor.fetchall())
        return rows

    async def store_show(
        self, show: AiringShow, episodes: Sequence[ScheduledEpisode], now: dt.datetime
    ) -> list[Changed]:
        """A show's own episode list (fetched when it is followed, and daily after)."""
        async with self.db.transaction() as conn:
            await _upsert_show(conn, show, now)
            await conn.execute(
                "UPDATE airing_shows SET episodes_at = ? WHERE provider = ? AND provider_id = ?",
                (stamp(now), show.ref.provider, show.ref.id),
            )
        return await self.store(episodes, "show", now, show=show.ref)

    # -- reading ------------------------------------------------------------------------

    async def between(
        self, start: dt.datetime, end: dt.datetime, *, platform: str | None = None
    ) -> list[ScheduledEpisode]:
        """Episodes airing in [start, end), not cancelled; `platform` filters the network or
        streaming service by name (case and spacing ignored)."""
        rows = await self.db.fetchall(
            f"{_JOIN} WHERE e.cancelled = 0 AND e.airstamp >= ? AND e.airstamp < ? "
            "ORDER BY e.airstamp, s.name, e.season, e.number",
            (stamp(start), stamp(end)),
        )
        found = [episode_from_row(row) for row in rows]
        if platform:
            wanted = normalize(platform)
            found = [e for e in found if wanted in normalize(e.show.network or "")]
        return found

    async def show(self, ref: ProviderRef) -> AiringShow | None:
        row = await self.db.fetchone(
            "SELECT * FROM airing_shows WHERE provider = ? AND provider_id = ?",
            (ref.provider, ref.id),
        )
        return None if row is None else show_from_row(row)

    async def find(self, query: str, limit: int = MAX_FOUND) -> list[AiringShow]:
        """Stored shows whose name matches `query`: exact first, then prefix, then inside."""
        wanted = normalize(query)
        if not wanted:
            return []
        rows = await self.db.fetchall(
            "SELECT *, CASE WHEN normalized = ? THEN 0 WHEN substr(normalized, 1, ?) = ? "
            "THEN 1 ELSE 2 END AS rank FROM airing_shows WHERE instr(normalized, ?) > 0 "
            "ORDER BY rank, completed_at IS NOT NULL, name LIMIT ?",
            (wanted, len(wanted), wanted, wanted, limit),
        )
        return [show_from_row(row) for row in rows]

    async def next_episode(self, ref: ProviderRef, now: dt.datetime) -> ScheduledEpisode | None:
        row = await self.db.fetchone(
            f"{_JOIN} WHERE e.provider = ? AND e.show_id = ? AND e.cancelled = 0 "
            "AND e.airstamp > ? ORDER BY e.airstamp, e.season, e.number LIMIT 1",
            (ref.provider, ref.id, stamp(now)),
        )
        return None if row is None else episode_from_row(row)

    async def last_episode(self, ref: ProviderRef, now: dt.datetime) -> ScheduledEpisode | None:
        row = await self.db.fetchone(
            f"{_JOIN} WHERE e.provider = ? AND e.show_id = ? AND e.cancelled = 0 "
            "AND e.airstamp <= ? ORDER BY e.airstamp DESC, e.season DESC, e.number DESC LIMIT 1",
            (ref.provider, ref.id, stamp(now)),
        )
        return None if row is None else episode_from_row(row)

    async def upcoming(self, ref: ProviderRef, now: dt.datetime) -> int:
        return int(
            await self.db.fetchval(
                "SELECT COUNT(*) FROM airing_episodes WHERE provider = ? AND show_id = ? "
                "AND cancelled = 0 AND airstamp > ?",
                (ref.provider, ref.id, stamp(now)),
            )
        )

    async def episodes(self, provider: str, ids: Sequence[int]) -> list[ScheduledEpisode]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = await self.db.fetchall(
            f"{_JOIN} WHERE e.provider = ? AND e.id IN ({marks}) ORDER BY e.airstamp, e.id",
            (provider, *ids),
        )
        return [episode_from_row(row) for row in rows]

    async def episodes_fetched(self, ref: ProviderRef) -> bool:
        """Whether the show's own episode list was ever fetched."""
        value = await self.db.fetchval(
            "SELECT episodes_at FROM airing_shows WHERE provider = ? AND provider_id = ?",
            (ref.provider, ref.id),
        )
        return value is not None

    async def completed_at(self, ref: ProviderRef) -> dt.datetime | None:
        value = await self.db.fetchval(
            "SELECT completed_at FROM airing_shows WHERE provider = ? AND provider_id = ?",
            (ref.provider, ref.id),
        )
        return parse_stamp(value)

    async def check_complete(self, ref: ProviderRef, now: dt.datetime) -> bool:
        """Mark the show complete when it ended and nothing is left to air (once)."""
        show = await self.show(ref)
        if show is None or not finished(show.status, await self.upcoming(ref, now)):
            return False
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE airing_shows SET completed_at = ? WHERE provider = ? AND provider_id = ? "
                "AND completed_at IS NULL",
                (stamp(now), ref.provider, ref.id),
            )
            return cursor.rowcount > 0
