"""The weekly announcement message and the `/announce status` card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import discord

from core.announce import TOP10_URL, marked_url
from core.audience import KOREAN_MODE_NAMES
from core.charts import week_label
from core.countries import country_name
from core.text import plural
from db.announce import Delivery, Subscription
from render.limits import CONTENT, fit_embed
from render.shows import COLOR, safe

PAUSED = "⏸"
Kind = Literal["post", "test", "preview"]
TEST_LINE = (
    "🧪 **Test announcement**: this is how the weekly post will look (not this week's post)."
)


@dataclass(frozen=True)
class RenderedChart:
    """A week's Top 10 as the chart renderer draws it, before it becomes an announcement."""

    embed: discord.Embed
    highlight: str | None
    #: The list's name as its embed says it (`South Korea · TV`), for the opening line.
    title: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    content: str | None
    embed: discord.Embed
    #: The only mention the message may ping (the admins' explicit choice), or None.
    role_id: int | None

    @property
    def allowed_mentions(self) -> discord.AllowedMentions:
        if self.role_id is None:
            return discord.AllowedMentions.none()
        return discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(self.role_id)], replied_user=False
        )


def discord_time(instant: dt.datetime, style: str = "F") -> str:
    """A Discord timestamp: every member sees it in their own time zone."""
    return f"<t:{int(instant.timestamp())}:{style}>"


def target_label(
    subscription: Subscription, place: str | None = None, category: str | None = None
) -> str:
    """`South Korea · TV`: named as the post's own title names the list; `place` is the
    country's name as the stored lists give it (else its ISO 3166 name, else the code),
    `category` the one the list is stored under (a country's early files have only "TV")."""
    iso2 = subscription.country_iso2
    where = "Global" if iso2 is None else place or country_name(iso2) or iso2
    return f"{where} · {category or subscription.category}"


def announcement(
    subscription: Subscription,
    chart: RenderedChart,
    week: dt.date,
    *,
    skipped: int = 0,
    kind: Kind = "post",
) -> OutgoingMessage:
    """The post for one subscription: the highlight opens it, the Top 10 embed follows.

    The title of a real post links to Netflix's Top 10 with a fragment naming
    (subscription, week), so the post can be recognised in the channel after a crash
    while members read nothing internal; test posts and previews link without it, so they
    are never mistaken for it. Only a real post may ping the subscription's role.
    """
    test = kind == "test"
    real = kind == "post"
    lines: list[str] = []
    if test:
        lines.append(TEST_LINE)
    opening = chart.highlight or (
        f"📺 Netflix Top 10, {chart.title or target_label(subscription)}, "
        f"week of {week_label(week)}"
    )
    if subscription.role_id is not None and real:
        opening = f"<@&{subscription.role_id}> {opening}"
    lines.append(opening)
    if skipped and real:
        weeks = "week was" if skipped == 1 else f"{plural(skipped, 'week')} were"
        lines.append(
            f"-# Catching up: the previous {weeks} not announced here separately "
            "(`/chart top` shows any week)."
        )
    embed = chart.embed.copy()
    embed.url = marked_url(subscription.id, week) if real else TOP10_URL
    content = "\n".join(lines)
    return OutgoingMessage(
        content=content[:CONTENT],
        embed=fit_embed(embed),
        role_id=subscription.role_id if real else None,
    )


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


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def status_lines(entry: StatusEntry) -> list[str]:
    sub = entry.subscription
    lines = [f"In <#{sub.channel_id}>: {sub.schedule.describe()}"]
    if sub.role_id is not None:
        lines.append(f"Pings <@&{sub.role_id}>")
    if sub.korean != "all":
        lines.append(f"Posts {KOREAN_MODE_NAMES[sub.korean]}")
    if sub.paused_reason is not None:
        since = f" since {discord_time(sub.paused_at, 'f')}" if sub.paused_at else ""
        lines.append(f"{PAUSED} **Paused**{since}: {safe(sub.paused_reason)}")
        lines.append("`/announce resume` starts it again.")
    elif entry.waiting_for is not None:
        lines.append(
            f"Due now: waiting for Netflix's week of {week_label(entry.waiting_for)}; "
            "it is posted as soon as the data is in."
        )
    else:
        lines.append(
            f"Next post: {discord_time(entry.next_post)} ({discord_time(entry.next_post, 'R')})"
        )
    if entry.last_sent is not None and entry.last_sent.message_id is not None:
        link = message_link(sub.guild_id, sub.channel_id, entry.last_sent.message_id)
        lines.append(f"Last post: [week of {week_label(entry.last_sent.week)}]({link})")
    if entry.pending is not None and entry.pending.last_error:
        lines.append(
            f"⚠️ Week of {week_label(entry.pending.week)}: {entry.pending.attempts} "
            f"attempt(s) so far, last error: {safe(entry.pending.last_error)}"
        )
    if entry.newest_week is None:
        lines.append("No chart data for this list has been imported yet.")
    return lines


def status_card(entries: Sequence[StatusEntry], limit: int) -> discord.Embed:
    embed = discord.Embed(title="Weekly Top 10 announcements", colour=COLOR)
    if not entries:
        embed.description = (
            "No announcements are set up in this server. "
            "`/announce setup channel:#channel` posts Netflix's Top 10 every week."
        )
    for entry in entries:
        sub = entry.subscription
        state = f" {PAUSED}" if not sub.active else ""
        embed.add_field(
            name=f"#{sub.id} · {entry.label or target_label(sub)}{state}",
            value="\n".join(status_lines(entry)),
            inline=False,
        )
    embed.set_footer(
        text=f"{len(entries)} of {plural(limit, 'subscription')} · times in your time zone"
    )
    return fit_embed(embed)
