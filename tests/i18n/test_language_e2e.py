"""End to end through the fake Discord: each member answered in their language, the
server's choice (`/settings language`) for members whose language Hallyu does not speak."""

from __future__ import annotations

import pytest

from app import HallyuBot
from db.server_languages import ServerLanguageRepository
from tests.fakediscord import (
    DEFAULT_EVERYONE_PERMISSIONS,
    Actor,
    FakeDiscord,
    FakeMember,
    FakeUser,
    make_guild,
    new_id,
    run_bot,
)

EPHEMERAL = 64
MEMBER = FakeUser(id=new_id(), username="member")


@pytest.fixture
async def fake():
    guild = make_guild(extra_members=[FakeMember(user=MEMBER)], preferred_locale="fr")
    async with FakeDiscord([guild]) as running:
        yield running
        running.assert_clean()


@pytest.fixture
async def bot(fake, settings):
    async with run_bot(fake, HallyuBot(settings)) as running:
        await running.tree.sync()
        yield running


async def refused(fake: FakeDiscord, locale: str) -> str:
    """What a member without Manage Server reads when trying an admin command."""
    call = await fake.slash(
        "announce status",
        actor=Actor(user_id=MEMBER.id, permissions=DEFAULT_EVERYONE_PERMISSIONS, locale=locale),
    )
    reply = await call.callback()
    assert reply["data"]["flags"] & EPHEMERAL
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    return str(reply["data"]["content"])


async def test_errors_in_the_members_language(bot, fake):
    assert await refused(fake, "ko") == "그렇게 하려면 서버 관리하기 권한이 필요해요."
    assert await refused(fake, "pt-BR") == (
        "Você precisa da permissão Gerenciar servidor para fazer isso."
    )
    assert await refused(fake, "ja") == "この操作には「サーバー管理」権限が必要です。"
    assert await refused(fake, "en-US") == "You need the Manage Server permission to do that."


async def test_an_unknown_language_falls_back_to_the_servers_then_english(bot, fake, settings):
    # The guild's Discord locale is French: a German-speaking member reads French.
    assert await refused(fake, "de") == (
        "Il vous faut la permission Gérer le serveur pour faire cela."
    )
    # A locale Discord does not even have falls back the same way, without an error.
    assert await refused(fake, "xx-YY") == (
        "Il vous faut la permission Gérer le serveur pour faire cela."
    )


async def test_settings_language_sets_the_server_default(bot, fake):
    call = await fake.slash("settings language", language="pt-BR")
    reply = await call.callback()
    assert reply["data"]["flags"] & EPHEMERAL
    assert "Português (Brasil)" in reply["data"]["content"]
    assert reply["data"]["content"].startswith("Agora o Hallyu responde")
    assert await ServerLanguageRepository(bot.db).get(fake.guild.id) == "pt-BR"
    # Members whose language Hallyu does not speak now read Brazilian Portuguese...
    assert (await refused(fake, "de")).startswith("Você precisa da permissão")
    # ...and a member whose language it speaks still reads their own.
    assert (await refused(fake, "ko")).endswith("권한이 필요해요.")
    back = await fake.slash("settings language", language="auto")
    await back.callback()
    assert await ServerLanguageRepository(bot.db).get(fake.guild.id) is None
    assert (await refused(fake, "de")).startswith("Il vous faut")


async def test_only_manage_server_may_choose(bot, fake):
    call = await fake.slash(
        "settings language",
        language="ko",
        actor=Actor(user_id=MEMBER.id, permissions=DEFAULT_EVERYONE_PERMISSIONS, locale="es-ES"),
    )
    reply = await call.callback()
    assert reply["data"]["flags"] & EPHEMERAL
    assert reply["data"]["content"] == ("Necesitas el permiso Gestionar servidor para hacer eso.")
    assert await ServerLanguageRepository(bot.db).get(fake.guild.id) is None


async def test_the_command_is_hidden_from_members_by_default(bot, fake):
    [group] = [c for c in fake.commands() if c["name"] == "settings"]
    assert int(group["default_member_permissions"]) == 1 << 5
    assert group["name_localizations"]["ko"] == "설정"


async def test_about_in_the_members_language(bot, fake):
    ko = await (await fake.slash("about", actor=Actor(locale="ko"))).callback()
    [embed] = ko["data"]["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert list(fields)[:4] == ["버전", "가동 시간", "카탈로그", "데이터 갱신"]
    assert "TMDB" in fields["데이터 출처와 크레딧"]
    assert "작품 " in fields["카탈로그"]
    en = await (await fake.slash("about", actor=Actor(locale="en-US"))).callback()
    assert [f["name"] for f in en["data"]["embeds"][0]["fields"]][:2] == ["Version", "Uptime"]
