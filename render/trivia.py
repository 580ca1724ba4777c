"""Trivia cards: entries, questions, results, leaderboards and stats (Discord and console)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from core.text import agree, plural
from core.trivia.game import EndReason, GameResult, Round, RoundEnd
from db.trivia import TriviaEntry
from db.trivia_scores import BoardRow, MemberStats
from render.limits import fit_embed
from render.shows import safe

COLOR = discord.Colour(0x7B61FF)
PER_PAGE = 10
_ENDINGS = {
    EndReason.FINISHED: "Game over!",
    EndReason.STOPPED: "Game stopped.",
    EndReason.SHUTDOWN: "Game ended: Hallyu is restarting.",
}


def when(moment: dt.datetime, style: str = "R") -> str:
    """A Discord timestamp: each member reads it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def who(user_id: int) -> str:
    # A mention shows the member's current name; AllowedMentions.none() keeps it silent.
    return "Hallyu" if user_id == 0 else f"<@{user_id}>"


def spoiler(text: str) -> str:
    return f"||{safe(text)}||"


def entry_card(entry: TriviaEntry, heading: str) -> discord.Embed:
    embed = discord.Embed(title=f"{heading} #{entry.number}", description=safe(entry.question))
    embed.colour = COLOR
    embed.add_field(name="Answer", value=spoiler(entry.answer), inline=True)
    embed.add_field(name="Difficulty", value=entry.difficulty, inline=True)
    if entry.show_title:
        embed.add_field(name="Show", value=safe(entry.show_title), inline=True)
    if entry.aliases:
        embed.add_field(
            name="Also accepted", value=", ".join(spoiler(a) for a in entry.aliases), inline=False
        )
    history = f"Added by {who(entry.created_by)} {when(entry.created_at)}"
    if entry.updated_at != entry.created_at or entry.updated_by != entry.created_by:
        history += f"\nLast changed by {who(entry.updated_by)} {when(entry.updated_at)}"
    embed.add_field(name="History", value=history, inline=False)
    return fit_embed(embed)


def entry_line(entry: TriviaEntry) -> str:
    show = f" · {safe(entry.show_title)}" if entry.show_title else ""
    extra = f" (+{plural(len(entry.aliases), 'alias', 'aliases')})" if entry.aliases else ""
    return (
        f"**#{entry.number}** {safe(entry.question)}\n"
        f"→ {spoiler(entry.answer)}{extra} · {entry.difficulty}{show} · "
        f"{who(entry.updated_by)} {when(entry.updated_at)}"
    )


def entries_page(
    entries: Sequence[TriviaEntry],
    page: int,
    total: int,
    bundled: int,
    bundled_enabled: bool,
    show_title: str | None = None,
) -> discord.Embed:
    pages = max(1, -(-total // PER_PAGE))
    title = "Trivia entries" + (f": {safe(show_title)}" if show_title else "")
    if entries:
        description = "\n\n".join(entry_line(entry) for entry in entries)
    elif total:
        description = f"There is no page {page}; the last page is {pages}."
    else:
        description = "This server has no trivia entries yet. Add one with `/trivia add`."
    embed = discord.Embed(title=title, description=description, colour=COLOR)
    state = "on" if bundled_enabled else "off"
    embed.set_footer(
        text=f"Page {min(page, pages)} of {pages} · {plural(total, 'entry', 'entries')} of this "
        f"server · {plural(bundled, 'bundled question')} ({state})"
    )
    return fit_embed(embed)


def removal_question(number: int, seconds: float) -> str:
    return (
        f"Remove trivia entry #{number}? Press **Remove** to delete it or **Keep** to keep it. "
        f"Nothing is deleted unless you press Remove within {seconds:g} seconds."
    )


def removal_kept(number: int, timed_out: bool) -> str:
    why = "No answer in time, so t" if timed_out else "T"
    return f"{why}rivia entry #{number} was kept; nothing was removed."


ANSWER_HINT = "Press Answer to reply. The first correct answer wins the round."


def question_card(round: Round, total_rounds: int, hint: str = ANSWER_HINT) -> discord.Embed:
    question = round.question
    embed = discord.Embed(
        title=f"Question {round.number} of {total_rounds}",
        description=f"**{safe(question.question)}**",
        colour=COLOR,
    )
    points = plural(question.points, "point")
    details = f"{question.difficulty} · {points}"
    if question.show_title:
        details = f"{safe(question.show_title)} · {details}"
    embed.add_field(name="About", value=details, inline=True)
    embed.add_field(name="Time", value=f"ends {when(round.deadline)}", inline=True)
    embed.set_footer(text=hint)
    return fit_embed(embed)


_REVEALS = {
    RoundEnd.PASSED: "Passed. The answer was {answer}.",
    RoundEnd.STOPPED: "The game was stopped. The answer was {answer}.",
    RoundEnd.SHUTDOWN: "The game ended: Hallyu is restarting. The answer was {answer}.",
    RoundEnd.TIMED_OUT: "Time's up! The answer was {answer}.",
}


def result_card(round: Round, total_rounds: int) -> discord.Embed:
    question = round.question
    embed = discord.Embed(
        title=f"Question {round.number} of {total_rounds}",
        description=f"**{safe(question.question)}**",
        colour=COLOR,
    )
    answer = f"**{safe(question.answer)}**"
    if round.winner is not None:
        seconds = round.winner.answer_ms / 1000
        outcome = (
            f"{who(round.winner.user_id)} got it in {seconds:.1f} s: {answer} "
            f"(+{round.winner.points})"
        )
    else:
        ending = round.ended if round.ended is not None else RoundEnd.TIMED_OUT
        outcome = _REVEALS.get(ending, _REVEALS[RoundEnd.TIMED_OUT]).format(answer=answer)
    embed.add_field(name="Result", value=outcome, inline=False)
    return fit_embed(embed)


def _score(points: int, wins: int) -> str:
    word = agree(points, "point", "points")
    return f"**{points}** {word} ({wins} right)"


def game_over_card(result: GameResult, total_rounds: int) -> discord.Embed:
    lines = [
        f"{n}. {who(score.user_id)}: {_score(score.points, score.wins)}"
        for n, score in enumerate(result.scores, 1)
    ]
    summary = f"{result.rounds_played} of {plural(total_rounds, 'question')} played."
    if result.reason is EndReason.STOPPED and result.stopped_by is not None:
        summary += f" Stopped by {who(result.stopped_by)}."
    body = "\n".join(lines) if lines else "Nobody scored this time."
    embed = discord.Embed(
        title=_ENDINGS[result.reason], description=f"{summary}\n\n{body}", colour=COLOR
    )
    return fit_embed(embed)


RESTART_NOTICE = (
    "This trivia game ended because Hallyu restarted. Start a new one with `/trivia play`."
)


def leaderboard_card(rows: Sequence[BoardRow], week: dt.date | None) -> discord.Embed:
    if week is None:
        title, empty = "Trivia leaderboard: all time", "Nobody has scored in this server yet."
    else:
        start = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
        title = "Trivia leaderboard: this week"
        empty = "Nobody has scored this week yet."
    lines = [f"{row.rank}. {who(row.user_id)}: {_score(row.points, row.wins)}" for row in rows]
    embed = discord.Embed(title=title, description="\n".join(lines) or empty, colour=COLOR)
    if week is not None:
        embed.add_field(name="Week", value=f"since {when(start, 'D')} (weeks start Monday, UTC)")
    return fit_embed(embed)


def stats_card(stats: MemberStats) -> discord.Embed:
    embed = discord.Embed(title="Trivia stats", description=who(stats.user_id), colour=COLOR)
    embed.add_field(name="Points", value=str(stats.points), inline=True)
    embed.add_field(name="Questions won", value=str(stats.wins), inline=True)
    rank = f"{stats.rank} of {stats.members_ranked}" if stats.rank else "not ranked yet"
    embed.add_field(name="Rank", value=rank, inline=True)
    embed.add_field(name="This week", value=plural(stats.week_points, "point"), inline=True)
    if stats.fastest_ms is not None:
        embed.add_field(name="Fastest answer", value=f"{stats.fastest_ms / 1000:.1f} s")
    return fit_embed(embed)
