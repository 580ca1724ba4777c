"""Trivia game cards in the reader's language: questions, results, the end of a game, the
leaderboard, a member's stats, and the verdict a member reads after answering.

Cards posted for the whole channel are rendered in the server's language; verdicts and
stats in the language of the member who asked (the cogs pass the right `Lang`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from core.trivia.game import EndReason, GameResult, Round, RoundEnd, Verdict
from db.trivia_scores import BoardRow, MemberStats
from render.i18n import Lang
from render.limits import fit_embed
from render.shows import safe
from render.trivia import COLOR, SEPARATOR, answer_button, difficulty_label, points_text, when, who


def _seconds(milliseconds: int, lang: Lang) -> str:
    return lang.gettext("{seconds} s", seconds=lang.number(round(milliseconds / 1000, 1)))


def _question_title(round: Round, total_rounds: int, lang: Lang) -> str:
    return lang.gettext(
        "Question {number} of {total}",
        number=lang.number(round.number),
        total=lang.number(total_rounds),
    )


def answer_hint(lang: Lang) -> str:
    return lang.gettext(
        "Press {button} to reply. The first correct answer wins the round.",
        button=answer_button(lang),
    )


def console_hint(lang: Lang) -> str:
    return lang.gettext(
        "Type your answer below; an empty line passes, {stop} ends the game.", stop="/stop"
    )


def question_card(round: Round, total_rounds: int, lang: Lang, hint: str = "") -> discord.Embed:
    question = round.question
    embed = discord.Embed(
        title=_question_title(round, total_rounds, lang),
        description=f"**{safe(question.question)}**",
        colour=COLOR,
    )
    about = [difficulty_label(question.difficulty, lang), points_text(question.points, lang)]
    if question.show_title:
        about.insert(0, safe(question.show_title))
    embed.add_field(name=lang.pgettext("trivia", "About"), value=SEPARATOR.join(about), inline=True)
    embed.add_field(
        name=lang.pgettext("trivia", "Time"),
        value=lang.gettext("Ends {time}", time=when(round.deadline)),
        inline=True,
    )
    embed.set_footer(text=hint or answer_hint(lang))
    return fit_embed(embed)


def _reveal(ending: RoundEnd, answer: str, lang: Lang) -> str:
    if ending is RoundEnd.PASSED:
        return lang.gettext("Passed. The answer was {answer}.", answer=answer)
    if ending is RoundEnd.STOPPED:
        return lang.gettext("The game was stopped. The answer was {answer}.", answer=answer)
    if ending is RoundEnd.SHUTDOWN:
        return lang.gettext(
            "The game ended: Hallyu is restarting. The answer was {answer}.", answer=answer
        )
    return lang.gettext("Time's up! The answer was {answer}.", answer=answer)


def result_card(round: Round, total_rounds: int, lang: Lang) -> discord.Embed:
    question = round.question
    embed = discord.Embed(
        title=_question_title(round, total_rounds, lang),
        description=f"**{safe(question.question)}**",
        colour=COLOR,
    )
    answer = f"**{safe(question.answer)}**"
    if round.winner is not None:
        outcome = lang.gettext(
            "{member} got it in {seconds}: {answer} (+{points})",
            member=who(round.winner.user_id),
            seconds=_seconds(round.winner.answer_ms, lang),
            answer=answer,
            points=lang.number(round.winner.points),
        )
    else:
        ending = round.ended if round.ended is not None else RoundEnd.TIMED_OUT
        outcome = _reveal(ending, answer, lang)
    embed.add_field(name=lang.pgettext("trivia", "Result"), value=outcome, inline=False)
    return fit_embed(embed)


def _score(points: int, wins: int, lang: Lang) -> str:
    # Two counts, each with its own plural: each phrase is whole, the pair a template.
    return lang.gettext(
        "{points} ({right})",
        points=lang.ngettext(
            "**{count}** point", "**{count}** points", points, count=lang.number(points)
        ),
        right=lang.ngettext("{count} right", "{count} right", wins, count=lang.number(wins)),
    )


def _ending_title(reason: EndReason, lang: Lang) -> str:
    if reason is EndReason.STOPPED:
        return lang.gettext("Game stopped.")
    if reason is EndReason.SHUTDOWN:
        return lang.gettext("Game ended: Hallyu is restarting.")
    return lang.gettext("Game over!")


def _summary(result: GameResult, total_rounds: int, lang: Lang) -> str:
    played, total = lang.number(result.rounds_played), lang.number(total_rounds)
    if result.reason is EndReason.STOPPED and result.stopped_by is not None:
        return lang.ngettext(
            "{played} of {count} question played. Stopped by {member}.",
            "{played} of {count} questions played. Stopped by {member}.",
            total_rounds,
            played=played,
            count=total,
            member=who(result.stopped_by),
        )
    return lang.ngettext(
        "{played} of {count} question played.",
        "{played} of {count} questions played.",
        total_rounds,
        played=played,
        count=total,
    )


def game_over_card(result: GameResult, total_rounds: int, lang: Lang) -> discord.Embed:
    lines = [
        f"{n}. {who(score.user_id)}: {_score(score.points, score.wins, lang)}"
        for n, score in enumerate(result.scores, 1)
    ]
    body = "\n".join(lines) if lines else lang.gettext("Nobody scored this time.")
    embed = discord.Embed(
        title=_ending_title(result.reason, lang),
        description=f"{_summary(result, total_rounds, lang)}\n\n{body}",
        colour=COLOR,
    )
    return fit_embed(embed)


def restart_notice(lang: Lang) -> str:
    return lang.gettext(
        "This trivia game ended because Hallyu restarted. Start a new one with `/trivia play`."
    )


def verdict_text(verdict: Verdict, points: int | None, lang: Lang) -> str:
    """What the member who answered reads (only them)."""
    if verdict is Verdict.CORRECT:
        if points is None:
            return lang.gettext("Correct! You win this round.")
        return lang.ngettext(
            "Correct! +{count} point.",
            "Correct! +{count} points.",
            points,
            count=lang.number(points),
        )
    if verdict is Verdict.WRONG:
        return lang.gettext("Not quite. Try again while the question is open.")
    return lang.gettext("Too late: this question is already closed.")


def leaderboard_card(rows: Sequence[BoardRow], week: dt.date | None, lang: Lang) -> discord.Embed:
    if week is None:
        title = lang.gettext("Trivia leaderboard: all time")
        empty = lang.gettext("Nobody has scored in this server yet.")
    else:
        title = lang.gettext("Trivia leaderboard: this week")
        empty = lang.gettext("Nobody has scored this week yet.")
    lines = [
        f"{row.rank}. {who(row.user_id)}: {_score(row.points, row.wins, lang)}" for row in rows
    ]
    embed = discord.Embed(title=title, description="\n".join(lines) or empty, colour=COLOR)
    if week is not None:
        start = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
        embed.add_field(
            name=lang.pgettext("trivia", "Week"),
            value=lang.gettext("Since {date} (weeks start Monday, UTC)", date=when(start, "D")),
        )
    return fit_embed(embed)


def stats_card(stats: MemberStats, lang: Lang) -> discord.Embed:
    embed = discord.Embed(
        title=lang.gettext("Trivia stats"), description=who(stats.user_id), colour=COLOR
    )
    embed.add_field(
        name=lang.pgettext("trivia", "Points"), value=lang.number(stats.points), inline=True
    )
    embed.add_field(
        name=lang.pgettext("trivia", "Questions won"), value=lang.number(stats.wins), inline=True
    )
    if stats.rank:
        rank = lang.gettext(
            "{rank} of {total}",
            rank=lang.number(stats.rank),
            total=lang.number(stats.members_ranked),
        )
    else:
        rank = lang.gettext("Not ranked yet")
    embed.add_field(name=lang.pgettext("trivia", "Rank"), value=rank, inline=True)
    embed.add_field(
        name=lang.pgettext("trivia", "This week"),
        value=points_text(stats.week_points, lang),
        inline=True,
    )
    if stats.fastest_ms is not None:
        embed.add_field(
            name=lang.pgettext("trivia", "Fastest answer"), value=_seconds(stats.fastest_ms, lang)
        )
    return fit_embed(embed)
