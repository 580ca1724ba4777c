"""Trivia in several languages at once, through the fake Discord: what the channel reads
is in the server's language, what one member reads (forms, verdicts, errors) in theirs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from cogs.trivia._modal import ANSWER_INPUT
from config import Settings
from db.trivia import TriviaRepository
from tests.fakediscord import FakeDiscord, UploadedFile
from tests.trivia.clock import ManualClock, eventually
from tests.trivia.e2e import Env, Server, is_error, make_server, started_bot, text_of
from tests.trivia.test_e2e_play import posted

QUESTION = "Which actor plays Yeon Si-eun?"


@pytest.fixture
async def env(settings: Settings, clock: ManualClock) -> AsyncIterator[Env]:
    # `a` is a Korean server (its Discord language); `b` an English one.
    a, b = make_server("alpha", preferred_locale="ko"), make_server("beta")
    async with FakeDiscord([a.guild, b.guild]) as fake:
        async with started_bot(fake, settings, clock) as bot:
            yield Env(fake, bot, clock, a, b)
        fake.assert_clean()


async def one_question(env: Env, server: Server) -> None:
    added = await env.run(
        "trivia add", server, server.moderator, question=QUESTION, answer="Park Ji-hoon"
    )
    assert not is_error(added), text_of(added)
    await env.run("trivia bundled", server, server.moderator, enabled=False)


async def answer(env: Env, server: Server, who: Any, locale: str, button: str, text: str) -> Any:
    """Press the Answer button and send the form, as a member using Discord in `locale`."""
    opened = await env.fake.click(button, actor=server.actor(who, locale=locale))
    form = await opened.callback()
    assert form["type"] == 9, form
    sent = await env.fake.submit_modal(
        {ANSWER_INPUT: text},
        custom_id=form["data"]["custom_id"],
        actor=server.actor(who, locale=locale),
    )
    return form["data"], await sent.callback()


async def test_a_korean_server_plays_in_korean_and_each_member_reads_their_own(env: Env) -> None:
    a = env.a
    await one_question(env, a)
    started = await env.fake.slash(
        "trivia play", actor=a.actor(a.member, locale="ko"), options={"rounds": 1, "seconds": 30}
    )
    card = await started.callback()
    embed = card["data"]["embeds"][0]
    assert embed["title"] == "문제 1/1"
    # The question is what the moderator wrote: it is not translated.
    assert embed["description"] == f"**{QUESTION}**"
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["문제 정보"] == "보통 · 2점"
    assert fields["시간"].endswith(" 마감")
    assert embed["footer"]["text"].startswith("답하기 버튼을 눌러 답하세요.")
    button = card["data"]["components"][0]["components"][0]
    assert button["label"] == "답하기"
    await env.clock.wait_for_sleepers()

    # A Brazilian member of the same server: the form and the verdict in Portuguese.
    form, wrong = await answer(env, a, a.member2, "pt-BR", button["custom_id"], "Choi Hyun-wook")
    assert form["title"] == "Responder à pergunta 1"
    assert form["components"][0]["components"][0]["label"] == "Sua resposta"
    assert is_error(wrong)
    assert wrong["data"]["content"] == ("Quase! Tente de novo enquanto a pergunta estiver aberta.")
    _, right = await answer(env, a, a.member2, "pt-BR", button["custom_id"], "park jihoon")
    assert right["data"]["content"] == "Acertou! +2 pontos."

    # The reveal and the end of the game are for the channel: Korean again.
    edit = await started.wait_edit()
    result = {field["name"]: field["value"] for field in edit.json["embeds"][0]["fields"]}
    assert result["결과"].startswith(f"<@{a.member2.user.id}> 님이 ")
    assert "**Park Ji-hoon**" in result["결과"]
    over = await posted(env.fake, a.channel)
    assert over["embeds"][0]["title"] == "게임 끝!"
    assert "1문제 중 1문제를 풀었어요." in over["embeds"][0]["description"]
    assert "**2**점 (정답 1개)" in over["embeds"][0]["description"]

    # Scores asked for by a member come in that member's language.
    board = await env.fake.slash("trivia leaderboard", actor=a.actor(a.member, locale="fr"))
    text = text_of(await board.callback())
    assert "Classement du quiz : depuis toujours" in text
    assert "**2** points (1 bonne réponse)" in text


async def test_the_servers_chosen_language_beats_its_discord_language(env: Env) -> None:
    b = env.b
    await one_question(env, b)
    chose = await env.fake.slash(
        "settings language", actor=b.actor(b.owner), options={"language": "ja"}
    )
    assert "日本語" in (await chose.callback())["data"]["content"]
    # Started by a French-speaking member: the channel still reads the server's Japanese.
    started = await env.fake.slash(
        "trivia play", actor=b.actor(b.member, locale="fr"), options={"rounds": 3}
    )
    card = await started.callback()
    assert card["data"]["embeds"][0]["title"] == "第1問（全1問）"
    assert card["data"]["components"][0]["components"][0]["label"] == "答える"
    await env.clock.wait_for_sleepers()
    stop = await env.fake.slash("trivia stop", actor=b.actor(b.member, locale="fr"))
    assert (await stop.callback())["data"]["content"] == (
        "Arrêt de la partie : la réponse s'affiche, puis les scores."
    )
    over = await posted(env.fake, b.channel)
    assert over["embeds"][0]["title"] == "ゲームを中止しました。"
    await eventually(lambda: not env.cog.games)


async def test_a_malformed_import_names_the_line_in_the_members_language(env: Env) -> None:
    a = env.a
    malformed = UploadedFile("t.json", b'[\n{"question": "Q?", "answer": "A"},\n{"question": 5}\n]')
    replies = {}
    for locale in ("pt-BR", "ko", "en-US"):
        call = await env.fake.slash(
            "trivia import", actor=a.actor(a.moderator, locale=locale), options={"file": malformed}
        )
        reply = await call.callback()
        assert is_error(reply)
        replies[locale] = reply["data"]["content"]
    assert replies["pt-BR"] == (
        "Linha 3: O campo “question” está faltando ou não é texto. Nada foi importado."
    )
    assert replies["ko"] == (
        "3번째 줄: “question” 항목이 없거나 텍스트가 아니에요. 아무것도 가져오지 않았어요."
    )
    assert replies["en-US"] == (
        "Line 3: The field “question” is missing or not text. Nothing was imported."
    )
    too_long = json.dumps([{"question": "Q?", "answer": "A", "aliases": ["x" * 101]}])
    call = await env.fake.slash(
        "trivia import",
        actor=a.actor(a.moderator, locale="es-ES"),
        options={"file": UploadedFile("t.json", too_long.encode())},
    )
    assert (await call.callback())["data"]["content"] == (
        f"Línea 1: La alternativa “{'x' * 40}” tiene 101 caracteres; el límite es 100. "
        "No se ha importado nada."
    )
    assert await TriviaRepository(env.bot.db).count(a.guild.id) == 0
