"""The episode-post ledger: the only SQL for airing deliveries.

The same protocol as the chart announcements' ledger (`db.announce`): a row is *claimed*
in its own transaction before anything is sent, marked *sent* with the message id after
Discord confirms, or *failed* with a time to retry. A catch-up post covers several items
(one per episode): they are claimed, completed or failed together and share the nonce and
the reference printed in the post, so a crash between send and complete is recovered by
finding that reference in the channel. Claims are leased to an owner (a process): another
owner takes a claimed row over only when the lease has run out, so two processes never
send the same post at once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.i18n import Text
from db.announce import parse_stamp, stamp
from db.announce_rows import store_reason
from db.connection import Database

State = Literal["claimed", "sent", "failed"]
DEFAULT_LEASE = dt.timedelta(seconds=60)  # as the announcements' (db.announce)
ENDED = "end"


def episode_item(episode_id: int) -> str:
    return f"ep:{episode_id}"


@dataclass(frozen=True)
class Delivery:
    follow_id: int
    item: str
    state: State
    nonce: str
    reference: str
    message_id: int | None
    attempts: int
    last_error: str | None
    claimed_by: str | None
    lease_until: dt.datetime | None
    claimed_at: dt.datetime
    sent_at: dt.datetime | None
    retry_after: dt.datetime | None


@dataclass(frozen=True)
class Claim:
    """Permission to send one post covering `items`. `earlier` are the rows of attempts
    that may have reached Discord: look in the channel for their references first."""

    follow_id: int
    items: tuple[str, ...]
    nonce: str
    reference: str
    attempts: int
    earlier: tuple[Delivery, ...]


def _delivery(row: sqlite3.Row) -> Delivery:
    claimed = parse_stamp(row["claimed_at"])
    assert claimed is not None
    return Delivery(
        follow_id=row["follow_id"],
        item=row["item"],
        state=row["state"],
        nonce=row["nonce"],
        reference=row["reference"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        claimed_by=row["claimed_by"],
        lease_until=parse_stamp(row["lease_until"]),
        claimed_at=claimed,
        sent_at=parse_stamp(row["sent_at"]),
        retry_after=parse_stamp(row["retry_after"]),
    )


def _marks(items: Sequence[str]) -> str:
    return ", ".join("?" for _ in items)


class AiringLedger:
    def __init__(self, db: Database, owner: str = "local") -> None:
        self.db = db
        self.owner = owner

    async def rows(self, follow_id: int, items: Sequence[str] | None = None) -> list[Delivery]:
        if items is None:
            found = await self.db.fetchall(
                "SELECT * FROM airing_deliveries WHERE follow_id = ? ORDER BY claimed_at, item",
                (follow_id,),
            )
        else:
            found = await self.db.fetchall(
                f"SELECT * FROM airing_deliveries WHERE follow_id = ? AND item IN "  # noqa: S608
                f"({_marks(items)}) ORDER BY item",
                (follow_id, *items),
            )
        return [_delivery(row) for row in found]

    async def claim(
        self,
        follow_id: int,
        items: Sequence[str],
        nonce: str,
        reference: str,
        now: dt.datetime,
        lease: dt.timedelta = DEFAULT_LEASE,
    ) -> Claim | None:
        """Claim the items not sent yet, or None: all sent, one is backing off, or another
        owner's lease on one is still running."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"SELECT * FROM airing_deliveries WHERE follow_id = ? AND item IN "  # noqa: S608
                f"({_marks(items)})",
                (follow_id, *items),
            ) as cursor:
                existing = {row["item"]: _delivery(row) for row in await cursor.fetchall()}
            wanted = [i for i in items if i not in existing or existing[i].state != "sent"]
            if not wanted:
                return None
            earlier = tuple(existing[i] for i in wanted if i in existing)
            for row in earlier:
                if row.retry_after is not None and row.retry_after > now:
                    return None
                held = row.state == "claimed" and row.claimed_by not in (None, self.owner)
                if held and row.lease_until is not None and row.lease_until > now:
                    return None
            attempts = 1 + max((row.attempts for row in earlier), default=0)
            for item in wanted:
                await conn.execute(
                    "INSERT INTO airing_deliveries (follow_id, item, state, nonce, reference, "
                    "attempts, claimed_by, lease_until, claimed_at) "
                    "VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (follow_id, item) DO UPDATE SET state = 'claimed', "
                    "nonce = excluded.nonce, reference = excluded.reference, "
                    "attempts = excluded.attempts, claimed_by = excluded.claimed_by, "
                    "lease_until = excluded.lease_until, claimed_at = excluded.claimed_at, "
                    "retry_after = NULL",
                    (
                        follow_id,
                        item,
                        nonce,
                        reference,
                        attempts,
                        self.owner,
                        stamp(now + lease),
                        stamp(now),
                    ),
                )
        return Claim(follow_id, tuple(wanted), nonce, reference, attempts, earlier)

    async def complete(
        self, follow_id: int, items: Sequence[str], message_id: int, now: dt.datetime
    ) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE airing_deliveries SET state = 'sent', message_id = ?, sent_at = ?, "  # noqa: S608
                f"last_error = NULL, retry_after = NULL, lease_until = NULL "
                f"WHERE follow_id = ? AND item IN ({_marks(items)})",
                (message_id, stamp(now), follow_id, *items),
            )

    async def fail(
        self,
        follow_id: int,
        items: Sequence[str],
        error: str,
        retry_after: dt.datetime | None,
        *,
        pause_reason: Text | str | None = None,
        now: dt.datetime,
    ) -> None:
        """Record a failed attempt; with `pause_reason`, pause the follow in the same
        transaction, so a paused follow always says why."""
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE airing_deliveries SET state = 'failed', last_error = ?, "  # noqa: S608
                f"retry_after = ?, lease_until = NULL "
                f"WHERE follow_id = ? AND item IN ({_marks(items)})",
                (
                    error[:500],
                    None if retry_after is None else stamp(retry_after),
                    follow_id,
                    *items,
                ),
            )
            if pause_reason is not None:
                await conn.execute(
                    "UPDATE airing_follows SET paused_reason = ?, paused_at = ?, updated_at = ? "
                    "WHERE id = ?",
                    (store_reason(pause_reason), stamp(now), stamp(now), follow_id),
                )

    async def counts(self) -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT state, COUNT(*) AS n FROM airing_deliveries GROUP BY state"
        )
        return {row["state"]: row["n"] for row in rows}
