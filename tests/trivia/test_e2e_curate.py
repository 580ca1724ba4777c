"""Curating through the fake Discord: who may do what, server isolation, hostile input."""

from __future__ import annotations

import json
from typing import Any

from db.trivia import TriviaRepository
from tests.fakediscord import UploadedFile
from tests.trivia.e2e import Env, is_ephemeral, is_error, text_of


async def count(env: Env, guild_id: int) -> int:
    return await TriviaRepository(env.bot.db).count(guild_id)


async def test_member_without_permission_cannot_curate(env: Env) -> None:
    a = env.a
    added = await env.run("trivia add", a, a.moderator, question="Who plays Si-eun?", answer="PJH")
    assert not is_error(added), text_of(added)
    before = await count(env, a.guild.id)
    upload = UploadedFile("t.json", b'[{"question": "Q?", "answer": "A"}]')
    attempts: list[tuple[str, dict[str, Any]]] = [
        ("trivia add", {"question": "Mine?", "answer": "no"}),
        ("trivia edit", {"id": 1, "answer": "changed"}),
        ("trivia remove", {"id": 1}),
        ("trivia import", {"file": upload}),
        ("trivia list", {}),
        ("trivia export", {}),
        ("trivia bundled", {"enabled": False}),
    ]
    for command, options in attempts:
        reply = await env.run(command, a, a.member, **options)
        assert is_error(reply), command
        assert "Manage Messages" in text_of(reply), command
    assert await count(env, a.guild.id) == before
    entry = await TriviaRepository(env.bot.db).get(a.guild.id, 1)
    assert entry.answer == "PJH"
    assert (await TriviaRepository(env.bot.db).settings(a.guild.id)).bundled_enabled


async def test_trivia_role_grants_curating_and_only_admins_set_it(env: Env) -> None:
    a = env.a
    denied = await env.run("trivia add", a, a.curator, question="Q?", answer="A1")
    assert is_error(denied)
    for who in (a.moderator, a.member, a.curator):
        refused = await env.run("trivia role set", a, who, role=a.curator_role.id)
        assert is_error(refused) and "Manage Server" in text_of(refused)
    ok = await env.run("trivia role set", a, a.owner, role=a.curator_role.id)
    assert not is_error(ok)
    assert ok["data"]["allowed_mentions"] == {"parse": []}
    added = await env.run("trivia add", a, a.curator, question="Q?", answer="A1")
    assert not is_error(added), text_of(added)
    # The role is this server's: the same member id elsewhere has no such role.
    await env.run("trivia role clear", a, a.owner)
    again = await env.run("trivia add", a, a.curator, question="Q2?", answer="A2")
    assert is_error(again)


async def test_servers_cannot_see_or_change_each_others_entries(env: Env) -> None:
    a, b = env.a, env.b
    await env.run("trivia add", a, a.moderator, question="Alpha secret?", answer="alpha")
    changes: list[tuple[str, dict[str, Any]]] = [
        ("trivia edit", {"id": 1, "answer": "hacked"}),
        ("trivia remove", {"id": 1}),
    ]
    for command, options in changes:
        reply = await env.run(command, b, b.moderator, **options)
        assert is_error(reply) and "no trivia entry #1" in text_of(reply)
    listing = await env.run("trivia list", b, b.moderator)
    assert "Alpha secret" not in text_of(listing)
    assert "no trivia entries yet" in text_of(listing)
    assert (await TriviaRepository(env.bot.db).get(a.guild.id, 1)).answer == "alpha"


async def test_edit_remove_list_export_import(env: Env) -> None:
    a = env.a
    mod = a.moderator
    await env.run("trivia add", a, mod, question="Q one?", answer="first", show="weak hero")
    edited = await env.run("trivia edit", a, mod, id=1, aliases="1st; one", difficulty="hard")
    assert "Changed trivia entry #1" in text_of(edited)
    assert "1st" in text_of(edited) and "hard" in text_of(edited)
    listing = await env.run("trivia list", a, mod)
    assert "||first||" in text_of(listing) and "Weak Hero" in text_of(listing)
    assert is_ephemeral(listing)  # moderators' lists are for them only
    ix = await env.slash("trivia export", a, mod)
    await ix.callback()
    exported = env.fake.requests_to("POST", r"/interactions/.*/callback")[-1].files[0]
    data = json.loads(exported.data)
    assert data == [
        {
            "question": "Q one?",
            "answer": "first",
            "aliases": ["1st", "one"],
            "difficulty": "hard",
            "show": "Weak Hero",
        }
    ]
    asked = await env.run("trivia remove", a, mod, id=1)
    remove = next(
        b["custom_id"]
        for row in asked["data"]["components"]
        for b in row["components"]
        if b["label"] == "Remove"
    )
    removed = await (await env.fake.click(remove, actor=a.actor(mod))).callback()
    assert "Removed trivia entry #1" in text_of(removed)
    imported = await env.run(
        "trivia import", a, mod, file=UploadedFile("trivia.json", exported.data)
    )
    assert "Imported 1 entry." in text_of(imported)
    entry = await TriviaRepository(env.bot.db).get(a.guild.id, 1)
    assert entry.show_title == "Weak Hero" and entry.created_by == mod.user.id


async def test_modal_edit_round_trip(env: Env) -> None:
    a = env.a
    await env.run("trivia add", a, a.moderator, question="Long one?", answer="x1")
    opened = await env.run("trivia edit", a, a.moderator, id=1)
    assert opened["type"] == 9
    inputs = {
        c["components"][0]["label"]: c["components"][0]["custom_id"]
        for c in opened["data"]["components"]
    }
    values = {
        inputs["Question"]: "A much longer question?",
        inputs["Answer"]: "y2",
        inputs["Other accepted answers, separated by ;"]: "z3",
        inputs["Difficulty: easy, medium or hard"]: "easy",
    }
    submitted = await env.fake.submit_modal(values)
    reply = await submitted.callback()
    assert "Changed trivia entry #1" in text_of(reply)
    entry = await TriviaRepository(env.bot.db).get(a.guild.id, 1)
    assert (entry.question, entry.answer, entry.aliases) == (
        "A much longer question?",
        "y2",
        ("z3",),
    )
    assert entry.updated_by == a.moderator.user.id


async def test_hostile_text_never_pings_or_breaks_the_card(env: Env) -> None:
    a = env.a
    question = "**Who** is `it`? @everyone <@&123> ||x|| 약한영웅 🎉"
    reply = await env.run("trivia add", a, a.moderator, question=question, answer="@here 🙂 PJH")
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    description = reply["data"]["embeds"][0]["description"]
    assert "\\*\\*Who\\*\\*" in description and "\\`it\\`" in description
    assert "@\u200beveryone" in description and "약한영웅 🎉" in description
    entry = await TriviaRepository(env.bot.db).get(a.guild.id, 1)
    assert entry.question == question  # stored as typed, escaped only when shown


async def test_bad_input_is_refused_without_change(env: Env) -> None:
    a = env.a
    mod = a.moderator
    cases = [
        ({"question": "x" * 501, "answer": "a"}, "limit is 500"),
        ({"question": "Q?", "answer": "a" * 101}, "limit is 100"),
        ({"question": "Q?", "answer": "a", "aliases": ";".join(f"x{n}" for n in range(11))}, "10"),
        ({"question": "🙂", "answer": "a"}, "needs some letters"),
        ({"question": "Q?", "answer": "a", "show": "zzzzzzzzzzzz"}, "No show"),
    ]
    for options, message in cases:
        reply = await env.run("trivia add", a, mod, **options)
        assert is_error(reply), options
        assert message in text_of(reply), (message, text_of(reply))
    malformed = UploadedFile("t.json", b'[\n{"question": "Q?", "answer": "A"},\n{"question": 5}\n]')
    reply = await env.run("trivia import", a, mod, file=malformed)
    assert is_error(reply)
    assert text_of(reply).startswith("Line 3: The field “question” is missing")
    assert "Nothing was imported" in text_of(reply)
    assert await count(env, a.guild.id) == 0
