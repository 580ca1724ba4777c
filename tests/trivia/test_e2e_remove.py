"""`/trivia remove` through the fake Discord: nothing is deleted until its moderator confirms."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest

from core.trivia.fields import draft
from db.trivia import TriviaRepository
from tests.trivia.e2e import Env, is_ephemeral, is_error, text_of


def buttons(callback: dict[str, Any]) -> dict[str, str]:
    return {
        button["label"]: button["custom_id"]
        for row in callback["data"]["components"]
        for button in row["components"]
    }


async def numbers(env: Env) -> list[int]:
    entries = await TriviaRepository(env.bot.db).all(env.a.guild.id)
    return [entry.number for entry in entries]


async def ask(env: Env) -> tuple[dict[str, Any], dict[str, str]]:
    a = env.a
    await env.run("trivia add", a, a.moderator, question="Who plays Si-eun?", answer="PJH")
    asked = await env.run("trivia remove", a, a.moderator, id=1)
    assert is_ephemeral(asked) and asked["data"]["allowed_mentions"] == {"parse": []}
    assert "Remove trivia entry #1?" in text_of(asked)
    assert "Who plays Si-eun?" in text_of(asked)
    return asked, buttons(asked)


async def test_asking_deletes_nothing_and_remove_deletes(env: Env) -> None:
    _, ids = await ask(env)
    assert set(ids) == {"Remove", "Keep"}
    assert await numbers(env) == [1]
    done = await (
        await env.fake.click(ids["Remove"], actor=env.a.actor(env.a.moderator))
    ).callback()
    assert done["type"] == 7  # the question is replaced by the result
    assert "Removed trivia entry #1" in text_of(done)
    assert done["data"]["components"] == []
    assert await numbers(env) == []


async def test_keep_keeps_the_entry(env: Env) -> None:
    _, ids = await ask(env)
    kept = await (await env.fake.click(ids["Keep"], actor=env.a.actor(env.a.moderator))).callback()
    assert kept["type"] == 7
    assert "Trivia entry #1 was kept; nothing was removed." in text_of(kept)
    assert await numbers(env) == [1]


async def test_only_the_moderator_who_asked_can_confirm(env: Env) -> None:
    a = env.a
    _, ids = await ask(env)
    for other in (a.member, a.curator):
        refused = await (await env.fake.click(ids["Remove"], actor=a.actor(other))).callback()
        assert is_error(refused)
        assert "Only the member who ran this command" in text_of(refused)
    # Another moderator of the same server is not the one who asked either.
    await env.run("trivia role set", a, a.owner, role=a.curator_role.id)
    refused = await (await env.fake.click(ids["Remove"], actor=a.actor(a.curator))).callback()
    assert is_error(refused)
    assert await numbers(env) == [1]


async def test_unanswered_question_times_out_and_keeps_the_entry(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The running bot's own copy: each start imports the extension's modules afresh.
    monkeypatch.setattr(sys.modules["cogs.trivia._confirm"], "CONFIRM_SECONDS", 0.2)
    await ask(env)
    edit = await env.fake.wait_for_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    body = edit.json
    assert "No answer in time, so trivia entry #1 was kept" in body["content"]
    assert body.get("components") == []
    assert await numbers(env) == [1]


async def test_a_replaced_entry_is_not_deleted_in_its_place(env: Env) -> None:
    a = env.a
    _, ids = await ask(env)
    repo = TriviaRepository(env.bot.db)
    # Meanwhile #1 goes away and a new question takes its number.
    await repo.remove(a.guild.id, 1)
    now = dt.datetime.now(dt.UTC)
    await repo.add(a.guild.id, draft("A newer question?", "new"), a.moderator.user.id, now)
    refused = await (await env.fake.click(ids["Remove"], actor=a.actor(a.moderator))).callback()
    assert is_error(refused)
    assert "changed, removed or replaced since you asked; nothing was removed" in text_of(refused)
    assert (await repo.get(a.guild.id, 1)).question == "A newer question?"
    # The question is still answerable: Keep closes it.
    kept = await (await env.fake.click(ids["Keep"], actor=a.actor(a.moderator))).callback()
    assert "was kept; nothing was removed" in text_of(kept)


async def test_a_moderator_who_lost_the_right_cannot_confirm(env: Env) -> None:
    a = env.a
    await env.run("trivia role set", a, a.owner, role=a.curator_role.id)
    await env.run("trivia add", a, a.curator, question="Curated?", answer="yes")
    asked = await env.run("trivia remove", a, a.curator, id=1)
    await env.run("trivia role clear", a, a.owner)
    click = await env.fake.click(buttons(asked)["Remove"], actor=a.actor(a.curator))
    refused = await click.callback()
    assert is_error(refused) and "Manage Messages" in text_of(refused)
    assert await numbers(env) == [1]
