"""Airing: this week's Korean episodes, follows and episode posts, as pure rules.

A provider's schedule lists episodes with the show each belongs to; the store keeps them by
the provider's episode id, so a rescheduled episode stays the same episode. Posting rules
(what is due, when a pass's posts merge into one catch-up) live here so the scheduler, the
console and the tests all agree.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from core.errors import UserError
from core.i18n import deferred_plural
from core.providers import Episode, Kind, ProviderRef
from core.text import clip

#: Days ahead the scheduler keeps schedules for, and days ahead `/airing` may show.
REFRESH_DAYS = 14
LIST_DAYS = 7
MAX_FOLLOWS = 50
#: A post later than this after its air time (downtime, an outage) reads as a catch-up.
LATE_AFTER = dt.timedelta(minutes=30)
#: A catch-up post names at most this many episodes (the newest), then "and N earlier".
CATCH_UP_NAMES = 10
DEFAULT_ZONE = "Asia/Seoul"  # the broadcasters' own day when a server chose no zone
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Source = Literal["schedule", "web", "show"]
Change = Literal["new", "rescheduled", "cancelled", "renamed"]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class AiringShow:
    """The show an episode belongs to, as the schedule gave it."""

    ref: ProviderRef
    name: str
    network: str | None = None  # broadcaster or streaming service
    streaming: bool = False
    language: str | None = None
    country: str | None = None  # core.providers.origin_country of the record
    kind: Kind = "unknown"
    status: str | None = None  # the provider's word: "Running", "Ended", "To Be Determined"
    ended: str | None = None
    url: str | None = None

    @property
    def korean(self) -> bool:
        return self.country == "KR"


@dataclass(frozen=True)
class ScheduledEpisode:
    """One episode at one provider with the show it belongs to."""

    id: int  # the provider's episode id: stable across reschedules
    show: AiringShow
    episode: Episode
    special: bool = False
    url: str | None = None

    @property
    def airs_at(self) -> dt.datetime | None:
        return airstamp(self.episode.airstamp)


def echo(text: str, limit: int = 40) -> str:
    """Member text quoted back in an error: clipped, markdown and mentions defused (the
    reply allows no mentions anyway; this keeps it readable)."""
    clipped = clip(" ".join(text.split()), limit)
    for char in "\\*_~`|>":
        clipped = clipped.replace(char, "\\" + char)
    return clipped.replace("@", "@\u200b")


def airstamp(text: str | None) -> dt.datetime | None:
    """An ISO 8601 stamp with offset → aware UTC; None when missing or naive."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(dt.UTC)


def episode_code(season: int | None, number: int | None, special: bool = False) -> str | None:
    """`S01E03`, the same in every language; None for a special (or an episode without a
    number), which the renderer names in the reader's language."""
    if special or number is None or season is None:
        return None
    return f"S{season:02d}E{number:02d}"


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError("“{zone}” is not a time zone I know.", zone=echo(name, 60)) from exc


def day_bounds(day: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The instants (UTC) a local day in `zone_name` starts and ends."""
    tz = zone(zone_name)
    start = dt.datetime.combine(day, dt.time(), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold().rstrip(".")


def _weekday_of(raw: str, names: Mapping[str, int]) -> int | None:
    """English weekdays by any prefix of 3+ letters (`fri`); the member's language's by
    their whole wide or abbreviated name (`금요일`, `金`, `sexta-feira`, `sex`)."""
    if len(raw) >= 3:
        for index, name in enumerate(WEEKDAYS):
            if name.startswith(raw):
                return index
    return names.get(raw)


def parse_day(
    text: str | None,
    now: dt.datetime,
    zone_name: str,
    *,
    words: Mapping[str, int] | None = None,
    weekdays: Mapping[str, int] | None = None,
) -> dt.date:
    """ "today", "tomorrow", a weekday, "+3" or YYYY-MM-DD → a local day within the next
    LIST_DAYS days (today included). `words` adds the member's own words for days ahead
    ("내일" → 1) and `weekdays` their weekday names (→ 0 for Monday), besides English."""
    today = now.astimezone(zone(zone_name)).date()
    raw = _fold(text or "")
    ahead = {"": 0, "today": 0, "now": 0, "tonight": 0, "tomorrow": 1}
    ahead.update({_fold(word): offset for word, offset in (words or {}).items() if _fold(word)})
    if raw in ahead:
        return today + dt.timedelta(days=ahead[raw])
    names = {_fold(name): index for name, index in (weekdays or {}).items() if _fold(name)}
    wanted = _weekday_of(raw, names)
    if wanted is not None:
        return today + dt.timedelta(days=(wanted - today.weekday()) % 7)
    if raw.startswith("+") and raw[1:].isdigit() and len(raw) <= 3:
        day = today + dt.timedelta(days=int(raw[1:]))
    elif _DATE.fullmatch(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise UserError(
                "“{text}” is not a date on the calendar.", text=echo(text or "")
            ) from None
    else:
        raise UserError(
            "“{text}” is not a day I understand: use today, tomorrow, a weekday (friday), "
            "+2 or a date such as 2026-12-04.",
            text=echo(text or ""),
        )
    if not today <= day < today + dt.timedelta(days=LIST_DAYS):
        last = today + dt.timedelta(days=LIST_DAYS - 1)
        # ISO dates: the form the member types the option in.
        raise UserError(
            deferred_plural(
                "I list the next {count} day only ({first} to {last}).",
                "I list the next {count} days only ({first} to {last}).",
                LIST_DAYS,
                count=LIST_DAYS,
                first=today.isoformat(),
                last=last.isoformat(),
            )
        )
    return day


def group_by_time(
    episodes: Iterable[ScheduledEpisode],
) -> list[tuple[dt.datetime | None, list[ScheduledEpisode]]]:
    """Episodes grouped by air time, earliest first; episodes without a time last."""
    groups: dict[dt.datetime | None, list[ScheduledEpisode]] = {}
    for item in episodes:
        groups.setdefault(item.airs_at, []).append(item)
    timed = sorted(t for t in groups if t is not None)
    ordered: list[dt.datetime | None] = [*timed, *([None] if None in groups else [])]
    return [(t, sorted(groups[t], key=lambda e: (e.show.name.casefold(), e.id))) for t in ordered]


def double_days(episodes: Iterable[ScheduledEpisode]) -> dict[tuple[int, str], int]:
    """(show id, air date) → episode count, for days with two or more regular episodes of
    one show: a double-episode day (or a whole season released at once)."""
    seen: dict[tuple[int, str], int] = {}
    for item in episodes:
        if item.special or not item.episode.airdate:
            continue
        key = (item.show.ref.id, item.episode.airdate)
        seen[key] = seen.get(key, 0) + 1
    return {key: count for key, count in seen.items() if count > 1}


@dataclass(frozen=True)
class StoredAiring:
    """What the store held for an episode before a refresh."""

    id: int
    airstamp: str | None
    name: str | None
    cancelled: bool


def change_of(before: StoredAiring | None, after: ScheduledEpisode | None) -> Change | None:
    """What a refresh changed for one episode: new, rescheduled, cancelled (gone from the
    provider's schedule before it aired), renamed, or nothing."""
    if after is None:
        if before is None or before.cancelled:
            return None
        return "cancelled"
    if before is None:
        return "new"
    if before.cancelled or airstamp(before.airstamp) != after.airs_at:
        return "rescheduled"
    if after.episode.name and before.name != after.episode.name:
        return "renamed"
    return None


def nonce(follow_id: int, episode_id: int) -> str:
    """Deterministic per (follow, newest episode of the post): Discord drops a repeated
    nonce, so a resend after a crash cannot post twice. At most 25 characters."""
    return f"e{follow_id}x{episode_id}"[:25]


def marker(follow_id: int, episode_id: int | None) -> str:
    """The fragment of a post's title link that finds the post again after a crash (None:
    the finished-airing post). It rides in the embed's URL, as the chart announcements'
    does, so members see a link to the show, not an internal code."""
    return f"#hallyu-air-{follow_id}-{'end' if episode_id is None else episode_id}"


def marked_url(page: str | None, follow_id: int, episode_id: int | None) -> str:
    """The show's provider page (TVmaze's site when unknown) with the post's marker."""
    base = (page or "https://www.tvmaze.com").split("#", 1)[0]
    return base + marker(follow_id, episode_id)


def ended_nonce(follow_id: int) -> str:
    return f"e{follow_id}end"[:25]


#: Kinds `/airing` lists (news and sports fill the broadcast schedule but not a fan's week).
LISTED_KINDS: frozenset[Kind] = frozenset(
    {"drama", "reality", "variety", "documentary", "animation", "talk", "game", "unknown"}
)


def is_late(air: dt.datetime, now: dt.datetime, delay: dt.timedelta) -> bool:
    return now - (air + delay) > LATE_AFTER


def split_names(names: Sequence[str]) -> tuple[list[str], int]:
    """The newest CATCH_UP_NAMES of a catch-up's episodes, and how many more there are."""
    shown = list(names[-CATCH_UP_NAMES:])
    return shown, len(names) - len(shown)


def until(instant: dt.datetime, now: dt.datetime) -> tuple[int, int, int] | None:
    """The countdown's days, hours and minutes as shown ("in 2 days 3 hours", "in 45
    minutes": hours only within 3 days, minutes only within a day; zero parts are left
    out); None when the time has come."""
    seconds = int((instant - now).total_seconds())
    if seconds <= 0:
        return None
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    return days, hours if days < 3 else 0, 0 if days else minutes


def finished(status: str | None, upcoming: int) -> bool:
    """A show is complete when its provider says it ended and nothing is left to air."""
    return (status or "").strip().casefold() == "ended" and upcoming == 0
