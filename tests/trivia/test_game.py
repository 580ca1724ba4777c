"""The game loop with a hand-driven clock: answers, races, time-outs, stopping."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from core.trivia.game import (
    PAUSE_BETWEEN_ROUNDS,
    EndReason,
    GameResult,
    Question,
    Round,
    RoundEnd,
    TriviaGame,
    Verdict,
    Win,
)
from db.trivia_scores import ScoreRepository
from tests.trivia.clock import ManualClock, eventually

GUILD, CHANNEL, STARTER = 10, 20, 30
QUESTIONS = [
    Question(None, "Who plays Yeon Si-eun?", "Park Ji-hoon", ("박지훈",), "easy"),
    Question(None, "Which platform first aired Weak Hero?", "Wavve", (), "hard"),
]


@dataclass
class Recorder:
    shown: list[int] = field(default_factory=list)
    revealed: list[tuple[int, int | None]] = field(default_factory=list)
    endings: list[RoundEnd | None] = field(default_factory=list)
    results: list[GameResult] = field(default_factory=list)
    question_shown: asyncio.Event = field(default_factory=asyncio.Event)

    async def question(self, game: TriviaGame, round: Round) -> None:
        self.shown.append(round.number)
        self.question_shown.set()

    async def reveal(self, game: TriviaGame, round: Round) -> None:
        self.question_shown.clear()
        self.revealed.append((round.number, round.winner.user_id if round.winner else None))
        self.endings.append(round.ended)

    async def finished(self, game: TriviaGame, result: GameResult) -> None:
        self.results.append(result)


def make_game(
    clock: ManualClock, presenter: Recorder, record: ScoreRepository | None = None
) -> TriviaGame:
    wins: list[Win] = []

    async def remember(win: Win) -> bool:
        wins.append(win)
        return True

    return TriviaGame(
        token="game-1",
        guild_id=GUILD,
        channel_id=CHANNEL,
        starter_id=STARTER,
        questions=QUESTIONS,
        seconds=30,
        clock=clock,
        presenter=presenter,
        record_win=record.record_win if record else remember,
    )


async def started(
    clock: ManualClock, presenter: Recorder, game: TriviaGame
) -> asyncio.Task[GameResult]:
    task = asyncio.create_task(game.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    await clock.wait_for_sleepers()
    return task


async def next_round(clock: ManualClock, presenter: Recorder, revealed: int) -> None:
    """After round `revealed` is shown answered, sit out the pause until the next question."""
    await eventually(lambda: len(presenter.revealed) >= revealed)
    await clock.wait_for_sleepers()
    await clock.advance(PAUSE_BETWEEN_ROUNDS)
    await eventually(lambda: len(presenter.shown) > revealed)
    await clock.wait_for_sleepers()


async def test_correct_wrong_alias_and_typo(clock: ManualClock, scores: ScoreRepository) -> None:
    presenter = Recorder()
    game = make_game(clock, presenter, scores)
    task = await started(clock, presenter, game)
    assert await game.submit(1, "ana", "Choi Hyun-wook") is Verdict.WRONG
    await clock.advance(4.5)
    assert await game.submit(2, "bo", "park jihon") is Verdict.CORRECT  # a typo
    assert await game.submit(3, "cy", "박지훈") is Verdict.LATE  # already won
    await next_round(clock, presenter, 1)
    assert await game.submit(3, "cy", "wavve") is Verdict.CORRECT
    result = await asyncio.wait_for(task, 5)
    assert presenter.revealed == [(1, 2), (2, 3)]
    assert presenter.endings == [RoundEnd.WON, RoundEnd.WON]
    assert result.reason is EndReason.FINISHED
    assert [(s.user_id, s.points) for s in result.scores] == [(3, 3), (2, 1)]
    board = await scores.leaderboard(GUILD)
    assert [(r.user_id, r.points, r.wins) for r in board] == [(3, 3, 1), (2, 1, 1)]
    stats = await scores.stats(GUILD, 2, clock.now())
    assert stats.fastest_ms == 4500


async def test_two_members_answering_at_once_make_one_winner(
    clock: ManualClock, scores: ScoreRepository
) -> None:
    presenter = Recorder()
    game = make_game(clock, presenter, scores)
    task = await started(clock, presenter, game)
    verdicts = await asyncio.gather(
        *(game.submit(user, f"member{user}", "Park Ji-hoon") for user in range(1, 41))
    )
    assert verdicts.count(Verdict.CORRECT) == 1
    assert verdicts.count(Verdict.LATE) == 39
    await game.stop(EndReason.STOPPED, by=STARTER)
    await asyncio.wait_for(task, 5)
    board = await scores.leaderboard(GUILD)
    assert len(board) == 1 and board[0].wins == 1


async def test_store_guard_refuses_a_second_win_for_a_round(scores: ScoreRepository) -> None:
    def win(user: int) -> Win:
        return Win("g", GUILD, user, "m", 1, None, 2, 100, ManualClock().now())

    assert await scores.record_win(win(1))
    assert not await scores.record_win(win(2))
    board = await scores.leaderboard(GUILD)
    assert [(r.user_id, r.points) for r in board] == [(1, 2)]


async def test_timeout_reveals_without_a_winner(clock: ManualClock) -> None:
    presenter = Recorder()
    game = make_game(clock, presenter)
    task = await started(clock, presenter, game)
    await clock.advance(29.9)
    assert presenter.revealed == []
    await clock.advance(0.1)
    await eventually(lambda: presenter.revealed)
    assert presenter.revealed == [(1, None)]
    assert presenter.endings == [RoundEnd.TIMED_OUT]
    assert await game.submit(1, "late", "Park Ji-hoon") is Verdict.LATE
    await game.stop(EndReason.STOPPED)
    result = await asyncio.wait_for(task, 5)
    assert result.rounds_played == 1 and result.scores == ()


async def test_stop_ends_the_game_at_once(clock: ManualClock) -> None:
    presenter = Recorder()
    game = make_game(clock, presenter)
    task = await started(clock, presenter, game)
    await game.stop(EndReason.STOPPED, by=99)
    await game.stop(EndReason.SHUTDOWN)  # the first reason stands
    result = await asyncio.wait_for(task, 5)
    assert result.reason is EndReason.STOPPED and result.stopped_by == 99
    assert presenter.revealed == [(1, None)]
    assert presenter.endings == [RoundEnd.STOPPED]
    assert presenter.shown == [1]
    assert await game.submit(1, "x", "Park Ji-hoon") is Verdict.LATE


async def test_skip_reveals_and_moves_on(clock: ManualClock) -> None:
    presenter = Recorder()
    game = make_game(clock, presenter)
    task = await started(clock, presenter, game)
    await game.skip()
    await next_round(clock, presenter, 1)
    assert presenter.revealed == [(1, None)]
    assert presenter.endings == [RoundEnd.PASSED]
    assert presenter.shown == [1, 2]
    await game.stop(EndReason.SHUTDOWN)
    result = await asyncio.wait_for(task, 5)
    assert presenter.endings == [RoundEnd.PASSED, RoundEnd.SHUTDOWN]
    assert result.reason is EndReason.SHUTDOWN and result.rounds_played == 2


@pytest.mark.parametrize("difficulty, points", [("easy", 1), ("medium", 2), ("hard", 3)])
def test_points_follow_difficulty(difficulty: str, points: int) -> None:
    assert Question(None, "q", "a", (), difficulty).points == points
