"""Playing through the fake Discord with a hand-driven clock: answers, races, stop, restart."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cogs.trivia._modal import ANSWER_INPUT
from core.trivia.game import PAUSE_BETWEEN_ROUNDS
from db.trivia import TriviaRepository
from db.trivia_scores import ScoreRepository
from render.i18n import LANGUAGES
from render.trivia_play import restart_notice
from tests.fakediscord import FakeDiscord, missing_permissions
from tests.trivia.clock import ManualClock, eventually
from tests.trivia.e2e import Env, Server, is_error, make_server, started_bot, text_of

QUESTION = "Which actor plays Yeon Si-eun?"


async def setup_one_question(env: Env, server: Server) -> None:
    """One known question and no bundled ones, so every game asks exactly it."""
    await env.run(
        "trivia add",
        server,
        server.moderator,
        question=QUESTION,
        answer="Park Ji-hoon",
        aliases="박지훈",
        difficulty="hard",
    )
    await env.run("trivia bundled", server, server.moderator, enabled=False)


def button_id(callback: dict[str, Any]) -> str:
    custom_id: str = callback["data"]["components"][0]["components"][0]["custom_id"]
    return custom_id


async def start_game(
    env: Env, server: Server, who: Any, expect: str | None = QUESTION, **options: Any
) -> tuple[Any, str]:
    ix = await env.slash("trivia play", server, who, **options)
    callback = await ix.callback()
    assert callback["type"] == 4, callback
    assert callback["data"]["allowed_mentions"] == {"parse": []}
    if expect is not None:
        assert expect in text_of(callback)
    await env.clock.wait_for_sleepers()
    return ix, button_id(callback)


async def posted(fake: FakeDiscord, channel: int, count: int = 1) -> dict[str, Any]:
    """The body of the `count`-th message the bot posted to the channel (as it sent it)."""
    request = await fake.wait_for_request(
        "POST", rf"/channels/{channel}/messages", predicate=lambda r: r.status == 200, count=count
    )
    body: dict[str, Any] = request.json
    return body


async def answer(env: Env, server: Server, who: Any, custom_id: str, text: str) -> str:
    opened = await env.fake.click(custom_id, actor=server.actor(who))
    modal = await opened.callback()
    assert modal["type"] == 9, modal
    submitted = await env.fake.submit_modal(
        {ANSWER_INPUT: text}, custom_id=modal["data"]["custom_id"], actor=server.actor(who)
    )
    reply = await submitted.callback()
    assert is_error(reply)  # verdicts are for the one who answered
    return str(reply["data"]["content"])


async def test_a_round_won_by_a_typo_answer(env: Env) -> None:
    a = env.a
    await setup_one_question(env, a)
    ix, custom_id = await start_game(env, a, a.member, rounds=1, seconds=30)
    assert await answer(env, a, a.member2, custom_id, "Choi Hyun-wook") == (
        "Not quite. Try again while the question is open."
    )
    assert (await answer(env, a, a.member2, custom_id, "park jihon")).startswith("Correct! +3")
    edit = await ix.wait_edit()
    result = text_of({"data": edit.json})
    assert f"<@{a.member2.user.id}> got it" in result and "Park Ji-hoon" in result
    assert edit.json["components"] == []
    over = await posted(env.fake, a.channel)
    assert over["embeds"][0]["title"] == "Game over!"
    assert over["allowed_mentions"] == {"parse": []}
    board = await env.run("trivia leaderboard", a, a.member, period="week")
    assert f"1. <@{a.member2.user.id}>: **3** points" in text_of(board)
    stats = await env.run("trivia stats", a, a.member, member=a.member2.user.id)
    assert "Points: 3" in text_of(stats)
    # Scores belong to their server.
    elsewhere = await env.run("trivia leaderboard", env.b, env.b.member)
    assert "Nobody has scored" in text_of(elsewhere)


async def test_two_members_answering_at_once_make_exactly_one_winner(env: Env) -> None:
    a = env.a
    await setup_one_question(env, a)
    _, custom_id = await start_game(env, a, a.member, rounds=1)
    modals = []
    for who in (a.member, a.member2):
        opened = await env.fake.click(custom_id, actor=a.actor(who))
        modals.append(((await opened.callback())["data"]["custom_id"], who))
    submitted = await asyncio.gather(
        *(
            env.fake.submit_modal({ANSWER_INPUT: "박지훈"}, custom_id=modal, actor=a.actor(who))
            for modal, who in modals
        )
    )
    verdicts = sorted([str((await s.callback())["data"]["content"]) for s in submitted])
    assert verdicts[0].startswith("Correct!")
    assert verdicts[1] == "Too late: this question is already closed."
    await posted(env.fake, a.channel)
    board = await ScoreRepository(env.bot.db).leaderboard(a.guild.id)
    assert len(board) == 1 and board[0].wins == 1


async def test_timeout_reveals_the_answer(env: Env) -> None:
    a = env.a
    await setup_one_question(env, a)
    ix, custom_id = await start_game(env, a, a.member, rounds=1, seconds=20)
    # A member opens the form in time but sends it after the time is up.
    opened = await env.fake.click(custom_id, actor=a.actor(a.member2))
    modal = (await opened.callback())["data"]["custom_id"]
    await env.clock.advance(19.9)
    assert env.cog.games
    await env.clock.advance(0.1)
    edit = await ix.wait_edit()
    assert "Time's up! The answer was **Park Ji-hoon**" in text_of({"data": edit.json})
    assert edit.json["components"] == []
    await posted(env.fake, a.channel)
    late = await env.fake.submit_modal(
        {ANSWER_INPUT: "Park Ji-hoon"}, custom_id=modal, actor=a.actor(a.member2)
    )
    assert "Too late" in (await late.callback())["data"]["content"]
    assert await ScoreRepository(env.bot.db).leaderboard(a.guild.id) == []


async def test_one_game_per_channel_and_who_may_stop_it(env: Env) -> None:
    a = env.a
    await setup_one_question(env, a)
    await start_game(env, a, a.member, rounds=3)
    second = await env.run("trivia play", a, a.member2)
    assert is_error(second) and "already running" in text_of(second)
    refused = await env.run("trivia stop", a, a.member2)
    assert is_error(refused) and "started this game" in text_of(refused)
    nothing = await env.run("trivia stop", env.b, env.b.moderator)
    assert is_error(nothing) and "No trivia game" in text_of(nothing)
    stopped = await env.run("trivia stop", a, a.moderator)
    assert "Stopping" in text_of(stopped)
    over = await posted(env.fake, a.channel)
    assert over["embeds"][0]["title"] == "Game stopped."
    assert f"Stopped by <@{a.moderator.user.id}>" in over["embeds"][0]["description"]
    await eventually(lambda: not env.cog.games)
    # The starter may stop their own game.
    await start_game(env, a, a.member, rounds=2)
    own = await env.run("trivia stop", a, a.member)
    assert "Stopping" in text_of(own)
    await posted(env.fake, a.channel, count=2)


async def test_play_without_questions_says_how_to_add_some(env: Env) -> None:
    a = env.a
    await env.run("trivia bundled", a, a.moderator, enabled=False)
    reply = await env.run("trivia play", a, a.member)
    assert is_error(reply) and "/trivia add" in text_of(reply)


async def test_bundled_questions_play_by_default(env: Env) -> None:
    b = env.b
    reply = await env.run("trivia play", b, b.member, show="squid game", rounds=1)
    assert "Squid Game" in text_of(reply)
    await env.run("trivia stop", b, b.member)
    await posted(env.fake, b.channel)


async def test_shutdown_mid_game_says_so(settings: Any, clock: ManualClock) -> None:
    a = make_server("alpha")
    async with FakeDiscord([a.guild]) as fake:
        async with started_bot(fake, settings, clock) as bot:
            env = Env(fake, bot, clock, a, a)
            await setup_one_question(env, a)
            await start_game(env, a, a.member, rounds=2)
        messages = fake.messages(a.channel)
        assert messages[-1]["embeds"][0]["title"] == "Game ended: Hallyu is restarting."
        fake.assert_clean()


@pytest.mark.parametrize("locale", ["en-US", "ko"])
async def test_restart_after_a_crash_ends_the_game_and_says_so(
    settings: Any, clock: ManualClock, locale: str
) -> None:
    # Nobody ran a command to hear the notice: it speaks the server's language.
    a = make_server("alpha", preferred_locale=locale)
    notice_text = restart_notice(LANGUAGES.get(locale))
    async with FakeDiscord([a.guild]) as fake:
        async with started_bot(fake, settings, clock) as bot:
            env = Env(fake, bot, clock, a, a)
            await setup_one_question(env, a)
            ix, _ = await start_game(env, a, a.member, rounds=2)
            question = ix.original()
            assert question is not None and question["components"]
            stale = await ScoreRepository(bot.db).stale_games("another process")
            assert len(stale) == 1
            # A crash leaves the row behind: nothing gets to clean up.
            env.cog.games.clear()
            for task in list(env.cog._tasks):
                task.cancel()
            await asyncio.gather(*env.cog._tasks, return_exceptions=True)
            async with bot.db.transaction() as conn:
                await conn.execute(
                    "INSERT OR IGNORE INTO trivia_games (token, guild_id, channel_id, "
                    "starter_id, message_id, boot, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        stale[0].token,
                        a.guild.id,
                        a.channel,
                        a.member.user.id,
                        stale[0].message_id,
                        "crashed-process",
                        "2025-04-30T12:00:00+00:00",
                    ),
                )
        assert not any(
            m["content"] == notice_text for m in fake.messages(a.channel) if m.get("content")
        )
        async with started_bot(fake, settings, clock) as bot:
            notice = await posted(fake, a.channel)
            assert notice["content"] == notice_text
            assert notice["allowed_mentions"] == {"parse": []}
            edited = fake.message(int(question["id"]))
            assert edited is not None and edited["components"] == []
            restarted = Env(fake, bot, clock, a, a).cog
            await eventually(restarted._cleanup.done)
            assert await ScoreRepository(bot.db).stale_games("x") == []
            assert await TriviaRepository(bot.db).count(a.guild.id) == 1
        fake.assert_clean()


async def test_without_send_permission_questions_come_as_follow_ups(env: Env) -> None:
    a = env.a
    await setup_one_question(env, a)
    await env.run("trivia add", a, a.moderator, question="Second one?", answer="Wavve")
    # Both channel posts (the second question, then the scores) are refused.
    env.fake.fail_channel(a.channel, missing_permissions(), missing_permissions())
    ix, _ = await start_game(env, a, a.member, expect=None, rounds=2, seconds=10)
    await env.clock.advance(10)
    await ix.wait_edit()
    await env.clock.wait_for_sleepers()
    await env.clock.advance(PAUSE_BETWEEN_ROUNDS)
    (second,) = await ix.wait_followups()
    assert "Question 2 of 2" in text_of({"data": second.json})
    await env.clock.wait_for_sleepers()
    await env.clock.advance(10)
    followups = await ix.wait_followups(count=2)
    assert followups[1].json["embeds"][0]["title"] == "Game over!"
    assert all(r.json["allowed_mentions"] == {"parse": []} for r in followups)
