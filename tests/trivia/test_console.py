"""Every trivia command in the offline console, where the operator is a server admin."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import HallyuBot
from console import CONSOLE_GUILD_ID, Console
from db.trivia import TriviaRepository
from db.trivia_seed import TRIVIA_SEED_PATH, parse_seed

ROOT = Path(__file__).resolve().parents[2]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


async def run(bot: HallyuBot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


async def test_curating_in_the_console(
    offline_bot: HallyuBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, text = await run(
        offline_bot,
        "/trivia add question:Who plays Yeon Si-eun? answer:Park Ji-hoon aliases:박지훈; PJH "
        "show:weak hero difficulty:easy",
    )
    assert status == 0, text
    assert "Added trivia entry #1" in text and "Weak Hero" in text and "박지훈, PJH" in text
    status, text = await run(offline_bot, "/trivia edit 1 difficulty:hard")
    assert status == 0 and "hard" in text
    status, text = await run(offline_bot, "/trivia edit 1")
    assert "give them as options" in text  # the form is Discord's; the console uses options
    status, text = await run(offline_bot, "/trivia list")
    assert (
        "#1 Who plays Yeon Si-eun?" in text
        and f"{len(parse_seed(TRIVIA_SEED_PATH.read_bytes()))} bundled questions (on)" in text
    )
    status, text = await run(offline_bot, "/trivia export format:csv")
    exported = Path(text.split("[file written to ")[1].split("]")[0])
    assert read(exported).startswith("question,answer,aliases")
    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    status, text = await run(offline_bot, "/trivia remove 1")
    assert "Remove trivia entry #1? Type yes to confirm:" in text
    assert "Trivia entry #1 was kept; nothing was removed." in text
    assert await TriviaRepository(offline_bot.db).count(CONSOLE_GUILD_ID) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    status, text = await run(offline_bot, "/trivia remove 1")
    assert "Removed trivia entry #1" in text
    status, text = await run(offline_bot, f"/trivia import file:{exported}")
    assert status == 0 and "Imported 1 entry." in text
    bad = tmp_path / "bad.json"
    bad.write_text('[{"question": "Q?"}]', encoding="utf-8")
    status, text = await run(offline_bot, f"/trivia import file:{bad}")
    assert status == 1 and "Line 1: The field “answer” is missing" in text
    status, text = await run(offline_bot, "/trivia role set role:123")
    assert status == 0 and "<@&123>" in text
    status, text = await run(offline_bot, "/trivia bundled enabled:false")
    assert "no longer use" in text
    assert await TriviaRepository(offline_bot.db).count(CONSOLE_GUILD_ID) == 1


async def test_playing_reads_answers_from_stdin(
    offline_bot: HallyuBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run(offline_bot, "/trivia add question:Who plays Yeon Si-eun? answer:Park Ji-hoon")
    await run(offline_bot, "/trivia bundled enabled:false")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Choi Hyun-wook\npark jihon\n"))
    status, text = await run(offline_bot, "/trivia play rounds:1 seconds:60")
    assert status == 0, text
    assert "Question 1 of 1" in text and "Who plays Yeon Si-eun?" in text
    assert text.index("Not quite. Try again while the question is open.") < text.index("Correct!")
    assert "got it" in text and "Game over!" in text
    status, text = await run(offline_bot, "/trivia leaderboard")
    assert "1. <@3>: 2 points (1 right)" in text
    status, text = await run(offline_bot, "/trivia stats")
    assert "Points:\n  2" in text


async def test_an_empty_answer_passes_rather_than_timing_out(
    offline_bot: HallyuBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run(offline_bot, "/trivia add question:Who plays Yeon Si-eun? answer:Park Ji-hoon")
    await run(offline_bot, "/trivia bundled enabled:false")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    status, text = await run(offline_bot, "/trivia play rounds:1 seconds:60")
    assert status == 0, text
    assert "Passed. The answer was Park Ji-hoon." in text.replace("*", "")
    assert "Time's up" not in text


def test_cli_console_play_stops_on_request(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["DATABASE_PATH"] = str(tmp_path / "cli.sqlite3")
    done = subprocess.run(
        [sys.executable, "bot.py", "console", "-c", "/trivia play rounds:3 seconds:60"],
        cwd=ROOT,
        env=env,
        input="not the answer\n/stop\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 3" in done.stdout
    assert "Not quite. Try again while the question is open." in done.stdout
    assert "Game stopped." in done.stdout and "Stopped by <@3>" in done.stdout
    assert "Question 2 of 3" not in done.stdout


async def test_import_counts_read_in_the_singular_and_plural(
    offline_bot: HallyuBot, tmp_path: Path
) -> None:
    one = tmp_path / "one.json"
    one.write_text('[{"question": "Q one?", "answer": "A"}]', encoding="utf-8")
    status, text = await run(offline_bot, f"/trivia import file:{one}")
    assert status == 0 and "Imported 1 entry." in text
    status, text = await run(offline_bot, f"/trivia import file:{one}")
    assert "Imported 0 entries.\n1 was already here and was skipped." in text
    two = tmp_path / "two.json"
    two.write_text(
        '[{"question": "Q one?", "answer": "A"}, {"question": "Q two?", "answer": "B"},'
        ' {"question": "Q three?", "answer": "C", "aliases": ["c1"]}]',
        encoding="utf-8",
    )
    status, text = await run(offline_bot, f"/trivia import file:{two}")
    assert "Imported 2 entries.\n1 was already here and was skipped." in text
    status, text = await run(offline_bot, "/trivia list")
    assert "(+1 alias)" in text and "3 entries of this server" in text


def test_cli_console_play_with_stdin_closed_ends_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["DATABASE_PATH"] = str(tmp_path / "cli.sqlite3")
    done = subprocess.run(
        [sys.executable, "bot.py", "console", "-c", "/trivia play"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Game stopped." in out
    after = out[out.index("Game stopped.") :]
    assert "Your answer:" not in after and "Press Enter" not in out
    assert out.count("Your answer:") == 1  # asked once, for the first question


async def test_a_console_game_speaks_the_consoles_language(
    offline_bot: HallyuBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run(offline_bot, "/trivia add question:Who plays Yeon Si-eun? answer:Park Ji-hoon")
    await run(offline_bot, "/trivia bundled enabled:false")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Choi Hyun-wook\npark jihon\n"))
    out = io.StringIO()
    assert await Console(offline_bot, out, locale="ko").execute("/trivia play rounds:1") == 0
    text = out.getvalue()
    assert "문제 1/1" in text and "Who plays Yeon Si-eun?" in text
    assert "아래에 답을 입력하세요." in text and "내 답:" in text
    assert text.index("아쉽지만 틀렸어요.") < text.index("정답이에요! +2점.")
    assert "게임 끝!" in text
    # Removing asks for the console language's own "yes".
    monkeypatch.setattr(sys, "stdin", io.StringIO("예\n"))
    out = io.StringIO()
    assert await Console(offline_bot, out, locale="ko").execute("/trivia remove id:1") == 0
    assert "퀴즈 #1 항목을 삭제할까요? 삭제하려면 예 입력:" in out.getvalue()
    assert "퀴즈 #1 삭제 완료" in out.getvalue()
    assert await TriviaRepository(offline_bot.db).count(CONSOLE_GUILD_ID) == 0
