"""Starting with a token but no way to Discord: one clear line and a non-zero exit."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

import bot
from bot import DiscordUnreachableError, run_bot, sync_commands
from config import Settings
from tests.fakediscord import FakeDiscord, patch_discord_urls


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def unreachable_discord(monkeypatch: pytest.MonkeyPatch) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setattr(Route, "BASE", f"{base}/api/v10")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://{base[7:]}/"))


def test_no_network_prints_one_line_and_exits_non_zero(
    unreachable_discord: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "hallyu.sqlite3"))
    monkeypatch.setenv("SCHEDULER_ENABLED", "false")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    status = bot.main(["run"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: cannot reach Discord (")
    assert "check the network connection" in lines[0]


async def test_no_network_for_sync_too(unreachable_discord: None, settings: Settings) -> None:
    with pytest.raises(DiscordUnreachableError, match="cannot reach Discord"):
        await sync_commands(settings, None)


async def test_an_invalid_token_is_one_line(settings: Settings) -> None:
    async with FakeDiscord(token="the-real-token") as fake:
        with patch_discord_urls(fake), pytest.raises(DiscordUnreachableError) as caught:
            await run_bot(settings)  # settings carry another token
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("Discord rejected DISCORD_TOKEN (401 Unauthorized)")
    assert "Developer Portal" in message
