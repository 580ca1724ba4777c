"""`sync --guild` without an id uses DEV_GUILD_ID, as .env.example and README say."""

from __future__ import annotations

import pytest

import bot
from config import Settings


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> list[int | None]:
    calls: list[int | None] = []

    async def record(settings: Settings, guild_id: int | None) -> int:
        calls.append(guild_id)
        return 0

    monkeypatch.setattr(bot, "sync_commands", record)
    monkeypatch.setattr(bot, "load_dotenv", lambda: None)
    monkeypatch.setattr(bot, "configure_logging", lambda level: None)
    monkeypatch.setenv("DISCORD_TOKEN", "token")
    monkeypatch.delenv("DEV_GUILD_ID", raising=False)
    return calls


def test_guild_without_an_id_is_the_dev_guild(
    synced: list[int | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEV_GUILD_ID", "123456789")
    assert bot.main(["sync", "--guild"]) == 0
    assert bot.main(["sync", "--guild", "42"]) == 0
    assert bot.main(["sync"]) == 0
    assert synced == [123456789, 42, None]


def test_guild_without_an_id_or_dev_guild_is_a_usage_error(
    synced: list[int | None], capsys: pytest.CaptureFixture[str]
) -> None:
    assert bot.main(["sync", "--guild"]) == bot.EXIT_USAGE
    assert synced == []
    assert "DEV_GUILD_ID" in capsys.readouterr().err
