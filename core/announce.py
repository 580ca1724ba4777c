"""Announcement schedules without Discord: parsing admins' input and the weekly clock.

A subscription posts once per week at a local weekday and time in its own IANA time
zone. Netflix publishes a week's Top 10 (weeks run Monday–Sunday, named by their Sunday)
on the Tuesday after, so each weekly slot *expects* the newest week published by then;
the delivery pass posts when that week (or a newer one) is in the store.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from core.errors import UserError
from core.i18n import Text, deferred, deferred_plural
from core.text import clip

DEFAULT_WEEKDAY = 1  # Tuesday: Netflix's publication day
DEFAULT_MINUTE = 18 * 60
DEFAULT_TIMEZONE = "UTC"
MAX_SUBSCRIPTIONS = 5
TOO_MANY_SUBSCRIPTIONS = deferred_plural(
    "This server already has {count} announcement subscription, the most allowed. "
    "Remove it with `/announce off` first.",
    "This server already has {count} announcement subscriptions, the most allowed. "
    "Remove one with `/announce off` first.",
    MAX_SUBSCRIPTIONS,
    count=MAX_SUBSCRIPTIONS,
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PUBLICATION_WEEKDAY = 1  # Tuesday
PUBLICATION_LAG_DAYS = 2  # a week ending on Sunday is published on the Tuesday after

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")


@dataclass(frozen=True)
class Schedule:
    """Where in a week a subscription posts: weekday (0 = Monday), minute of the day, zone."""

    weekday: int
    minute: int
    timezone: str

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone(self.timezone)

    def describe(self) -> str:
        hours, minutes = divmod(self.minute, 60)
        return f"{WEEKDAYS[self.weekday]}s at {hours:02d}:{minutes:02d} ({self.timezone})"

    def last_slot(self, now: dt.datetime) -> dt.datetime:
        """The latest weekly slot at or before `now`, as an aware UTC datetime."""
        local = now.astimezone(self.zone)
        date = local.date() - dt.timedelta(days=(local.weekday() - self.weekday) % 7)
        slot = self._at(date)
        if slot > now:
            slot = self._at(date - dt.timedelta(days=7))
        return slot

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        """The first weekly slot strictly after `now`."""
        last = self.last_slot(now)
        return self._at(last.astimezone(self.zone).date() + dt.timedelta(days=7))

    def _at(self, date: dt.date) -> dt.datetime:
        hours, minutes = divmod(self.minute, 60)
        # A wall time skipped by a DST change resolves like zoneinfo does (fold=0):
        # it still maps to one definite instant, so the slot never disappears.
        local = dt.datetime.combine(date, dt.time(hours, minutes), tzinfo=self.zone)
        return local.astimezone(dt.UTC)

    def local_date(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()


def expected_week(slot_date: dt.date) -> dt.date:
    """The newest week (its Sunday) that Netflix has published by `slot_date`."""
    since_publication = (slot_date.weekday() - PUBLICATION_WEEKDAY) % 7
    return slot_date - dt.timedelta(days=since_publication + PUBLICATION_LAG_DAYS)


def skipped_weeks(last_sent: dt.date | None, week: dt.date) -> int:
    """How many weeks between the last announced one and `week` were never announced."""
    if last_sent is None or week <= last_sent:
        return 0
    return max(0, (week - last_sent).days // 7 - 1)


@lru_cache(maxsize=1024)
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    names = {n for n in zoneinfo.available_timezones() if not n.startswith(("posix/", "right/"))}
    return tuple(sorted(names))


def parse_timezone(text: str | None) -> str:
    """An IANA zone name, matched case-insensitively: `asia/seoul` → `Asia/Seoul`."""
    raw = (text or "").strip()
    if not raw:
        return DEFAULT_TIMEZONE
    wanted = raw.replace(" ", "_").casefold()
    for name in timezone_names():
        if name.casefold() == wanted:
            return name
    raise UserError(
        "“{zone}” is not a time zone I know. Use an IANA name such as Asia/Seoul, "
        "America/New_York, Europe/Paris or UTC (the suggestions list them).",
        zone=clip(raw, 60),
    )


def timezone_suggestions(current: str, limit: int = 25) -> list[str]:
    """Zones whose name contains what was typed, names starting with it first."""
    wanted = current.strip().replace(" ", "_").casefold()
    names = timezone_names()
    if not wanted:
        popular = ("UTC", "Asia/Seoul", "Asia/Tokyo", "Europe/London", "America/New_York")
        return list(popular)[:limit]
    starts = [n for n in names if n.casefold().startswith(wanted)]
    # Matching inside the name lets "seoul" find Asia/Seoul.
    inner = [n for n in names if wanted in n.casefold() and n not in starts]
    return (starts + inner)[:limit]


def parse_time(text: str | None) -> int:
    """`18:00`, `18`, `6pm`, `6:30 pm`, `18.30` → minutes after midnight."""
    raw = (text or "").strip().lower()
    if not raw:
        return DEFAULT_MINUTE
    match = _CLOCK.match(raw)
    if match is None:
        raise UserError(
            "“{text}” is not a time of day. Use 24-hour HH:MM, e.g. 18:00.",
            text=clip(text or "", 40),
        )
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix is not None:
        if not 1 <= hours <= 12:
            raise UserError("With am/pm, the hour must be between 1 and 12.")
        hours = hours % 12 + (12 if suffix == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise UserError(
            "“{text}” is not a time of day (00:00 to 23:59).", text=clip(text or "", 40)
        )
    return hours * 60 + minutes


def removed_meanwhile(subscription_id: int) -> Text:
    return deferred("Announcement #{id} was removed meanwhile.", id=subscription_id)


def nonce(subscription_id: int, week: dt.date) -> str:
    """Deterministic per (subscription, week): Discord drops a repeated nonce, so a resend
    after a crash within its dedupe window cannot create a second post. At most 25 chars."""
    return f"a{subscription_id}w{week:%Y%m%d}"[:25]


# Where an announcement's title links to: Netflix's own Top 10 site.
TOP10_URL = "https://www.netflix.com/tudum/top10"


def marker(subscription_id: int, week: dt.date) -> str:
    """The fragment of a real post's title link that finds the post again after a crash.

    It rides in the embed's URL (which Discord keeps and returns with the message) rather
    than in text: members see a title linking to Netflix's Top 10, not an internal code.
    """
    return f"#hallyu-{subscription_id}-{week.isoformat()}"


def marked_url(subscription_id: int, week: dt.date) -> str:
    return TOP10_URL + marker(subscription_id, week)


def _expected_now(schedule: Schedule, created_at: dt.datetime, now: dt.datetime) -> dt.date | None:
    """The week the latest slot expects, or None when that slot predates the subscription."""
    slot = schedule.last_slot(now)
    if slot < created_at:
        return None
    return expected_week(schedule.local_date(slot))


def due_week(
    schedule: Schedule,
    *,
    created_at: dt.datetime,
    last_sent: dt.date | None,
    newest: dt.date | None,
    now: dt.datetime,
) -> dt.date | None:
    """The week to post now, or None.

    Due when the latest slot has come (and came after the subscription was made), the week
    that slot expects (or a newer one) is in the store, and nothing that new was posted yet.
    Only the newest week is ever returned: after downtime or late data there is one post,
    never a backlog, and a week published after a slot's post waits for the next slot.
    """
    expected = _expected_now(schedule, created_at, now)
    if newest is None or expected is None or newest < expected:
        return None
    if last_sent is not None and last_sent >= expected:
        return None
    return newest


def waiting_for(
    schedule: Schedule,
    *,
    created_at: dt.datetime,
    last_sent: dt.date | None,
    newest: dt.date | None,
    now: dt.datetime,
) -> dt.date | None:
    """The week a slot that has come is still waiting for (Netflix's data not in yet)."""
    expected = _expected_now(schedule, created_at, now)
    if expected is None:
        return None
    if (newest is None or newest < expected) and (last_sent is None or last_sent < expected):
        return expected
    return None
