import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import HallyuBot
from console import Console, split_options

ROOT = Path(__file__).resolve().parents[2]


async def run(bot: HallyuBot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


def test_split_options_lets_values_hold_colons() -> None:
    names = ["show", "season"]
    assert split_options("Weak Hero: Class 2 season:2", names) == {
        "\0bare": "Weak Hero: Class 2",
        "season": "2",
    }
    assert split_options("show:Weak Hero: Class 2", names) == {"show": "Weak Hero: Class 2"}


@pytest.mark.parametrize(
    "line",
    [
        "/show weak hero",
        "/show weak class hero",
        "/show 약한영웅",
        "/show weak heor",
        "/show query:weakhero",
    ],
)
async def test_show_finds_weak_hero(offline_bot: HallyuBot, line: str) -> None:
    status, text = await run(offline_bot, line)
    assert status == 0
    assert "Weak Hero (약한영웅)" in text
    assert "Park Ji-hoon as Yeon Si-eun" in text
    assert "Wavve" in text and "Netflix" in text


async def test_no_match_offers_a_clear_message(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/show zzqqxx")
    assert status == 1
    assert "No show matches “zzqqxx”" in text


@pytest.mark.parametrize(
    "query",
    [
        "   ",
        "x" * 5000,
        "🔥💯",
        "**bold** __x__",
        "@everyone",
        "'; DROP TABLE shows; --",
        "ㅋㅋㅋ",
        "ᄋᄋ",
    ],
)
async def test_bad_queries_get_a_clear_reply(offline_bot: HallyuBot, query: str) -> None:
    before = await offline_bot.catalog.stats()
    status, text = await run(offline_bot, f"/show query:{query}")
    assert "Traceback" not in text and "error code" not in text
    assert text.strip()
    assert await offline_bot.catalog.stats() == before
    if query.strip() == "" or len(query) > 200:
        assert status == 1


async def test_cast_and_actor(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/cast weak hero season:2")
    assert status == 0 and "Bae Na-ra as Na Baek-jin" in text and "Choi Hyun-wook" not in text
    status, text = await run(offline_bot, "/cast weak hero season:9")
    assert status == 1 and "no season 9" in text
    status, text = await run(offline_bot, "/actor 박지훈")
    assert status == 0 and "Park Ji-hoon" in text
    status, text = await run(offline_bot, "/actor nobody at all")
    assert status == 1 and "No one in the catalog" in text


async def test_usage_errors(offline_bot: HallyuBot) -> None:
    assert (await run(offline_bot, "/nope"))[0] == 2
    assert (await run(offline_bot, "show weak hero"))[0] == 2
    assert (await run(offline_bot, "/cast"))[0] == 2
    status, text = await run(offline_bot, "/cast weak hero season:two")
    assert status == 2 and "not a valid value" in text
    status, text = await run(offline_bot, "/help")
    assert status == 0 and "/show" in text and "/actor" in text


async def test_about(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/about")
    assert status == 0
    assert "shows" in text and "Uptime" in text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(min_size=1, max_size=300).filter(lambda q: "\n" not in q))
async def test_show_never_crashes(offline_bot: HallyuBot, query: str) -> None:
    status, text = await run(offline_bot, f"/show query:{query}")
    assert status in (0, 1, 2)
    assert "error code" not in text


def cli(
    *args: str,
    tmp_path: Path,
    stdin: int | None = subprocess.DEVNULL,
    database: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["DATABASE_PATH"] = str(database or tmp_path / "cli.sqlite3")
    env["DISCORD_TOKEN"] = ""
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env=env,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_console_one_command(tmp_path: Path) -> None:
    result = cli("console", "-c", "/show weak hero", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Park Ji-hoon as Yeon Si-eun" in result.stdout
    assert cli("console", "-c", "/unknown", tmp_path=tmp_path).returncode == 2


def test_cli_without_token_or_terminal_exits_2(tmp_path: Path) -> None:
    result = cli(tmp_path=tmp_path)
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr and ".env.example" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_help_lists_commands(tmp_path: Path) -> None:
    result = cli("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for word in ("run", "console", "sync", "import-catalog"):
        assert word in result.stdout


def test_cli_import_catalog_rejects_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "shows": [{"slug": "x"}]}')
    result = cli("import-catalog", str(bad), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "title" in result.stderr


def test_cli_without_token_on_a_terminal_starts_the_console(tmp_path: Path) -> None:
    import pty

    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(DATABASE_PATH=str(tmp_path / "tty.sqlite3"), DISCORD_TOKEN="")
    with subprocess.Popen(
        [sys.executable, "bot.py"],
        cwd=ROOT,
        env=env,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        os.write(primary, b"/show weak hero\n/quit\n")
        out, err = process.communicate(timeout=60)
    os.close(primary)
    os.close(secondary)
    assert process.returncode == 0, err
    assert "DISCORD_TOKEN is not set: starting the offline console" in out
    assert "Park Ji-hoon as Yeon Si-eun" in out


@pytest.mark.parametrize("command", [("console", "-c", "/about"), ("import-netflix", "x.tsv")])
def test_cli_with_an_unusable_database_path_says_so_in_one_line(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    # A path under a regular file can never be created, nor a folder opened as a file:
    # a traceback of 40 lines said so.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    for database in (blocker / "hallyu.sqlite3", tmp_path):
        result = cli(*command, tmp_path=tmp_path, database=database)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "DATABASE_PATH" in lines[0], result.stderr


def test_console_answers_are_not_buried_in_info_logs(tmp_path: Path) -> None:
    # A miss tries the live search: offline (nothing listens there) it logs at INFO.
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "LOG_LEVEL")}
    env.update(
        DATABASE_PATH=str(tmp_path / "quiet.sqlite3"),
        DISCORD_TOKEN="",
        TVMAZE_API_URL="http://127.0.0.1:9",
        PROVIDER_RETRIES="0",
    )

    def run(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "bot.py", "console", "-c", "/show zzqq nothing like it"],
            cwd=ROOT,
            env={**env, **extra},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    quiet = run({})
    assert quiet.returncode == 1, quiet.stderr  # a miss is an error reply
    assert "could not be reached" in quiet.stdout
    assert " INFO " not in quiet.stderr and "schema" not in quiet.stderr
    loud = run({"LOG_LEVEL": "INFO"})
    assert "schema" in loud.stderr and "live show search" in loud.stderr
