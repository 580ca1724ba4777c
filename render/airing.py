"""Airing embeds and text in the reader's language: the day's episodes, a show's next
episode, follows, and the episode posts. Shared by the cog, the scheduler and the console
(via embed_to_text). Air times are Discord timestamps, which each member's client shows
in their own zone and language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from core.airing import (
    AiringShow,
    ScheduledEpisode,
    double_days,
    episode_code,
    group_by_time,
    marked_url,
    split_names,
    until,
)
from core.text import clip
from render.announce import OutgoingMessage, discord_time
from render.i18n import Lang
from render.limits import fit_embed
from render.shows import safe

COLOUR = discord.Colour(0x5B8DEF)
#: Time slots per page of `/airing`, and episodes per slot before "and N more".
SLOTS_PER_PAGE = 8
LINES_PER_SLOT = 12


def credit(lang: Lang) -> str:
    return lang.gettext("Schedule data: TVmaze (CC BY-SA 4.0)")


def code(lang: Lang, season: int | None, number: int | None, special: bool = False) -> str:
    """`S01E03`; a special reads "Special" (or "S01 special") in the language."""
    regular = episode_code(season, number, special)
    if regular is not None:
        return regular
    if season is None:
        return lang.gettext("Special")
    return lang.gettext("S{season} special", season=format(season, "02d"))


def status_word(lang: Lang, status: str) -> str:
    """TVmaze's show status in the language (its own word when it is a new one)."""
    words = {
        "running": lang.pgettext("TVmaze show status", "Running"),
        "ended": lang.pgettext("TVmaze show status", "Ended"),
        "to be determined": lang.pgettext("TVmaze show status", "To Be Determined"),
        "in development": lang.pgettext("TVmaze show status", "In Development"),
    }
    return words.get(status.strip().casefold(), safe(status))


def episode_line(
    item: ScheduledEpisode, lang: Lang, doubles: dict[tuple[int, str], int] | None = None
) -> str:
    """**Show** · S01E03 “Title” · tvN (double episode)"""
    e = item.episode
    label = code(lang, e.season, e.number, item.special)
    parts = [f"**{safe(clip(item.show.name, 80))}**", label]
    if e.name and not e.name.casefold().startswith("episode "):
        parts[-1] = lang.gettext("{code} “{title}”", code=label, title=safe(clip(e.name, 80)))
    if item.show.network:
        parts.append(safe(clip(item.show.network, 40)))
    notes = []
    same_day = (doubles or {}).get((item.show.ref.id, e.airdate or ""), 1)
    if same_day == 2:
        notes.append(lang.gettext("double episode"))
    elif same_day > 2:
        notes.append(
            lang.ngettext(
                "{count} episode that day",
                "{count} episodes that day",
                same_day,
                count=lang.number(same_day),
            )
        )
    if item.special:
        notes.append(lang.gettext("special"))
    line = " · ".join(parts)
    if not notes:
        return line
    return lang.gettext("{line} ({notes})", line=line, notes=lang.join(notes))


def slot_name(instant: dt.datetime | None, lang: Lang) -> str:
    if instant is None:
        return lang.gettext("Time not announced")
    return f"{discord_time(instant, 't')} · {discord_time(instant, 'R')}"


def day_pages(
    episodes: Sequence[ScheduledEpisode],
    day: dt.date,
    zone_name: str,
    lang: Lang,
    *,
    platform: str | None = None,
) -> list[discord.Embed]:
    """The Korean episodes of one local day, grouped by air time; one embed per page."""
    title = lang.gettext("Korean episodes on {day}", day=lang.full_date(day))
    where = safe(clip(platform, 40)) if platform else None
    footer = lang.gettext(
        "Day in {zone}; times show in your own zone · {credit}", zone=zone_name, credit=credit(lang)
    )
    if not episodes:
        if where is None:
            empty = lang.gettext("No Korean episodes in the stored schedule for this day.")
        else:
            empty = lang.gettext(
                "No Korean episodes on {platform} in the stored schedule for this day.",
                platform=where,
            )
        embed = discord.Embed(title=title, colour=COLOUR, description=empty)
        embed.set_footer(text=footer)
        return [fit_embed(embed)]
    count = len(episodes)
    if where is None:
        summary = lang.ngettext(
            "{count} episode.", "{count} episodes.", count, count=lang.number(count)
        )
    else:
        summary = lang.ngettext(
            "{count} episode on {platform}.",
            "{count} episodes on {platform}.",
            count,
            count=lang.number(count),
            platform=where,
        )
    doubles = double_days(episodes)
    slots = group_by_time(episodes)
    pages: list[discord.Embed] = []
    for start in range(0, len(slots), SLOTS_PER_PAGE):
        embed = discord.Embed(title=title, colour=COLOUR, description=summary)
        for instant, items in slots[start : start + SLOTS_PER_PAGE]:
            lines = [episode_line(item, lang, doubles) for item in items[:LINES_PER_SLOT]]
            more = len(items) - LINES_PER_SLOT
            if more > 0:
                lines.append(
                    lang.ngettext(
                        "… and {count} more", "… and {count} more", more, count=lang.number(more)
                    )
                )
            value = clip("\n".join(lines), 1024)
            embed.add_field(name=slot_name(instant, lang), value=value, inline=False)
        pages.append(embed)
    for number, page in enumerate(pages, 1):
        text = footer
        if len(pages) > 1:
            text = lang.gettext(
                "{footer} · page {page}/{pages}",
                footer=footer,
                page=lang.number(number),
                pages=lang.number(len(pages)),
            )
        page.set_footer(text=text)
    return [fit_embed(page) for page in pages]


def countdown(air: dt.datetime, now: dt.datetime, lang: Lang) -> str:
    """ "in 11 hours 50 minutes" (plain text: the console shows no relative timestamps)."""
    parts = until(air, now)
    if parts is None:
        return lang.gettext("now")
    if not any(parts):
        return lang.gettext("in less than a minute")
    return lang.gettext("in {duration}", duration=lang.countdown(*parts))


def _ended(show: AiringShow, last: ScheduledEpisode | None, lang: Lang) -> str:
    if show.network:
        ended = lang.gettext("Ended on {network}.", network=safe(show.network))
    else:
        ended = lang.gettext("Ended.")
    if last is not None and last.airs_at is not None:
        finale = lang.gettext(
            "The finale, {code}, aired {date}.",
            code=code(lang, last.episode.season, last.episode.number),
            date=discord_time(last.airs_at, "D"),
        )
        return f"{ended} {finale}"
    if show.ended:
        try:
            day = lang.date(dt.date.fromisoformat(show.ended))
        except ValueError:
            day = safe(show.ended)
        return f"{ended} {lang.gettext('Its last episode aired on {date}.', date=day)}"
    return ended


def _nothing_yet(show: AiringShow, lang: Lang) -> str:
    network = safe(show.network) if show.network else None
    if network is None:
        text = lang.gettext("No upcoming episode is in the stored schedule yet.")
    else:
        text = lang.gettext(
            "No upcoming episode on {network} is in the stored schedule yet.", network=network
        )
    if show.status:
        text += " " + lang.gettext("Status: {status}.", status=status_word(lang, show.status))
    return text


def next_embed(
    show: AiringShow,
    upcoming: ScheduledEpisode | None,
    last: ScheduledEpisode | None,
    now: dt.datetime,
    lang: Lang,
    *,
    complete: bool,
) -> discord.Embed:
    """The next episode and how long until it; else the finale date, or "ended"."""
    embed = discord.Embed(title=clip(show.name, 256), colour=COLOUR, url=show.url)
    if upcoming is not None and upcoming.airs_at is not None:
        air = upcoming.airs_at
        embed.description = lang.gettext(
            "Next: {episode}\n{date} ({relative}, {countdown})",
            episode=episode_line(upcoming, lang),
            date=discord_time(air, "F"),
            relative=discord_time(air, "R"),
            countdown=countdown(air, now, lang),
        )
    elif complete or (show.status or "").casefold() == "ended":
        embed.description = _ended(show, last, lang)
    else:
        embed.description = _nothing_yet(show, lang)
    embed.set_footer(text=credit(lang))
    return fit_embed(embed)


@dataclass(frozen=True)
class EpisodeCard:
    """An episode post as every follow in one language reads it: rendered once per
    language per episode (a fan-out to thousands of channels shares it); each follow's
    post adds its own link marker and ping (`episode_post`)."""

    show: AiringShow
    embed: discord.Embed
    newest_id: int


def episode_card(
    show: AiringShow, episodes: Sequence[ScheduledEpisode], lang: Lang, *, catch_up: bool
) -> EpisodeCard:
    """One episode, a double episode, or a catch-up naming the episodes missed while the
    bot was away (the newest CATCH_UP_NAMES, then "and N earlier")."""
    newest = episodes[-1]
    air = newest.airs_at
    if catch_up:
        title = lang.gettext("{show}: episodes you may have missed", show=clip(show.name, 200))
        lines = [episode_line(e, lang) for e in episodes]
        shown, more = split_names(lines)
        body = [
            lang.gettext(
                "{episode} · aired {date}", episode=line, date=discord_time(e.airs_at, "f")
            )
            if e.airs_at
            else line
            for line, e in zip(shown, episodes[-len(shown) :], strict=True)
        ]
        if more:
            body.insert(
                0,
                lang.ngettext(
                    "… and {count} earlier", "… and {count} earlier", more, count=lang.number(more)
                ),
            )
        description = "\n".join([lang.gettext("While I was away these aired:"), *body])
    else:
        codes = [code(lang, e.episode.season, e.episode.number, e.special) for e in episodes]
        title = clip(
            lang.ngettext(
                "{show} · {episodes} is out",
                "{show} · {episodes} are out",
                len(codes),
                show=show.name,
                episodes=lang.join(codes),
            ),
            256,
        )
        lines = [episode_line(e, lang) for e in episodes]
        if air is not None:
            lines.append(
                lang.gettext(
                    "Aired {time} ({relative}).",
                    time=discord_time(air, "t"),
                    relative=discord_time(air, "R"),
                )
            )
        description = "\n".join(lines)
    embed = discord.Embed(title=title, description=description, colour=COLOUR)
    embed.set_footer(text=credit(lang))
    return EpisodeCard(show, fit_embed(embed), newest.id)


def episode_post(follow_id: int, card: EpisodeCard, role_id: int | None) -> OutgoingMessage:
    """One follow's post of a card: its title links to the show with the marker that finds
    the post again after a crash (the newest episode's), and pings the follow's role."""
    embed = card.embed.copy()
    embed.url = marked_url(card.show.url, follow_id, card.newest_id)
    content = f"<@&{role_id}>" if role_id is not None else None
    return OutgoingMessage(content=content, embed=embed, role_id=role_id)


def ended_post(
    follow_id: int, show: AiringShow, last: ScheduledEpisode | None, lang: Lang
) -> OutgoingMessage:
    """Said once per follow when the show has finished airing (no ping)."""
    name = safe(clip(show.name, 200))
    if last is not None and last.airs_at is not None:
        text = lang.gettext(
            "**{show}** has finished airing: its finale, {code}, aired {date}.",
            show=name,
            code=code(lang, last.episode.season, last.episode.number, last.special),
            date=discord_time(last.airs_at, "D"),
        )
    else:
        text = lang.gettext("**{show}** has finished airing.", show=name)
    embed = discord.Embed(
        title=lang.gettext("Finished airing"),
        description=text,
        colour=COLOUR,
        url=marked_url(show.url, follow_id, None),
    )
    embed.set_footer(text=credit(lang))
    return OutgoingMessage(content=None, embed=fit_embed(embed), role_id=None)
