"""Airing embeds and text: the day's episodes, a show's next episode, follows, and the
episode posts. Shared by the cog, the scheduler and the console (via embed_to_text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
from core.text import clip, plural
from render.announce import OutgoingMessage, discord_time
from render.limits import fit_embed
from render.shows import safe

COLOUR = discord.Colour(0x5B8DEF)
CREDIT = "Schedule data: TVmaze (CC BY-SA 4.0)"
#: Time slots per page of `/airing`, and episodes per slot before "and N more".
SLOTS_PER_PAGE = 8
LINES_PER_SLOT = 12


def episode_line(item: ScheduledEpisode, doubles: dict[tuple[int, str], int] | None = None) -> str:
    """**Show** · S01E03 “Title” · tvN (double episode)"""
    e = item.episode
    code = episode_code(e.season, e.number, item.special)
    parts = [f"**{safe(clip(item.show.name, 80))}**", code]
    if e.name and not e.name.casefold().startswith("episode "):
        parts[-1] += f" “{safe(clip(e.name, 80))}”"
    if item.show.network:
        parts.append(safe(clip(item.show.network, 40)))
    notes = []
    same_day = (doubles or {}).get((item.show.ref.id, e.airdate or ""), 1)
    if same_day == 2:
        notes.append("double episode")
    elif same_day > 2:
        notes.append(f"{plural(same_day, 'episode')} that day")
    if item.special:
        notes.append("special")
    line = " · ".join(parts)
    return line + (f" ({', '.join(notes)})" if notes else "")


def slot_name(instant: dt.datetime | None) -> str:
    if instant is None:
        return "Time not announced"
    return f"{discord_time(instant, 't')} · {discord_time(instant, 'R')}"


def day_pages(
    episodes: Sequence[ScheduledEpisode],
    day: dt.date,
    zone_name: str,
    *,
    platform: str | None = None,
) -> list[discord.Embed]:
    """The Korean episodes of one local day, grouped by air time; one embed per page."""
    title = f"Korean episodes on {day:%A %d %B %Y}"
    where = f" on {safe(clip(platform, 40))}" if platform else ""
    footer = f"Day in {zone_name}; times show in your own zone · {CREDIT}"
    if not episodes:
        embed = discord.Embed(
            title=title,
            colour=COLOUR,
            description=f"No Korean episodes{where} in the stored schedule for this day.",
        )
        embed.set_footer(text=footer)
        return [fit_embed(embed)]
    doubles = double_days(episodes)
    slots = group_by_time(episodes)
    pages: list[discord.Embed] = []
    for start in range(0, len(slots), SLOTS_PER_PAGE):
        embed = discord.Embed(
            title=title,
            colour=COLOUR,
            description=f"{plural(len(episodes), 'episode')}{where}.",
        )
        for instant, items in slots[start : start + SLOTS_PER_PAGE]:
            lines = [episode_line(item, doubles) for item in items[:LINES_PER_SLOT]]
            if len(items) > LINES_PER_SLOT:
                lines.append(f"… and {len(items) - LINES_PER_SLOT} more")
            value = clip("\n".join(lines), 1024)
            embed.add_field(name=slot_name(instant), value=value, inline=False)
        pages.append(embed)
    for number, page in enumerate(pages, 1):
        suffix = f" · page {number}/{len(pages)}" if len(pages) > 1 else ""
        page.set_footer(text=footer + suffix)
    return [fit_embed(page) for page in pages]


def next_embed(
    show: AiringShow,
    upcoming: ScheduledEpisode | None,
    last: ScheduledEpisode | None,
    now: dt.datetime,
    *,
    complete: bool,
) -> discord.Embed:
    """The next episode and how long until it; else the finale date, or "ended"."""
    embed = discord.Embed(title=clip(show.name, 256), colour=COLOUR, url=show.url)
    network = f" on {safe(show.network)}" if show.network else ""
    if upcoming is not None and upcoming.airs_at is not None:
        air = upcoming.airs_at
        embed.description = (
            f"Next: {episode_line(upcoming)}\n{discord_time(air, 'F')} ({discord_time(air, 'R')}, "
            f"{until(air, now)})"
        )
    elif complete or (show.status or "").casefold() == "ended":
        when = ""
        if last is not None and last.airs_at is not None:
            when = f" The finale, {episode_code(last.episode.season, last.episode.number)}, aired "
            when += f"{discord_time(last.airs_at, 'D')}."
        elif show.ended:
            when = f" Its last episode aired on {show.ended}."
        embed.description = f"Ended{network}.{when}"
    else:
        embed.description = f"No upcoming episode{network} is in the stored schedule yet" + (
            f" (status: {safe(show.status)})." if show.status else "."
        )
    embed.set_footer(text=CREDIT)
    return fit_embed(embed)


def episode_post(
    follow_id: int,
    show: AiringShow,
    episodes: Sequence[ScheduledEpisode],
    role_id: int | None,
    *,
    catch_up: bool,
) -> OutgoingMessage:
    """The post for one follow: one episode, a double episode, or a catch-up naming the
    episodes missed while the bot was away. The footer carries the reference found again
    after a crash (the newest episode's)."""
    newest = episodes[-1]
    air = newest.airs_at
    if catch_up:
        title = f"{clip(show.name, 200)}: episodes you may have missed"
        lines = [episode_line(e) for e in episodes]
        shown, more = split_names(lines)
        body = "\n".join(
            f"{line} · aired {discord_time(e.airs_at, 'f')}" if e.airs_at else line
            for line, e in zip(shown, episodes[-len(shown) :], strict=True)
        )
        if more:
            body = f"… and {more} earlier\n" + body
        description = "While I was away these aired:\n" + body
    else:
        codes = ", ".join(
            episode_code(e.episode.season, e.episode.number, e.special) for e in episodes
        )
        title = clip(f"{show.name} · {codes} is out", 256)
        description = "\n".join(episode_line(e) for e in episodes)
        if air is not None:
            description += f"\nAired {discord_time(air, 't')} ({discord_time(air, 'R')})."
    url = marked_url(show.url, follow_id, newest.id)
    embed = discord.Embed(title=title, description=description, colour=COLOUR, url=url)
    embed.set_footer(text=CREDIT)
    content = f"<@&{role_id}>" if role_id is not None else None
    return OutgoingMessage(content=content, embed=fit_embed(embed), role_id=role_id)


def ended_post(follow_id: int, show: AiringShow, last: ScheduledEpisode | None) -> OutgoingMessage:
    """Said once per follow when the show has finished airing (no ping)."""
    text = f"**{safe(clip(show.name, 200))}** has finished airing"
    if last is not None and last.airs_at is not None:
        code = episode_code(last.episode.season, last.episode.number, last.special)
        text += f": its finale, {code}, aired {discord_time(last.airs_at, 'D')}"
    embed = discord.Embed(
        title="Finished airing",
        description=text + ".",
        colour=COLOUR,
        url=marked_url(show.url, follow_id, None),
    )
    embed.set_footer(text=CREDIT)
    return OutgoingMessage(content=None, embed=fit_embed(embed), role_id=None)


def following_embed(lines: Sequence[tuple[str, str]], total: int, limit: int) -> discord.Embed:
    """`/airing following`: one field per follow (name, status line)."""
    embed = discord.Embed(
        title="Followed shows",
        colour=COLOUR,
        description=f"{plural(total, 'follow')} used of {limit}.",
    )
    if not lines:
        embed.description = "This server follows no show yet: start with `/airing follow`."
    for name, value in lines[:25]:
        embed.add_field(name=clip(name, 256), value=clip(value, 1024), inline=False)
    embed.set_footer(text=CREDIT)
    return fit_embed(embed)


def follow_status(
    channel_id: int,
    role_id: int | None,
    paused_reason: str | None,
    complete: bool,
    upcoming: ScheduledEpisode | None,
) -> str:
    where = f"<#{channel_id}>" + (f", pinging <@&{role_id}>" if role_id else "")
    if paused_reason is not None:
        return f"{where}\n⏸ Paused: {safe(paused_reason)} Run `/airing follow` again to resume."
    if complete:
        return f"{where}\nFinished airing; nothing more will be posted."
    if upcoming is not None and upcoming.airs_at is not None:
        return f"{where}\nNext: {episode_line(upcoming)} {discord_time(upcoming.airs_at, 'R')}"
    return f"{where}\nNo upcoming episode in the stored schedule yet."
