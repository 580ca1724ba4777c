"""What an announcement is set to, in the reader's language: the lines `/announce status`,
`setup` and `edit` share, and the status card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from core.announce import Schedule
from core.audience import KoreanMode
from core.locales import NATIVE_NAMES, SOURCE
from db.announce import Delivery, Subscription
from render.announce import discord_time, target_label
from render.i18n import ENGLISH, Lang
from render.limits import fit_embed
from render.shows import COLOR, safe

PAUSED = "⏸"
# A Monday: the weekday names come from a date (Babel names days of real dates).
_A_MONDAY = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class StatusEntry:
    subscription: Subscription
    last_sent: Delivery | None
    pending: Delivery | None
    next_post: dt.datetime
    waiting_for: dt.date | None
    newest_week: dt.date | None
    #: The subscription's list as members read it (`South Korea · TV (Non-English)`).
    label: str | None = None
    #: The language its posts are in now (its own, else the server's).
    language: str = SOURCE


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def weekday_name(weekday: int, lang: Lang = ENGLISH) -> str:
    """0 → `Monday`, `lundi`, `월요일`."""
    return lang.weekday(_A_MONDAY + dt.timedelta(days=weekday))


def schedule_line(channel_id: int, schedule: Schedule, lang: Lang = ENGLISH) -> str:
    hours, minutes = divmod(schedule.minute, 60)
    return lang.gettext(
        "In {channel}, every {weekday} at {time} ({timezone}).",
        channel=f"<#{channel_id}>",
        weekday=weekday_name(schedule.weekday, lang),
        time=f"{hours:02d}:{minutes:02d}",
        timezone=schedule.timezone,
    )


def ping_line(role_id: int | None, lang: Lang = ENGLISH) -> str:
    if role_id is None:
        return lang.gettext("Pings no role.")
    return lang.gettext("Pings {role} with each post.", role=f"<@&{role_id}>")


def korean_line(mode: KoreanMode, lang: Lang = ENGLISH) -> str:
    """What each post shows of the week's Korean titles."""
    if mode == "only":
        return lang.gettext("Each post shows only the Korean titles.")
    if mode == "highlight":
        return lang.gettext("Each post shows the whole list, the Korean titles named first.")
    return lang.gettext("Each post shows the whole list, the Korean titles marked.")


def language_line(chosen: str | None, effective: str, lang: Lang = ENGLISH) -> str:
    """`chosen`: the subscription's own language (None: the server's, now `effective`)."""
    if chosen is not None:
        return lang.gettext("Posts in {language}.", language=NATIVE_NAMES.get(chosen, chosen))
    return lang.gettext(
        "Posts in the server's language, now {language}.",
        language=NATIVE_NAMES.get(effective, effective),
    )


def settings_lines(sub: Subscription, effective: str, lang: Lang = ENGLISH) -> list[str]:
    """Where, when, whom it pings, what it shows and in which language."""
    return [
        schedule_line(sub.channel_id, sub.schedule, lang),
        ping_line(sub.role_id, lang),
        korean_line(sub.korean, lang),
        language_line(sub.language, effective, lang),
    ]


def status_lines(entry: StatusEntry, lang: Lang = ENGLISH) -> list[str]:
    sub = entry.subscription
    lines = settings_lines(sub, entry.language, lang)
    if sub.paused_reason is not None:
        reason = safe(sub.paused_reason.render(lang))
        if sub.paused_at is not None:
            paused = lang.gettext(
                "**Paused** since {time}: {reason}",
                time=discord_time(sub.paused_at, "f"),
                reason=reason,
            )
        else:
            paused = lang.gettext("**Paused**: {reason}", reason=reason)
        lines.append(f"{PAUSED} {paused}")
        lines.append(lang.gettext("`/announce resume` starts it again."))
    elif entry.waiting_for is not None:
        lines.append(
            lang.gettext(
                "Due now: waiting for Netflix's week of {week}; it is posted as soon as the "
                "data is in.",
                week=lang.week(entry.waiting_for),
            )
        )
    else:
        lines.append(
            lang.gettext(
                "Next post: {time} ({relative})",
                time=discord_time(entry.next_post),
                relative=discord_time(entry.next_post, "R"),
            )
        )
    if entry.last_sent is not None and entry.last_sent.message_id is not None:
        link = message_link(sub.guild_id, sub.channel_id, entry.last_sent.message_id)
        lines.append(
            lang.gettext(
                "Last post: [week of {week}]({link})",
                week=lang.week(entry.last_sent.week),
                link=link,
            )
        )
    pending = entry.pending
    if pending is not None and pending.last_error:
        lines.append(
            lang.ngettext(
                "⚠️ Week of {week}: {count} attempt so far, last error: {error}",
                "⚠️ Week of {week}: {count} attempts so far, last error: {error}",
                pending.attempts,
                week=lang.week(pending.week),
                count=lang.number(pending.attempts),
                error=safe(pending.last_error),
            )
        )
    if entry.newest_week is None:
        lines.append(lang.gettext("No chart data for this list has been imported yet."))
    return lines


def status_card(entries: Sequence[StatusEntry], limit: int, lang: Lang = ENGLISH) -> discord.Embed:
    embed = discord.Embed(title=lang.gettext("Weekly Top 10 announcements"), colour=COLOR)
    if not entries:
        embed.description = lang.gettext(
            "No announcements are set up in this server. "
            "`/announce setup channel:#channel` posts Netflix's Top 10 every week."
        )
    for entry in entries:
        sub = entry.subscription
        state = f" {PAUSED}" if not sub.active else ""
        label = entry.label or target_label(sub, lang)
        embed.add_field(
            name=f"#{sub.id} · {label}{state}",
            value="\n".join(status_lines(entry, lang)),
            inline=False,
        )
    # Two notes side by side, each a whole phrase (as the Top 10 card's footer).
    notes = [
        lang.ngettext(
            "{count} of {limit} subscription",
            "{count} of {limit} subscriptions",
            limit,
            count=lang.number(len(entries)),
            limit=lang.number(limit),
        ),
        lang.gettext("times in your time zone"),
    ]
    embed.set_footer(text=" · ".join(notes))
    return fit_embed(embed)
