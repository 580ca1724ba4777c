"""Announcement subscriptions and the delivery ledger: the only SQL for announcements.

The ledger holds one row per (subscription, week). A row is *claimed* in its own
transaction before anything is sent and marked *sent* (with the message id) after Discord
confirms, so a crash can leave at most a claimed row, which is checked against the channel
before any resend. A *failed* row waits for its `retry_after` instant.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from core.announce import (
    MAX_SUBSCRIPTIONS,
    TOO_MANY_SUBSCRIPTIONS,
    Schedule,
    removed_meanwhile,
)
from core.audience import KoreanMode
from core.errors import UserError
from core.i18n import Text
from core.shards import SNOWFLAKE_SHIFT, Ownership
from db.announce_rows import (
    Claim,
    Delivery,
    DueCheck,
    State,
    Subscription,
    delivery_row,
    parse_date,
    parse_stamp,
    stamp,
    store_reason,
    subscription_row,
)
from db.connection import Database

# Re-exported: callers name the rows with the repository that returns them.
__all__ = [
    "DEFAULT_LEASE",
    "AnnouncementRepository",
    "Claim",
    "Delivery",
    "DueCheck",
    "State",
    "Subscription",
    "owned_filter",
    "parse_stamp",
    "stamp",
]

#: How long a claim stays another process's to finish; its holder renews it while alive.
DEFAULT_LEASE = dt.timedelta(seconds=60)


def owned_filter(ownership: Ownership, column: str = "guild_id") -> tuple[str, list[int]]:
    """SQL (and its parameters) keeping rows whose guild is on one of `ownership`'s
    shards: Discord's rule in plain integer arithmetic, which PostgreSQL also speaks."""
    if ownership.everything:
        return "1 = 1", []
    marks = ", ".join("?" for _ in ownership.shards)
    return (
        f"(({column} >> {SNOWFLAKE_SHIFT}) % ?) IN ({marks})",
        [ownership.shard_count, *ownership.shards],
    )


class AnnouncementRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- subscriptions --------------------------------------------------------

    async def subscribe(
        self,
        *,
        guild_id: int,
        channel_id: int,
        category: str,
        country_iso2: str | None,
        schedule: Schedule,
        role_id: int | None,
        by: int,
        now: dt.datetime,
        language: str | None = None,
    ) -> tuple[Subscription, bool]:
        """Create the subscription, or update the one for the same channel, category and
        country (which also resumes it). Returns it and whether it is new. `language` is
        set on a new one only (an update leaves the chosen language as it is)."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT id FROM announce_subscriptions WHERE channel_id = ? AND category = ? "
                "AND IFNULL(country_iso2, '') = IFNULL(?, '')",
                (channel_id, category, country_iso2),
            ) as cursor:
                existing = await cursor.fetchone()
            values = (schedule.weekday, schedule.minute, schedule.timezone, role_id, stamp(now))
            if existing is not None:
                await conn.execute(
                    "UPDATE announce_subscriptions SET weekday = ?, minute = ?, timezone = ?, "
                    "role_id = ?, updated_at = ?, paused_reason = NULL, paused_at = NULL "
                    "WHERE id = ?",
                    (*values, existing["id"]),
                )
                subscription_id, created = int(existing["id"]), False
            else:
                async with conn.execute(
                    "SELECT COUNT(*) FROM announce_subscriptions WHERE guild_id = ?", (guild_id,)
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] >= MAX_SUBSCRIPTIONS:
                    raise UserError(TOO_MANY_SUBSCRIPTIONS)
                cursor = await conn.execute(
                    "INSERT INTO announce_subscriptions (guild_id, channel_id, category, "
                    "country_iso2, weekday, minute, timezone, role_id, updated_at, created_by, "
                    "created_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        guild_id, channel_id, category, country_iso2, *values, by, stamp(now),
                        language,
                    ),
                )  # fmt: skip
                assert cursor.lastrowid is not None
                subscription_id, created = cursor.lastrowid, True
        found = await self.get(subscription_id)
        assert found is not None
        return found, created

    async def find(
        self, channel_id: int, category: str, country_iso2: str | None
    ) -> Subscription | None:
        """The subscription posting this list in this channel, if any."""
        row = await self.db.fetchone(
            "SELECT * FROM announce_subscriptions WHERE channel_id = ? AND category = ? "
            "AND IFNULL(country_iso2, '') = IFNULL(?, '')",
            (channel_id, category, country_iso2),
        )
        return None if row is None else subscription_row(row)

    async def update(
        self,
        subscription_id: int,
        *,
        channel_id: int,
        category: str,
        country_iso2: str | None,
        schedule: Schedule,
        role_id: int | None,
        language: str | None,
        now: dt.datetime,
    ) -> Subscription:
        """Store a subscription's settings as given (its pause state and ledger stay);
        `language` None: the server's language."""
        try:
            async with self.db.transaction() as conn:
                await conn.execute(
                    "UPDATE announce_subscriptions SET channel_id = ?, category = ?, "
                    "country_iso2 = ?, weekday = ?, minute = ?, timezone = ?, role_id = ?, "
                    "language = ?, updated_at = ? WHERE id = ?",
                    (
                        channel_id, category, country_iso2, schedule.weekday, schedule.minute,
                        schedule.timezone, role_id, language, stamp(now), subscription_id,
                    ),
                )  # fmt: skip
        except sqlite3.IntegrityError:
            raise UserError(
                "Another announcement already posts that list in that channel; "
                "`/announce status` lists them."
            ) from None
        found = await self.get(subscription_id)
        if found is None:
            raise UserError(removed_meanwhile(subscription_id))
        return found

    async def get(self, subscription_id: int) -> Subscription | None:
        row = await self.db.fetchone(
            "SELECT * FROM announce_subscriptions WHERE id = ?",
            (subscription_id,),
        )
        return None if row is None else subscription_row(row)

    async def in_guild(self, guild_id: int) -> list[Subscription]:
        rows = await self.db.fetchall(
            "SELECT * FROM announce_subscriptions WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [subscription_row(row) for row in rows]

    async def timezone_of_guild(self, guild_id: int) -> str | None:
        """The zone the server chose most recently, the default for its next subscription."""
        value = await self.db.fetchval(
            "SELECT timezone FROM announce_subscriptions WHERE guild_id = ? "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            (guild_id,),
        )
        return None if value is None else str(value)

    async def remove(self, subscription_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM announce_subscriptions WHERE id = ?", (subscription_id,)
            )
            return cursor.rowcount > 0

    async def set_korean(
        self, subscription_id: int, mode: KoreanMode, now: dt.datetime
    ) -> Subscription:
        """How the subscription's posts treat Korean titles (the rest of it is unchanged)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE announce_subscriptions SET korean = ?, updated_at = ? WHERE id = ?",
                (mode, stamp(now), subscription_id),
            )
        found = await self.get(subscription_id)
        if found is None:
            raise UserError(removed_meanwhile(subscription_id))
        return found

    async def pause(self, subscription_id: int, reason: Text | str, now: dt.datetime) -> None:
        """Pause with a reason the admins read in their language (a plain str: as it is)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE announce_subscriptions SET paused_reason = ?, paused_at = ?, "
                "updated_at = ? WHERE id = ?",
                (store_reason(reason), stamp(now), stamp(now), subscription_id),
            )

    async def resume(self, subscription_id: int, now: dt.datetime) -> None:
        """Active again; a failed delivery waiting on a backoff may be tried at once."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE announce_subscriptions SET paused_reason = NULL, paused_at = NULL, "
                "updated_at = ? WHERE id = ?",
                (stamp(now), subscription_id),
            )
            await conn.execute(
                "UPDATE announce_deliveries SET retry_after = NULL "
                "WHERE subscription_id = ? AND state = 'failed'",
                (subscription_id,),
            )

    async def due_checks(self, ownership: Ownership | None = None) -> list[DueCheck]:
        """Every active subscription (of guilds on `ownership`'s shards, when given) with
        the newest week it has received and its server's chosen language (one query, so
        a language changed in another process counts at the next pass)."""
        owned, params = owned_filter(ownership or Ownership(), "s.guild_id")
        rows = await self.db.fetchall(
            "SELECT s.*, (SELECT MAX(d.week) FROM announce_deliveries d "  # noqa: S608 - placeholders only
            "WHERE d.subscription_id = s.id AND d.state = 'sent') AS last_sent, "
            "l.locale AS server_language FROM announce_subscriptions s "
            "LEFT JOIN server_languages l ON l.guild_id = s.guild_id "
            f"WHERE s.paused_reason IS NULL AND {owned} ORDER BY s.id",
            params,
        )
        return [
            DueCheck(subscription_row(row), parse_date(row["last_sent"]), row["server_language"])
            for row in rows
        ]

    # -- the ledger -------------------------------------------------------------

    async def delivery(self, subscription_id: int, week: dt.date) -> Delivery | None:
        row = await self.db.fetchone(
            "SELECT * FROM announce_deliveries WHERE subscription_id = ? AND week = ?",
            (subscription_id, week.isoformat()),
        )
        return None if row is None else delivery_row(row)

    async def last_sent(self, subscription_id: int) -> Delivery | None:
        row = await self.db.fetchone(
            "SELECT * FROM announce_deliveries "
            "WHERE subscription_id = ? AND state = 'sent' ORDER BY week DESC LIMIT 1",
            (subscription_id,),
        )
        return None if row is None else delivery_row(row)

    async def pending(self, subscription_id: int) -> Delivery | None:
        """The newest delivery not confirmed yet (claimed or failed), if any."""
        row = await self.db.fetchone(
            "SELECT * FROM announce_deliveries "
            "WHERE subscription_id = ? AND state != 'sent' ORDER BY week DESC LIMIT 1",
            (subscription_id,),
        )
        return None if row is None else delivery_row(row)

    async def claim(
        self,
        subscription_id: int,
        week: dt.date,
        nonce: str,
        now: dt.datetime,
        *,
        process: str = "",
        lease: dt.timedelta = DEFAULT_LEASE,
    ) -> Claim | None:
        """Claim (subscription, week) for `process` until `now + lease`, or None: already
        sent, backing off, or claimed by another process whose lease is still running.
        A claim whose lease ran out (its process died) is taken over with `previous` set,
        so the channel is checked before anything is sent again."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT * FROM announce_deliveries WHERE subscription_id = ? AND week = ?",
                (subscription_id, week.isoformat()),
            ) as cursor:
                row = await cursor.fetchone()
            previous = None if row is None else delivery_row(row)
            if previous is not None and (
                previous.state == "sent"
                or (previous.retry_after is not None and previous.retry_after > now)
                or previous.held_elsewhere(process, now)
            ):
                return None
            attempts = 1 if previous is None else previous.attempts + 1
            await conn.execute(
                "INSERT INTO announce_deliveries (subscription_id, week, state, nonce, attempts, "
                "claimed_at, claimed_by, lease_until) VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?) "
                "ON CONFLICT (subscription_id, week) DO UPDATE SET state = 'claimed', "
                "attempts = excluded.attempts, retry_after = NULL, "
                "claimed_by = excluded.claimed_by, lease_until = excluded.lease_until",
                (
                    subscription_id,
                    week.isoformat(),
                    nonce,
                    attempts,
                    stamp(now),
                    process or None,
                    stamp(now + lease),
                ),
            )
        return Claim(subscription_id, week, nonce, attempts, previous)

    async def complete(
        self, subscription_id: int, week: dt.date, message_id: int, now: dt.datetime
    ) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE announce_deliveries SET state = 'sent', message_id = ?, sent_at = ?, "
                "last_error = NULL, retry_after = NULL WHERE subscription_id = ? AND week = ?",
                (message_id, stamp(now), subscription_id, week.isoformat()),
            )

    async def fail(
        self,
        subscription_id: int,
        week: dt.date,
        error: str,
        retry_after: dt.datetime | None,
        *,
        pause_reason: Text | str | None = None,
        now: dt.datetime,
    ) -> None:
        """Record a failed attempt; with `pause_reason`, pause the subscription too (one
        transaction, so a paused subscription always says why)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE announce_deliveries SET state = 'failed', last_error = ?, "
                "retry_after = ? WHERE subscription_id = ? AND week = ?",
                (
                    error,
                    None if retry_after is None else stamp(retry_after),
                    subscription_id,
                    week.isoformat(),
                ),
            )
            if pause_reason is not None:
                await conn.execute(
                    "UPDATE announce_subscriptions SET paused_reason = ?, paused_at = ?, "
                    "updated_at = ? WHERE id = ?",
                    (store_reason(pause_reason), stamp(now), stamp(now), subscription_id),
                )

    async def counts(self) -> dict[str, int]:
        """Ledger rows per state (for logs and the benchmark)."""
        rows = await self.db.fetchall(
            "SELECT state, COUNT(*) AS n FROM announce_deliveries GROUP BY state"
        )
        return {row["state"]: row["n"] for row in rows}
