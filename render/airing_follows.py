"""`/airing following` and `/airing follow`'s answers in the reader's language: each
follow's channel, ping, post language and status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from core.airing import ScheduledEpisode
from core.i18n import Text
from core.locales import NATIVE_NAMES
from core.text import clip
from render.airing import COLOUR, credit, episode_line
from render.announce import discord_time
from render.i18n import Lang
from render.limits import fit_embed
from render.shows import safe


def role_mention(role_id: int) -> str:
    return f"<@&{role_id}>"


def language_label(tag: str | None, lang: Lang) -> str:
    """A follow's post language as its listing shows it."""
    if tag is None:
        return lang.gettext("Posts in the server's language")
    return lang.gettext("Posts in {language}", language=NATIVE_NAMES.get(tag, tag))


def language_sentence(tag: str | None, lang: Lang) -> str:
    if tag is None:
        return lang.gettext("Posts will be in the server's language.")
    return lang.gettext("Posts will be in {language}.", language=NATIVE_NAMES.get(tag, tag))


@dataclass(frozen=True)
class FollowLine:
    """What `/airing following` shows of one follow."""

    name: str
    follow_id: int
    channel_id: int
    role_id: int | None
    language: str | None
    paused_reason: Text | None
    complete: bool
    upcoming: ScheduledEpisode | None


def following_embed(follows: Sequence[FollowLine], limit: int, lang: Lang) -> discord.Embed:
    """`/airing following`: one field per follow (name, where, language, status)."""
    total = len(follows)
    embed = discord.Embed(
        title=lang.gettext("Followed shows"),
        colour=COLOUR,
        description=lang.ngettext(
            "{count} follow used of {limit}.",
            "{count} follows used of {limit}.",
            total,
            count=lang.number(total),
            limit=lang.number(limit),
        ),
    )
    if not follows:
        embed.description = lang.gettext(
            "This server follows no show yet: start with `/airing follow`."
        )
    for item in follows[:25]:
        value = follow_status(
            item.channel_id,
            item.role_id,
            item.paused_reason,
            item.complete,
            item.upcoming,
            lang,
            language=item.language,
        )
        name = f"{item.name} · #{item.follow_id}"
        embed.add_field(name=clip(name, 256), value=clip(value, 1024), inline=False)
    embed.set_footer(text=credit(lang))
    return fit_embed(embed)


def where_line(channel_id: int, role_id: int | None, language: str | None, lang: Lang) -> str:
    """`#episodes, pinging @fans · Posts in 日本語`"""
    where = f"<#{channel_id}>"
    if role_id:
        where = lang.gettext("{channel}, pinging {role}", channel=where, role=role_mention(role_id))
    return f"{where} · {language_label(language, lang)}"


def status_line(
    paused_reason: Text | None, complete: bool, upcoming: ScheduledEpisode | None, lang: Lang
) -> str:
    if paused_reason is not None:
        return lang.gettext(
            "⏸ Paused: {reason} Run `/airing follow` again to resume.",
            reason=safe(paused_reason.render(lang)),
        )
    if complete:
        return lang.gettext("Finished airing; nothing more will be posted.")
    if upcoming is not None and upcoming.airs_at is not None:
        return lang.gettext(
            "Next: {episode} {relative}",
            episode=episode_line(upcoming, lang),
            relative=discord_time(upcoming.airs_at, "R"),
        )
    return lang.gettext("No upcoming episode in the stored schedule yet.")


def follow_status(
    channel_id: int,
    role_id: int | None,
    paused_reason: Text | None,
    complete: bool,
    upcoming: ScheduledEpisode | None,
    lang: Lang,
    *,
    language: str | None = None,
) -> str:
    where = where_line(channel_id, role_id, language, lang)
    return f"{where}\n{status_line(paused_reason, complete, upcoming, lang)}"


def follow_reply(
    show: str,
    channel_id: int,
    role_id: int | None,
    language: str | None,
    created: bool,
    status: str,
    lang: Lang,
) -> str:
    """What `/airing follow` answers: the follow made or updated, where, the posts'
    language and what's next."""
    values = {"show": safe(show), "channel": f"<#{channel_id}>"}
    if created and role_id is not None:
        text = lang.gettext(
            "Following **{show}** in {channel}, pinging {role}.",
            role=role_mention(role_id),
            **values,
        )
    elif created:
        text = lang.gettext("Following **{show}** in {channel}, without pings.", **values)
    elif role_id is not None:
        text = lang.gettext(
            "Updated the follow of **{show}** in {channel}: pinging {role}.",
            role=role_mention(role_id),
            **values,
        )
    else:
        text = lang.gettext(
            "Updated the follow of **{show}** in {channel}: without pings.", **values
        )
    return f"{text} {language_sentence(language, lang)} {status}"
