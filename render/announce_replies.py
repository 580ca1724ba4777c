"""`/announce setup` and `/announce edit` replies: what was done, then the settings as
they now are (the lines `/announce status` shows), each line a whole sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from db.announce import Subscription
from render.announce import discord_time
from render.announce_status import settings_lines
from render.i18n import ENGLISH, Lang

Setting = Literal[
    "channel", "category", "country", "day", "time", "timezone", "role", "korean", "language"
]
#: Whether the subscription's list has data yet (what `preview` and `test` would show).
DataState = Literal["ready", "no week", "no data"]


def setting_name(setting: Setting, lang: Lang = ENGLISH) -> str:
    """A setting as its command option names it (`time zone`, `Korean titles`)."""
    names = {
        "channel": lang.pgettext("announcement setting", "channel"),
        "category": lang.pgettext("announcement setting", "category"),
        "country": lang.pgettext("announcement setting", "country"),
        "day": lang.pgettext("announcement setting", "day"),
        "time": lang.pgettext("announcement setting", "time"),
        "timezone": lang.pgettext("announcement setting", "time zone"),
        "role": lang.pgettext("announcement setting", "role"),
        "korean": lang.pgettext("announcement setting", "Korean titles"),
        "language": lang.pgettext("announcement setting", "language"),
    }
    return names[setting]


def data_note(state: DataState, lang: Lang = ENGLISH) -> str:
    if state == "ready":
        return lang.gettext("`/announce preview` shows it; `/announce test` posts a test now.")
    if state == "no week":
        return lang.gettext("Netflix's stored lists have no week of this list yet.")
    return lang.gettext("No chart data is imported yet.")


def setup_reply(
    sub: Subscription,
    label: str,
    effective: str,
    first_post: dt.datetime,
    state: DataState,
    lang: Lang = ENGLISH,
) -> str:
    """A new announcement: `label` its list, `effective` the language its posts are in."""
    lines = [
        lang.gettext("Set up announcement #{id}: {list}.", id=sub.id, list=label),
        *settings_lines(sub, effective, lang),
        lang.gettext(
            "First post: {time}, or as soon as Netflix's week is in.",
            time=discord_time(first_post),
        ),
        data_note(state, lang),
    ]
    return "\n".join(lines)


def _headline(
    sub: Subscription, label: str, changes: Sequence[Setting], again: bool, lang: Lang
) -> str:
    settings = lang.join([setting_name(name, lang) for name in changes])
    if again and changes:
        return lang.gettext(
            "This channel already has announcement #{id} for {list}; changed: {settings}.",
            id=sub.id,
            list=label,
            settings=settings,
        )
    if again:
        return lang.gettext(
            "This channel already has announcement #{id} for {list}; its settings are kept.",
            id=sub.id,
            list=label,
        )
    if changes:
        return lang.gettext(
            "Changed announcement #{id} ({list}): {settings}.",
            id=sub.id,
            list=label,
            settings=settings,
        )
    return lang.gettext(
        "Announcement #{id} ({list}) already has those settings.", id=sub.id, list=label
    )


def change_reply(
    sub: Subscription,
    label: str,
    effective: str,
    changes: Sequence[Setting],
    *,
    again: bool,
    next_post: dt.datetime,
    state: DataState,
    lang: Lang = ENGLISH,
) -> str:
    """An announcement changed (or `again`: set up again on the same channel and list)."""
    lines = [
        _headline(sub, label, changes, again, lang),
        *settings_lines(sub, effective, lang),
        lang.gettext("Next post: {time}.", time=discord_time(next_post)),
    ]
    if not sub.active:
        lines.append(lang.gettext("It is paused: `/announce resume` starts it again."))
    if again:
        lines.append(lang.gettext("`/announce edit` changes single settings."))
    lines.append(data_note(state, lang))
    return "\n".join(lines)
