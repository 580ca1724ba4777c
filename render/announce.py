"""The weekly announcement message, in the subscription's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import discord

from core.announce import TOP10_URL, marked_url
from core.countries import country_name
from db.announce import Subscription
from render.chart_words import category_name
from render.i18n import ENGLISH, Lang
from render.limits import CONTENT, fit_embed

Kind = Literal["post", "test", "preview"]


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
    """A Discord timestamp: every member sees it in their own time zone and language."""
    return f"<t:{int(instant.timestamp())}:{style}>"


def target_label(
    subscription: Subscription,
    lang: Lang = ENGLISH,
    place: str | None = None,
    category: str | None = None,
) -> str:
    """`South Korea · TV`: named as the post's own title names the list (the same message
    as render.chart_words.list_name); `place` is the country's name as the stored lists
    give it (else its ISO 3166 name, else the code), `category` the one the list is stored
    under (a country's early files have only "TV")."""
    iso2 = subscription.country_iso2
    if iso2 is None:
        where = lang.pgettext("Netflix list", "Global")
    else:
        where = lang.country(iso2, place or country_name(iso2) or iso2)
    return lang.gettext(
        "{place} · {category}",
        place=where,
        category=category_name(category or subscription.category, lang),
    )


def announcement(
    subscription: Subscription,
    chart: RenderedChart,
    week: dt.date,
    *,
    skipped: int = 0,
    kind: Kind = "post",
    lang: Lang = ENGLISH,
) -> OutgoingMessage:
    """The post for one subscription: the highlight opens it, the Top 10 embed follows.
    `chart` is already drawn in `lang`, the subscription's language.

    The title of a real post links to Netflix's Top 10 with a fragment naming
    (subscription, week), so the post can be recognised in the channel after a crash
    whatever its language, while members read nothing internal; test posts and previews
    link without it, so they are never mistaken for it. Only a real post may ping the
    subscription's role.
    """
    real = kind == "post"
    lines: list[str] = []
    if kind == "test":
        lines.append(
            lang.gettext(
                "🧪 **Test announcement**: this is how the weekly post will look "
                "(not this week's post)."
            )
        )
    opening = chart.highlight or lang.gettext(
        "📺 Netflix Top 10, {list}, week of {week}",
        list=chart.title or target_label(subscription, lang),
        week=lang.week(week),
    )
    if subscription.role_id is not None and real:
        opening = f"<@&{subscription.role_id}> {opening}"
    lines.append(opening)
    if skipped and real:
        note = lang.ngettext(
            "Catching up: the previous week was not announced here separately "
            "(`/chart top` shows any week).",
            "Catching up: the previous {count} weeks were not announced here separately "
            "(`/chart top` shows any week).",
            skipped,
            count=lang.number(skipped),
        )
        lines.append(f"-# {note}")
    embed = chart.embed.copy()
    embed.url = marked_url(subscription.id, week) if real else TOP10_URL
    content = "\n".join(lines)
    return OutgoingMessage(
        content=content[:CONTENT],
        embed=fit_embed(embed),
        role_id=subscription.role_id if real else None,
    )
