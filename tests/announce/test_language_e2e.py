"""End to end through the fake Discord with the real chart store: a subscription set up with
`language:ko` posts in Korean; one left on the server's language follows the server's
Discord locale, then `/settings language`; each post is still found again by its link."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app import HallyuBot
from config import Settings
from db.announce import AnnouncementRepository
from tests.charts.conftest import import_fixtures
from tests.fakediscord import FakeDiscord, make_guild
from tests.live_bot import live_bot

from .test_commands import answer


@pytest.fixture
async def french_server(settings: Settings) -> AsyncIterator[tuple[FakeDiscord, HallyuBot]]:
    guild = make_guild(channel_names=["kdrama-ko", "general"], preferred_locale="fr")
    async with live_bot(settings, import_fixtures, [guild]) as live:
        yield live


def channel(fake: FakeDiscord, name: str) -> int:
    return next(c.id for c in fake.guild.text_channels() if c.name == name)


def posts(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in fake.messages(channel_id) if "interaction_metadata" not in m]


async def test_each_subscription_posts_in_its_language(french_server) -> None:
    fake, bot = french_server
    korean, general = channel(fake, "kdrama-ko"), channel(fake, "general")
    repo = AnnouncementRepository(bot.db)

    made = await answer(await fake.slash("announce setup", channel=korean, language="ko"))
    assert "\nPosts in 한국어.\n" in made["content"]
    made = await answer(await fake.slash("announce setup", channel=general))
    assert "\nPosts in the server's language, now Français.\n" in made["content"]
    assert [s.language for s in await repo.in_guild(fake.guild.id)] == ["ko", None]

    # The server's Discord locale (French) until the admins choose a language.
    preview = await answer(await fake.slash("announce preview", subscription="2"))
    assert preview["embeds"][0]["title"] == "Top 10 Netflix · Monde · Séries (non anglophones)"

    await answer(await fake.slash("settings language", language="pt-BR"))
    for number in ("1", "2"):
        data = await answer(await fake.slash("announce post", subscription=number))
        assert data["content"].startswith("Posted the week of "), data["content"]

    [ko_post] = posts(fake, korean)
    embed = ko_post["embeds"][0]
    # The newest week: three Korean titles, the catalog's Korean title for Weak Hero.
    assert ko_post["content"] == "TOP 10에 한국 작품 3편, 최고 순위는 **약한영웅 Class 2** 2위예요."
    assert embed["title"] == "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어)"
    assert embed["footer"]["text"].startswith("출처: 넷플릭스 TOP 10")
    assert " 주간" in embed["description"].split("\n")[0]

    [pt_post] = posts(fake, general)
    assert pt_post["content"] == (
        "3 produções coreanas no Top 10; a mais bem colocada é **Weak Hero** (Class 2) em nº 2."
    )
    assert pt_post["embeds"][0]["title"] == (
        "Top 10 da Netflix · Global · Séries (língua não inglesa)"
    )

    # Whatever the language, a post is found again by the reference in its title link.
    poster = bot.announcements.engine.poster
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for sub_id, channel_id, message in ((1, korean, ko_post), (2, general, pt_post)):
        url = message["embeds"][0]["url"]
        reference = url[url.index("#") :]
        assert reference.startswith(f"#hallyu-{sub_id}-")
        assert await poster.find(channel_id, reference, since) == int(message["id"])

    status = await answer(await fake.slash("announce status"))
    [first, second] = [f["value"] for f in status["embeds"][0]["fields"]]
    assert "Posts in 한국어." in first
    assert "Posts in the server's language, now Português (Brasil)." in second


async def test_edit_changes_the_language_and_back_to_the_servers(french_server) -> None:
    fake, bot = french_server
    repo = AnnouncementRepository(bot.db)
    await answer(await fake.slash("announce setup", channel=channel(fake, "general")))
    edited = await answer(await fake.slash("announce edit", language="ja"))
    assert edited["content"].startswith(
        "Changed announcement #1 (Global · TV (Non-English)): language."
    )
    assert "\nPosts in 日本語.\n" in edited["content"]
    [sub] = await repo.in_guild(fake.guild.id)
    assert sub.language == "ja"
    preview = await answer(await fake.slash("announce preview"))
    assert preview["embeds"][0]["title"].startswith("Netflix TOP10")
    back = await answer(await fake.slash("announce edit", language="auto"))
    assert "\nPosts in the server's language, now Français.\n" in back["content"]
    [sub] = await repo.in_guild(fake.guild.id)
    assert sub.language is None
