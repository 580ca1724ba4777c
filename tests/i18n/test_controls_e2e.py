"""Buttons and menus belong to the member who ran the command; whoever else presses them
is told so in their own Discord language (cogs.views.OwnedView)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from config import Settings
from tests.fakediscord import FakeDiscord
from tests.trivia.clock import ManualClock
from tests.trivia.e2e import Env, is_error, make_server, started_bot, text_of


@pytest.fixture
async def env(settings: Settings) -> AsyncIterator[Env]:
    a, b = make_server("alpha"), make_server("beta")
    clock = ManualClock()
    async with FakeDiscord([a.guild, b.guild]) as fake:
        async with started_bot(fake, settings, clock) as bot:
            yield Env(fake, bot, clock, a, b)
        fake.assert_clean()


@pytest.mark.parametrize(
    ("locale", "refusal"),
    [
        ("ko", "이 명령어를 실행한 멤버만 조작할 수 있어요."),
        ("pt-BR", "Só quem usou este comando pode mexer nesses controles."),
        ("en-US", "Only the member who ran this command can use these controls."),
    ],
)
async def test_another_member_is_refused_in_their_language(
    env: Env, locale: str, refusal: str
) -> None:
    a = env.a
    await env.run("trivia add", a, a.moderator, question="Who plays Si-eun?", answer="PJH")
    asked = await env.run("trivia remove", a, a.moderator, id=1)
    [remove] = [
        button["custom_id"]
        for row in asked["data"]["components"]
        for button in row["components"]
        if button["style"] == 4  # danger: the Remove button, whatever its label's language
    ]
    pressed = await env.fake.click(remove, actor=a.actor(a.member, locale=locale))
    refused = await pressed.callback()
    assert is_error(refused)
    assert text_of(refused) == refusal
    assert refused["data"]["allowed_mentions"] == {"parse": []}
