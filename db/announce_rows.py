"""Announcement rows as the code sees them: subscriptions, ledger rows, and the stored
form of a pause reason (a message translated when an admin reads it)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from core.announce import Schedule
from core.audience import KoreanMode
from core.i18n import Text

State = Literal["claimed", "sent", "failed"]


def stamp(instant: dt.datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError("naive datetime")
    return instant.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_stamp(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def parse_date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


# -- pause reasons -------------------------------------------------------------------
# Kept as the English source and its values (JSON), so each admin reads the reason in
# their own language; a reason stored before that (plain English) reads as it was written.


def _encoded(text: Text) -> dict[str, object]:
    values = {
        name: {"text": _encoded(value)} if isinstance(value, Text) else value
        for name, value in text.values.items()
    }
    found: dict[str, object] = {"message": text.singular, "values": values}
    if text.plural is not None:
        found |= {"plural": text.plural, "n": text.n}
    return found


def _decoded(data: Mapping[str, object]) -> Text:
    raw = data.get("values")
    values = {
        str(name): _decoded(value["text"])
        if isinstance(value, dict) and isinstance(value.get("text"), dict)
        else value
        for name, value in (raw.items() if isinstance(raw, dict) else ())
    }
    plural = data.get("plural")
    n = data.get("n")
    return Text(
        str(data.get("message", "")),
        values,
        plural if isinstance(plural, str) else None,
        n if isinstance(n, int) else 1,
    )


def store_reason(reason: Text | str) -> str:
    text = reason if isinstance(reason, Text) else Text(reason)
    return json.dumps(_encoded(text), ensure_ascii=False, separators=(",", ":"))


def load_reason(stored: str | None) -> Text | None:
    if stored is None:
        return None
    if stored.startswith("{"):
        try:
            data = json.loads(stored)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            return _decoded(data)
    return Text(stored)


# -- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    category: str
    country_iso2: str | None
    schedule: Schedule
    role_id: int | None
    #: Why it is paused, for the admins to read in their language; None: active.
    paused_reason: Text | None
    paused_at: dt.datetime | None
    created_by: int
    created_at: dt.datetime
    korean: KoreanMode = "all"
    #: The language its posts are written in (a shipped Discord locale tag); None: the
    #: server's language at the time of each post.
    language: str | None = None

    @property
    def active(self) -> bool:
        return self.paused_reason is None

    @property
    def chart_key(self) -> tuple[str, str | None]:
        return self.category, self.country_iso2


@dataclass(frozen=True)
class Delivery:
    subscription_id: int
    week: dt.date
    state: State
    nonce: str
    message_id: int | None
    attempts: int
    last_error: str | None
    claimed_at: dt.datetime
    sent_at: dt.datetime | None
    retry_after: dt.datetime | None
    claimed_by: str | None = None
    lease_until: dt.datetime | None = None

    def held_elsewhere(self, process: str, now: dt.datetime) -> bool:
        """A live claim of another process: it may be sending right now."""
        return (
            self.state == "claimed"
            and self.claimed_by is not None
            and self.claimed_by != process
            and self.lease_until is not None
            and self.lease_until > now
        )


@dataclass(frozen=True)
class Claim:
    """Permission to send one (subscription, week). `previous` is the row as it was when an
    earlier attempt exists: that attempt may have reached Discord, so look before resending."""

    subscription_id: int
    week: dt.date
    nonce: str
    attempts: int
    previous: Delivery | None


@dataclass(frozen=True)
class DueCheck:
    subscription: Subscription
    last_sent_week: dt.date | None
    #: The server's `/settings language` choice, read in the same query.
    server_language: str | None = None


def subscription_row(row: sqlite3.Row) -> Subscription:
    created = parse_stamp(row["created_at"])
    assert created is not None
    return Subscription(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        category=row["category"],
        country_iso2=row["country_iso2"],
        schedule=Schedule(row["weekday"], row["minute"], row["timezone"]),
        role_id=row["role_id"],
        paused_reason=load_reason(row["paused_reason"]),
        paused_at=parse_stamp(row["paused_at"]),
        created_by=row["created_by"],
        created_at=created,
        korean=row["korean"],
        language=row["language"],
    )


def delivery_row(row: sqlite3.Row) -> Delivery:
    week = parse_date(row["week"])
    claimed = parse_stamp(row["claimed_at"])
    assert week is not None and claimed is not None
    return Delivery(
        subscription_id=row["subscription_id"],
        week=week,
        state=row["state"],
        nonce=row["nonce"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        claimed_at=claimed,
        sent_at=parse_stamp(row["sent_at"]),
        retry_after=parse_stamp(row["retry_after"]),
        claimed_by=row["claimed_by"],
        lease_until=parse_stamp(row["lease_until"]),
    )
