"""What `/announce setup` and `/announce edit` change: only the options the admin gave."""

from __future__ import annotations

from dataclasses import dataclass

from core.announce import Schedule
from db.announce import Subscription
from render.announce_replies import Setting


@dataclass(frozen=True)
class Target:
    """A subscription's settings, before or after a change."""

    channel_id: int
    category: str
    country_iso2: str | None
    schedule: Schedule
    role_id: int | None
    language: str | None

    @classmethod
    def of(cls, sub: Subscription) -> Target:
        return cls(
            sub.channel_id, sub.category, sub.country_iso2, sub.schedule, sub.role_id, sub.language
        )


def changed(before: Target, after: Target) -> list[Setting]:
    """The settings that differ, in the order the commands' options come."""
    names: list[Setting] = []
    if before.channel_id != after.channel_id:
        names.append("channel")
    if before.category != after.category:
        names.append("category")
    if before.country_iso2 != after.country_iso2:
        names.append("country")
    if before.schedule.weekday != after.schedule.weekday:
        names.append("day")
    if before.schedule.minute != after.schedule.minute:
        names.append("time")
    if before.schedule.timezone != after.schedule.timezone:
        names.append("timezone")
    if before.role_id != after.role_id:
        names.append("role")
    if before.language != after.language:
        names.append("language")
    return names


class Keep:
    """An option the admin did not give: the setting stays as it is."""


KEEP = Keep()


def merged(
    sub: Subscription,
    *,
    channel_id: int | None,
    category: str | None,
    country_iso2: str | Keep | None,
    weekday: int | None,
    minute: int | None,
    timezone: str | None,
    role_id: int | Keep | None,
    language: str | Keep | None = KEEP,
) -> Target:
    """The subscription's settings with the given options applied, the rest kept."""
    old = sub.schedule
    return Target(
        channel_id=sub.channel_id if channel_id is None else channel_id,
        category=category or sub.category,
        country_iso2=sub.country_iso2 if isinstance(country_iso2, Keep) else country_iso2,
        schedule=Schedule(
            old.weekday if weekday is None else weekday,
            old.minute if minute is None else minute,
            old.timezone if timezone is None else timezone,
        ),
        role_id=sub.role_id if isinstance(role_id, Keep) else role_id,
        language=sub.language if isinstance(language, Keep) else language,
    )
