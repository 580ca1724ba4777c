"""Operating the bot: registering commands, unexpected errors, and keeping the token secret."""

import logging
import re

import pytest

from app import HallyuBot
from bot import sync_commands
from config import Secret, Settings
from db.pages import PageRepository
from tests.fakediscord import FakeDiscord, patch_discord_urls, run_bot

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-value"


async def test_sync_registers_commands_globally_and_per_guild(settings: Settings, capsys) -> None:
    async with FakeDiscord() as fake:
        with patch_discord_urls(fake):
            assert await sync_commands(settings, None) == 0
            assert await sync_commands(settings, fake.guild.id) == 0
        names = {c["name"] for c in fake.commands()}
        assert {"show", "cast", "actor", "about"} <= names
        assert {"show", "cast"} <= {c["name"] for c in fake.commands(fake.guild.id)}
        fake.assert_clean()
    assert "Registered" in capsys.readouterr().out


async def test_unexpected_error_shows_a_code_that_is_logged(
    live, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fake, _ = live

    async def broken(self: PageRepository, show_id: int) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(PageRepository, "show", broken)
    with caplog.at_level(logging.ERROR, logger="cogs.errors"):
        reply = await (await fake.slash("show", query="weak hero")).callback()
    data = reply["data"]
    assert data["flags"] & 64
    code = re.search(r"error code `([0-9A-F]{6})`", data["content"])
    assert code is not None
    assert "disk on fire" not in data["content"]
    logged = [r for r in caplog.records if code.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_token_never_appears_in_logs_or_reprs(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    secret_settings = Settings(
        discord_token=Secret(TOKEN),
        database_path=settings.database_path,
        scheduler_enabled=False,
    )
    assert TOKEN not in repr(secret_settings)
    assert TOKEN not in str(secret_settings.discord_token)
    with caplog.at_level(logging.DEBUG):
        async with (
            FakeDiscord() as fake,
            run_bot(fake, HallyuBot(secret_settings), token=TOKEN) as bot,
        ):
            await bot.tree.sync()
            await (await fake.slash("show", query="weak hero")).callback()
    assert caplog.records
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
