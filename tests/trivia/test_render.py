"""Trivia cards: escaped member text, spoilered answers, Discord's limits always met."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.trivia.answers import AnswerKey
from core.trivia.game import EndReason, GameResult, Question, Round, RoundEnd, Score
from db.trivia import TriviaEntry
from db.trivia_scores import BoardRow, MemberStats
from render.i18n import ENGLISH
from render.limits import TOTAL
from render.trivia import EntryHeading, entries_page, entry_card
from render.trivia_play import (
    game_over_card,
    leaderboard_card,
    question_card,
    result_card,
    stats_card,
)
from tests.trivia.clock import START


def entry(question: str = "Q?", answer: str = "A", aliases: tuple[str, ...] = ()) -> TriviaEntry:
    return TriviaEntry(
        id=1,
        guild_id=5,
        number=7,
        question=question,
        answer=answer,
        aliases=aliases,
        difficulty="easy",
        show_id=None,
        show_title=None,
        created_by=3,
        created_at=START,
        updated_by=4,
        updated_at=START + dt.timedelta(days=1),
    )


def test_entry_card_escapes_and_hides_the_answer() -> None:
    card = entry_card(
        entry("**bold** @everyone", "||x|| @here", ("<@123456789012345678>",)),
        EntryHeading.ADDED,
        ENGLISH,
    )
    assert card.title == "Added trivia entry #7"
    assert card.description == "\\*\\*bold\\*\\* @\u200beveryone"
    fields = {f.name: f.value for f in card.fields}
    assert fields["Answer"] == "||\\|\\|x\\|\\| @\u200bhere||"
    assert fields["Also accepted"] == "||<@\u200b123456789012345678>||"
    assert "Last changed by <@4>" in (fields["History"] or "")


@given(
    st.text(min_size=1, max_size=500),
    st.text(min_size=1, max_size=100),
    st.lists(st.text(min_size=1, max_size=100), max_size=10),
)
def test_cards_fit_whatever_members_typed(question: str, answer: str, aliases: list[str]) -> None:
    item = entry(question, answer, tuple(aliases))
    assert len(entry_card(item, EntryHeading.ADDED, ENGLISH)) <= TOTAL
    assert len(entries_page([item] * 10, 1, 10, 29, True, ENGLISH)) <= TOTAL
    current = Round(
        1, Question(1, question, answer, (), "hard"), AnswerKey(answer), START, START, None
    )
    assert len(question_card(current, 20, ENGLISH)) <= TOTAL
    assert len(result_card(current, 20, ENGLISH)) <= TOTAL


def test_game_cards() -> None:
    result = GameResult(EndReason.STOPPED, 2, (Score(1, "a", 5, 2), Score(2, "b", 1, 1)), 9)
    card = game_over_card(result, 5, ENGLISH)
    assert card.title == "Game stopped."
    assert "2 of 5 questions played. Stopped by <@9>." in (card.description or "")
    assert "1. <@1>: **5** points (2 right)" in (card.description or "")
    shutdown = game_over_card(GameResult(EndReason.SHUTDOWN, 0, ()), 5, ENGLISH)
    assert shutdown.title == "Game ended: Hallyu is restarting."
    assert "Nobody scored" in (shutdown.description or "")


def test_leaderboard_and_stats_cards() -> None:
    board = leaderboard_card([BoardRow(1, 42, 9, 4)], dt.date(2025, 4, 28), ENGLISH)
    assert board.title == "Trivia leaderboard: this week"
    assert "1. <@42>: **9** points (4 right)" in (board.description or "")
    assert "weeks start Monday" in (board.fields[0].value or "")
    assert "Nobody has scored in this server" in (
        leaderboard_card([], None, ENGLISH).description or ""
    )
    stats = stats_card(MemberStats(42, 9, 4, 1, 3, 1500, 7), ENGLISH)
    values = {f.name: f.value for f in stats.fields}
    assert values["Rank"] == "1 of 7" and values["Fastest answer"] == "1.5 s"


@pytest.mark.parametrize(
    ("ending", "wording"),
    [
        (RoundEnd.TIMED_OUT, "Time's up! The answer was **Wavve**."),
        (RoundEnd.PASSED, "Passed. The answer was **Wavve**."),
        (RoundEnd.STOPPED, "The game was stopped. The answer was **Wavve**."),
        (RoundEnd.SHUTDOWN, "The game ended: Hallyu is restarting. The answer was **Wavve**."),
    ],
)
def test_each_unanswered_ending_reads_as_what_happened(ending: RoundEnd, wording: str) -> None:
    current = Round(1, Question(1, "Where?", "Wavve", (), "easy"), AnswerKey("Wavve"), START, START)
    current.closed, current.ended = True, ending
    assert [f.value for f in result_card(current, 3, ENGLISH).fields] == [wording]


def test_counts_of_one_read_in_the_singular() -> None:
    one = entry(aliases=("B",))
    page = entries_page([one], 1, 1, 1, True, ENGLISH)
    assert "(+1 alias)" in (page.description or "")
    assert "1 entry of this server · 1 bundled question (on)" in (page.footer.text or "")
    assert "(+2 aliases)" in (
        entries_page([entry(aliases=("B", "C"))], 1, 2, 2, True, ENGLISH).description or ""
    )
    assert "2 entries of this server · 2 bundled questions" in (
        entries_page([one], 1, 2, 2, True, ENGLISH).footer.text or ""
    )
    result = GameResult(EndReason.FINISHED, 1, (Score(1, "a", 1, 1),))
    card = game_over_card(result, 1, ENGLISH)
    assert "1 of 1 question played." in (card.description or "")
    assert "1. <@1>: **1** point (1 right)" in (card.description or "")
    current = Round(1, Question(1, "Q?", "A", (), "easy"), AnswerKey("A"), START, START)
    about = {f.name: f.value for f in question_card(current, 1, ENGLISH).fields}["About"]
    assert about == "easy · 1 point"
    stats = stats_card(MemberStats(42, 1, 1, 1, 1, 1500, 1), ENGLISH)
    assert {f.name: f.value for f in stats.fields}["This week"] == "1 point"
