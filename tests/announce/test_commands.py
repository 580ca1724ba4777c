"""`/announce` end to end: injected interactions against the real bot on the fake Discord."""

from typing import Any

import pytest

from app import HallyuBot
from db.announce import AnnouncementRepository
from tests.fakediscord import (
    DEFAULT_EVERYONE_PERMISSIONS,
    Actor,
    FakeDiscord,
    FakeMember,
    FakeRole,
    FakeUser,
    InjectedInteraction,
    make_guild,
    missing_access,
    new_id,
    run_bot,
)
from tests.fakediscord.models import EMBED_LINKS

from .conftest import W, WeeksFeed, attach

EPHEMERAL = 64
MEMBER = FakeUser(id=new_id(), username="member")
FANS = FakeRole(id=new_id(), name="drama fans", mentionable=True)
QUIET = FakeRole(id=new_id(), name="quiet", mentionable=False)


@pytest.fixture
async def fake():
    guild = make_guild(
        channel_names=["general", "announcements"],
        extra_members=[FakeMember(user=MEMBER)],
        extra_roles=[FANS, QUIET],
    )
    async with FakeDiscord([guild]) as running:
        yield running


@pytest.fixture
async def bot(fake, settings, feed: WeeksFeed):
    instance = attach(HallyuBot(settings), feed)
    async with run_bot(fake, instance, settings.discord_token.reveal()) as running:
        await running.tree.sync()
        yield running


def channel(fake: FakeDiscord, name: str) -> int:
    return next(c.id for c in fake.guild.text_channels() if c.name == name)


async def answer(interaction: InjectedInteraction) -> dict[str, Any]:
    """The bot's reply: the immediate message, or the follow-up after a deferral."""
    body = await interaction.callback()
    if body["type"] == 5:
        await interaction.wait_followups()
        # Discord turns the first follow-up after a deferral into the original response.
        original = interaction.original()
        assert original is not None
        return original
    data: dict[str, Any] = body["data"]
    return data


async def test_setup_by_an_admin(bot, fake):
    target = channel(fake, "announcements")
    call = await fake.slash(
        "announce setup", channel=target, country="kr", time="9pm", timezone="asia/seoul"
    )
    data = await answer(call)
    assert data["flags"] & EPHEMERAL
    assert "Set up announcement #1" in data["content"]
    assert "every Tuesday at 21:00 (Asia/Seoul)." in data["content"]
    assert "<t:" in data["content"]
    assert data["allowed_mentions"] == {"parse": []}
    [sub] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert (sub.channel_id, sub.country_iso2, sub.schedule.minute) == (target, "KR", 21 * 60)
    assert sub.schedule.timezone == "Asia/Seoul"
    # the next setup in this server defaults to the zone it chose
    await answer(await fake.slash("announce setup", channel=target, day=4))
    second = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert [s.schedule.timezone for s in second] == ["Asia/Seoul", "Asia/Seoul"]
    assert fake.violations == []


async def test_a_member_without_manage_server_is_refused(bot, fake):
    call = await fake.slash(
        "announce setup",
        channel=channel(fake, "general"),
        actor=Actor(user_id=MEMBER.id, permissions=DEFAULT_EVERYONE_PERMISSIONS),
    )
    data = await answer(call)
    assert data["flags"] & EPHEMERAL
    assert "Manage Server" in data["content"]
    assert await AnnouncementRepository(bot.db).in_guild(fake.guild.id) == []
    status = await fake.slash(
        "announce status", actor=Actor(user_id=MEMBER.id, permissions=DEFAULT_EVERYONE_PERMISSIONS)
    )
    assert "Manage Server" in (await answer(status))["content"]


async def test_commands_are_hidden_from_members_by_default(bot, fake):
    [group] = [c for c in fake.commands() if c["name"] == "announce"]
    assert int(group["default_member_permissions"]) == 1 << 5  # Manage Server
    assert group.get("contexts") in (None, [0]) or group.get("dm_permission") is False


async def test_setup_names_the_missing_permission(settings, feed):
    guild = make_guild(everyone_permissions=DEFAULT_EVERYONE_PERMISSIONS & ~EMBED_LINKS)
    async with FakeDiscord([guild]) as fake:
        bot = attach(HallyuBot(settings), feed)
        async with run_bot(fake, bot, settings.discord_token.reveal()):
            await bot.tree.sync()
            call = await fake.slash("announce setup", channel=guild.text_channels()[0].id)
            data = await answer(call)
            assert "I'm missing Embed Links there." in data["content"]
            assert data["flags"] & EPHEMERAL
            assert await AnnouncementRepository(bot.db).in_guild(guild.id) == []


async def test_role_ping_is_explicit_and_checked(bot, fake):
    target = channel(fake, "general")
    data = await answer(await fake.slash("announce setup", channel=target, role=fake.guild.id))
    assert "never ping @everyone" in data["content"]
    data = await answer(await fake.slash("announce setup", channel=target, role=FANS.id))
    assert f"Pings <@&{FANS.id}> with each post." in data["content"]
    [sub] = await AnnouncementRepository(bot.db).in_guild(fake.guild.id)
    assert sub.role_id == FANS.id


async def test_bad_input_gets_a_clear_message_and_changes_nothing(bot, fake):
    target = channel(fake, "general")
    for options in (
        {"time": "25:00"},
        {"timezone": "Mars/Base"},
        {"country": "'; DROP TABLE announce_subscriptions; --"},
        {"time": "x" * 100},
        {"country": "@everyone"},
    ):
        data = await answer(await fake.slash("announce setup", channel=target, **options))
        assert data["flags"] & EPHEMERAL
        assert "Something went wrong" not in data["content"]
        assert data["allowed_mentions"] == {"parse": []}
    assert await AnnouncementRepository(bot.db).in_guild(fake.guild.id) == []
    assert fake.violations == []


async def test_status_preview_test_pause_resume_off(bot, fake, feed):
    feed.add(W)
    feed.add(W, country="KR")
    target = channel(fake, "announcements")
    await answer(await fake.slash("announce setup", channel=target))
    await answer(await fake.slash("announce setup", channel=target, country="KR"))
    # with two subscriptions the commands ask which one
    data = await answer(await fake.slash("announce preview"))
    assert "choose one with the `subscription` option" in data["content"]
    data = await answer(await fake.slash("announce preview", subscription="1"))
    assert data["flags"] & EPHEMERAL
    assert data["content"].startswith("Top of the week ending 2025-04-27")
    # The post is found again by its title link, never by text members read.
    assert data["embeds"][0]["url"].endswith("#hallyu-1-2025-04-27")
    assert "ref " not in data["embeds"][0]["footer"]["text"]
    # the test post goes to the channel, marked, and is not the week's post
    data = await answer(await fake.slash("announce test", subscription="#1"))
    assert "Posted a test" in data["content"]
    [posted] = fake.messages(target)[-1:]
    assert posted["content"].startswith("🧪 **Test announcement**")
    assert "ref " not in posted["embeds"][0]["footer"]["text"]
    assert "#hallyu-" not in posted["embeds"][0]["url"]
    assert await AnnouncementRepository(bot.db).last_sent(1) is None
    # a channel that fails with 403 pauses its subscription; status tells the admins
    fake.fail_channel(target, missing_access())
    data = await answer(await fake.slash("announce post", subscription="1"))
    assert "paused" in data["content"] and "Missing Access" in data["content"]
    status = await answer(await fake.slash("announce status"))
    text = "\n".join(f["value"] for f in status["embeds"][0]["fields"])
    assert "**Paused**" in text and "Missing Access" in text
    assert "`/announce resume` starts it again." in text
    data = await answer(await fake.slash("announce resume", subscription="1"))
    assert "Resumed announcement #1" in data["content"]
    data = await answer(await fake.slash("announce pause", subscription="1"))
    assert "Paused announcement #1" in data["content"]
    data = await answer(await fake.slash("announce off", subscription="1"))
    assert "Removed announcement #1" in data["content"]
    repo = AnnouncementRepository(bot.db)
    assert [s.id for s in await repo.in_guild(fake.guild.id)] == [2]
    data = await answer(await fake.slash("announce post"))
    assert "Posted the week of 21–27 Apr 2025" in data["content"]
    data = await answer(await fake.slash("announce post"))
    assert "already posted" in data["content"]
    assert fake.violations == []


async def test_subscription_autocomplete(bot, fake):
    await answer(await fake.slash("announce setup", channel=channel(fake, "general")))
    call = await fake.autocomplete("announce off", "subscription", "gen")
    body = await call.callback()
    choices = body["data"]["choices"]
    assert choices == [{"name": "#1 · #general · Global · TV (Non-English)", "value": "1"}]
