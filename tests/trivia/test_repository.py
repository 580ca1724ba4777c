"""Entries, settings and scores against a real migrated SQLite file."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from core.errors import NotFoundError
from core.trivia.fields import MAX_ENTRIES_PER_SERVER, EntryError, draft
from core.trivia.game import Win
from db.connection import Database
from db.trivia import BUNDLED, TriviaRepository
from db.trivia_scores import ScoreRepository, week_start
from tests.trivia.clock import START

A, B = 111, 222  # two servers
MOD, OTHER = 5, 6


async def test_add_get_update_remove(entries: TriviaRepository) -> None:
    first = await entries.add(A, draft("Who plays Si-eun?", "Park Ji-hoon"), MOD, START)
    second = await entries.add(A, draft("Which platform?", "Wavve"), MOD, START)
    assert (first.number, second.number) == (1, 2)
    assert first.created_by == MOD and first.created_at == START
    later = START + dt.timedelta(hours=1)
    changed = await entries.update(
        A, 1, draft("Who plays Si-eun?", "Park Ji-hoon", ["박지훈"], "easy"), OTHER, later
    )
    assert changed.aliases == ("박지훈",) and changed.difficulty == "easy"
    assert (changed.created_by, changed.updated_by, changed.updated_at) == (MOD, OTHER, later)
    removed = await entries.remove(A, 1)
    assert removed.question == "Who plays Si-eun?"
    with pytest.raises(NotFoundError):
        await entries.get(A, 1)
    assert await entries.count(A) == 1


async def test_servers_never_see_each_others_entries(entries: TriviaRepository) -> None:
    await entries.add(A, draft("Secret of A?", "alpha"), MOD, START)
    for attempt in (
        entries.get(B, 1),
        entries.update(B, 1, draft("Hijack?", "beta"), OTHER, START),
        entries.remove(B, 1),
    ):
        with pytest.raises(NotFoundError):
            await attempt
    assert await entries.page(B, None, 1, 10) == []
    assert (await entries.get(A, 1)).answer == "alpha"
    # Both servers may ask the same question; numbering is per server.
    same = await entries.add(B, draft("Secret of A?", "beta"), OTHER, START)
    assert same.number == 1 and same.guild_id == B


async def test_duplicate_questions_are_refused(entries: TriviaRepository) -> None:
    await entries.add(A, draft("Who plays Si-eun?", "Park Ji-hoon"), MOD, START)
    with pytest.raises(EntryError, match="#1 already asks"):
        await entries.add(A, draft("  who PLAYS si eun ", "someone"), MOD, START)
    await entries.add(A, draft("Another?", "x1"), MOD, START)
    with pytest.raises(EntryError, match="#1 already asks"):
        await entries.update(A, 2, draft("Who plays Si-eun!", "x1"), MOD, START)
    assert await entries.count(A) == 2


async def test_server_limit(entries: TriviaRepository, db: Database) -> None:
    drafts = [draft(f"Question {n}?", f"answer {n}") for n in range(MAX_ENTRIES_PER_SERVER)]
    result = await entries.import_many(A, drafts, MOD, START)
    assert result.added == MAX_ENTRIES_PER_SERVER
    with pytest.raises(EntryError, match="limit"):
        await entries.add(A, draft("One too many?", "no"), MOD, START)
    with pytest.raises(EntryError, match="Nothing was imported"):
        await entries.import_many(A, [draft("Still too many?", "no")], MOD, START)
    assert await entries.count(A) == MAX_ENTRIES_PER_SERVER


async def test_import_skips_present_questions(entries: TriviaRepository) -> None:
    await entries.add(A, draft("Q one?", "a1"), MOD, START)
    result = await entries.import_many(
        A, [draft("q ONE", "changed"), draft("Q two?", "a2")], OTHER, START
    )
    assert (result.added, result.skipped) == (1, 1)
    assert (await entries.get(A, 1)).answer == "a1"
    assert (await entries.get(A, 2)).created_by == OTHER


async def test_pick_respects_server_show_and_bundled_switch(entries: TriviaRepository) -> None:
    bundled = await entries.count(BUNDLED)
    assert bundled > 0
    for n in range(5):
        await entries.add(A, draft(f"A question {n}?", f"a{n}"), MOD, START)
    await entries.add(B, draft("B only?", "b"), MOD, START)
    rng = random.Random(7)
    picked = await entries.pick(A, 100, bundled=False, rng=rng)
    assert len(picked) == 5 and {e.guild_id for e in picked} == {A}
    assert len({e.id for e in picked}) == 5
    everything = await entries.pick(A, 1000, rng=rng)
    assert len(everything) == 5 + bundled
    assert {e.guild_id for e in everything} == {A, BUNDLED}
    weak_hero = next(e.show_id for e in everything if e.show_title == "Weak Hero")
    about = await entries.pick(A, 1000, show_id=weak_hero, rng=rng)
    assert about and all(e.show_title == "Weak Hero" for e in about)
    assert await entries.pick(B, 3, bundled=False) == [await entries.get(B, 1)]


async def test_settings_default_and_change(entries: TriviaRepository) -> None:
    assert (await entries.settings(A)).bundled_enabled
    await entries.set_role(A, 42)
    await entries.set_bundled(A, False)
    settings = await entries.settings(A)
    assert (settings.role_id, settings.bundled_enabled) == (42, False)
    await entries.set_role(A, None)
    assert (await entries.settings(A)).role_id is None
    assert (await entries.settings(B)).bundled_enabled


def win(guild: int, user: int, game: str, points: int, at: dt.datetime) -> Win:
    return Win(game, guild, user, f"m{user}", 1, None, points, 1500, at)


async def test_leaderboards_by_week_and_server(scores: ScoreRepository) -> None:
    last_week = START - dt.timedelta(days=7)
    await scores.record_win(win(A, 1, "g1", 3, last_week))
    await scores.record_win(win(A, 2, "g2", 2, START))
    await scores.record_win(win(A, 2, "g3", 2, START))
    await scores.record_win(win(B, 9, "g4", 5, START))
    board = await scores.leaderboard(A)
    assert [(r.rank, r.user_id, r.points) for r in board] == [(1, 2, 4), (2, 1, 3)]
    weekly = await scores.leaderboard(A, week_start(START))
    assert [(r.user_id, r.points, r.wins) for r in weekly] == [(2, 4, 2)]
    assert [r.user_id for r in await scores.leaderboard(B)] == [9]
    stats = await scores.stats(A, 1, START)
    assert (stats.points, stats.rank, stats.week_points, stats.members_ranked) == (3, 2, 0, 2)
    nobody = await scores.stats(A, 77, START)
    assert nobody.rank is None and nobody.points == 0


def test_weeks_start_on_monday_utc() -> None:
    sunday_late = dt.datetime(2025, 4, 27, 23, 30, tzinfo=dt.UTC)
    assert week_start(sunday_late) == dt.date(2025, 4, 21)
    seoul = dt.timezone(dt.timedelta(hours=9))
    assert week_start(dt.datetime(2025, 4, 28, 8, 0, tzinfo=seoul)) == dt.date(2025, 4, 21)


async def test_running_games_register(scores: ScoreRepository) -> None:
    assert await scores.start_game("t1", A, 50, MOD, "boot-1", START)
    assert not await scores.start_game("t2", A, 50, MOD, "boot-1", START)
    await scores.set_message("t1", 999)
    assert await scores.stale_games("boot-1") == []
    stale = await scores.stale_games("boot-2")
    assert [(g.token, g.channel_id, g.message_id) for g in stale] == [("t1", 50, 999)]
    # A new process may start a game where a dead one left its row.
    assert await scores.start_game("t3", A, 50, OTHER, "boot-2", START)
    assert await scores.stale_games("boot-2") == []
    await scores.end_game("t3")
    assert await scores.stale_games("boot-3") == []


async def test_pick_is_uniform_and_survives_gaps(entries: TriviaRepository) -> None:
    for n in range(10):
        await entries.add(A, draft(f"Gap question {n}?", f"g{n}"), MOD, START)
    for number in (2, 5):
        await entries.remove(A, number)
    rng = random.Random(11)
    everything = await entries.pick(A, 100, bundled=False, rng=rng)
    assert sorted(e.number for e in everything) == [1, 3, 4, 6, 7, 8, 9, 10]
    seen: dict[int, int] = {}
    for _ in range(1600):
        (one,) = await entries.pick(A, 1, bundled=False, rng=rng)
        seen[one.number] = seen.get(one.number, 0) + 1
    assert set(seen) == {1, 3, 4, 6, 7, 8, 9, 10}
    assert all(140 <= hits <= 260 for hits in seen.values()), seen  # about 200 each
    # Mostly gaps: the id list is read instead, with the same result.
    for number in (1, 3, 4, 6, 7, 8):
        await entries.remove(A, number)
    sparse = await entries.pick(A, 5, bundled=False, rng=rng)
    assert sorted(e.number for e in sparse) == [9, 10]
