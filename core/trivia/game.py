"""One trivia game in one channel: rounds, answers, timeouts and stopping, free of Discord.

The game is driven by `run()`; members' answers arrive through `submit()` from any task.
Everything that decides a round (checking an answer, recording the win, closing the round
on time-out or stop) happens under the game's lock, so one round has at most one winner
whatever arrives at the same moment; the store's own guard (one win per game and round)
backs this up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.trivia.answers import AnswerKey
from core.trivia.clock import Clock
from core.trivia.fields import POINTS

PAUSE_BETWEEN_ROUNDS = 3.0


@dataclass(frozen=True)
class Question:
    entry_id: int | None
    question: str
    answer: str
    aliases: tuple[str, ...]
    difficulty: str
    show_title: str | None = None

    @property
    def points(self) -> int:
        return POINTS.get(self.difficulty, 1)


class Verdict(enum.Enum):
    CORRECT = "correct"
    WRONG = "wrong"
    LATE = "late"  # no round open: it was won, timed out, or the game ended


class RoundEnd(enum.Enum):
    """Why a question closed: each reads differently when the answer is revealed."""

    WON = "won"
    TIMED_OUT = "timed out"
    PASSED = "passed"  # the player gave up on it (an empty answer in the console)
    STOPPED = "stopped"
    SHUTDOWN = "shutdown"


class EndReason(enum.Enum):
    FINISHED = "finished"
    STOPPED = "stopped"
    SHUTDOWN = "shutdown"


@dataclass(frozen=True)
class Win:
    game: str
    guild_id: int
    user_id: int
    user_name: str
    round: int
    entry_id: int | None
    points: int
    answer_ms: int
    at: dt.datetime


@dataclass
class Round:
    number: int
    question: Question
    key: AnswerKey
    started_at: dt.datetime
    deadline: dt.datetime
    winner: Win | None = None
    closed: bool = False
    passed: bool = False
    ended: RoundEnd | None = None  # set when the round closes


@dataclass
class Score:
    user_id: int
    name: str
    points: int = 0
    wins: int = 0


@dataclass(frozen=True)
class GameResult:
    reason: EndReason
    rounds_played: int
    scores: tuple[Score, ...]
    stopped_by: int | None = None


class Presenter(Protocol):
    """Shows the game to members: Discord messages or terminal lines."""

    async def question(self, game: TriviaGame, round: Round) -> None: ...

    async def reveal(self, game: TriviaGame, round: Round) -> None: ...

    async def finished(self, game: TriviaGame, result: GameResult) -> None: ...


# Stores a win; False when the store already holds a winner for that round.
RecordWin = Callable[[Win], Awaitable[bool]]


@dataclass
class _Stop:
    reason: EndReason
    by: int | None


@dataclass
class TriviaGame:
    token: str
    guild_id: int
    channel_id: int
    starter_id: int
    questions: Sequence[Question]
    seconds: float
    clock: Clock
    presenter: Presenter
    record_win: RecordWin
    round: Round | None = None
    scores: dict[int, Score] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)
    _round_over: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)
    _stop: _Stop | None = field(default=None, init=False, repr=False)
    _stopped: asyncio.Event = field(default_factory=asyncio.Event, init=False, repr=False)

    @property
    def total_rounds(self) -> int:
        return len(self.questions)

    @property
    def stopping(self) -> bool:
        return self._stop is not None

    async def run(self) -> GameResult:
        played = 0
        for number, question in enumerate(self.questions, 1):
            if self._stop is not None:
                break
            async with self._lock:
                now = self.clock.now()
                self._round_over = asyncio.Event()
                current = Round(
                    number=number,
                    question=question,
                    key=AnswerKey(question.answer, question.aliases),
                    started_at=now,
                    deadline=now + dt.timedelta(seconds=self.seconds),
                )
                self.round = current
            await self.presenter.question(self, current)
            await self._wait(self.seconds, self._round_over, self._stopped)
            async with self._lock:
                current.closed = True
                current.ended = self._ending(current)
            played = number
            await self.presenter.reveal(self, current)
            if number < len(self.questions):
                await self._wait(PAUSE_BETWEEN_ROUNDS, self._stopped)
        stop = self._stop
        result = GameResult(
            reason=stop.reason if stop else EndReason.FINISHED,
            rounds_played=played,
            scores=self.ranking(),
            stopped_by=stop.by if stop else None,
        )
        await self.presenter.finished(self, result)
        return result

    def _ending(self, current: Round) -> RoundEnd:
        if current.winner is not None:
            return RoundEnd.WON
        if current.passed:
            return RoundEnd.PASSED
        if self._stop is not None:
            return (
                RoundEnd.SHUTDOWN if self._stop.reason is EndReason.SHUTDOWN else RoundEnd.STOPPED
            )
        return RoundEnd.TIMED_OUT

    async def _wait(self, seconds: float, *events: asyncio.Event) -> None:
        """Until the time is up or any event is set, whichever comes first."""
        if any(event.is_set() for event in events):
            return
        tasks: list[asyncio.Future[Any]] = [asyncio.ensure_future(self.clock.sleep(seconds))]
        tasks += [asyncio.ensure_future(event.wait()) for event in events]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def submit(self, user_id: int, user_name: str, text: str) -> Verdict:
        async with self._lock:
            current = self.round
            if current is None or current.closed or current.winner is not None:
                return Verdict.LATE
            if self._stop is not None:
                return Verdict.LATE
            if not current.key.accepts(text):
                return Verdict.WRONG
            now = self.clock.now()
            win = Win(
                game=self.token,
                guild_id=self.guild_id,
                user_id=user_id,
                user_name=user_name,
                round=current.number,
                entry_id=current.question.entry_id,
                points=current.question.points,
                answer_ms=max(0, round((now - current.started_at).total_seconds() * 1000)),
                at=now,
            )
            if not await self.record_win(win):
                return Verdict.LATE
            current.winner = win
            score = self.scores.setdefault(user_id, Score(user_id, user_name))
            score.name = user_name
            score.points += win.points
            score.wins += 1
            self._round_over.set()
            return Verdict.CORRECT

    async def skip(self) -> None:
        """Give up on the current question: it is revealed at once, as passed."""
        async with self._lock:
            if self.round is not None and not self.round.closed and self.round.winner is None:
                self.round.passed = True
                self._round_over.set()

    async def stop(self, reason: EndReason, by: int | None = None) -> None:
        """End the game after the current round is revealed; the first reason given wins."""
        async with self._lock:
            if self._stop is None:
                self._stop = _Stop(reason, by)
            self._stopped.set()

    def ranking(self) -> tuple[Score, ...]:
        return tuple(sorted(self.scores.values(), key=lambda s: (-s.points, -s.wins, s.user_id)))
