"""The interactive console on a real pseudo-terminal: history, Ctrl-C, options, links."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import HallyuBot
from console import Console, ConsoleUsageError, split_options
from tests.charts.conftest import global_file

ROOT = Path(__file__).resolve().parents[2]
UP = "\x1b[A"
CTRL_C = "\x03"
PROMPT = "hallyu> "


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty, so Ctrl-C typed
    there becomes SIGINT as on a real terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    # A test runner may ignore SIGINT, and children inherit that; a terminal user's doesn't.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Session:
    """The console in a child process whose terminal is a pty we type into."""

    def __init__(self, tmp_path: Path) -> None:
        master, slave = pty.openpty()
        env = {
            **os.environ,
            "DATABASE_PATH": str(tmp_path / "hallyu.sqlite3"),
            "DISCORD_TOKEN": "",
            "LOG_LEVEL": "WARNING",
            "TERM": "xterm",
        }
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bot.py"), "console"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=tmp_path,
            env=env,
            preexec_fn=_own_terminal,
        )
        os.close(slave)
        self.master = master
        self.seen = ""
        self.log = ""

    def type(self, text: str, settle: float = 0.3) -> None:
        # A person never types within microseconds of the prompt; a SIGINT in that window
        # (before readline's select() starts) waits for the next key in CPython too.
        time.sleep(settle)
        os.write(self.master, text.encode())

    def expect(self, pattern: str, timeout: float = 30.0) -> str:
        """Read until `pattern` (a regex) appears after what was already matched."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.seen)
            if match:
                before, self.seen = self.seen[: match.end()], self.seen[match.end() :]
                self.log += before
                return before
            left = deadline - time.monotonic()
            if left <= 0:
                shown = f"after {self.log[-500:]!r}: {self.seen!r}"
                raise AssertionError(f"{pattern!r} not seen {shown}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{pattern!r} not seen before exit; got {self.seen!r}")
                self.seen += chunk.decode(errors="replace")

    def close(self) -> int:
        try:
            return self.process.wait(timeout=30)
        finally:
            os.close(self.master)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    running = Session(tmp_path)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_up_arrow_recalls_the_previous_line(session: Session) -> None:
    session.expect(re.escape(PROMPT), timeout=60)
    session.type("/about\r")
    session.expect("Uptime|uptime")
    session.expect(re.escape(PROMPT))
    session.type(UP + "\r")
    shown = session.expect(re.escape(PROMPT))
    assert "^[[A" not in shown
    assert re.search("Uptime|uptime", shown), shown
    session.type("/quit\r")
    assert session.close() == 0


def test_ctrl_c_drops_the_line_and_interrupts_a_command(session: Session) -> None:
    session.expect(re.escape(PROMPT), timeout=60)
    session.type("/show weak hero" + CTRL_C)
    session.expect(r"\^C")
    session.expect(re.escape(PROMPT), timeout=5)
    # A trivia round waits for an answer: Ctrl-C stops it and gives the prompt back.
    session.type("/trivia play\r")
    session.expect(r"\?")
    session.type(CTRL_C)
    session.expect(r"\(interrupted\)", timeout=5)
    session.expect(re.escape(PROMPT), timeout=5)
    # The interrupted read left nothing behind: the next line is a command again.
    session.type("/about\r")
    session.expect("Uptime|uptime")
    session.type("/quit\r")
    assert session.close() == 0


def test_an_unknown_option_is_refused() -> None:
    with pytest.raises(ConsoleUsageError, match="has no option “extra” \\(its options: query\\)"):
        split_options("weak hero extra:1", ["query"], "show")
    # Colons inside text and URLs are still text.
    assert split_options("Re:Zero https://x.y/z Weak Hero: Class 2", ["query"]) == {
        "\0bare": "Re:Zero https://x.y/z Weak Hero: Class 2"
    }


async def test_unknown_option_exits_2_without_searching(offline_bot: HallyuBot) -> None:
    out = io.StringIO()
    status = await Console(offline_bot, out).execute("/show weak hero extra:1")
    assert status == 2
    assert out.getvalue().startswith("error: /show has no option “extra”")
    assert "Weak Hero (약한영웅)" not in out.getvalue()


def test_unknown_option_exit_status_from_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "console", "-c", "/show weak hero extra:1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "DATABASE_PATH": str(tmp_path / "h.sqlite3"), "DISCORD_TOKEN": ""},
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "has no option “extra”" in done.stdout


async def test_a_link_ending_in_a_parenthesis_is_whole(offline_bot: HallyuBot) -> None:
    out = io.StringIO()
    assert await Console(offline_bot, out).execute("/show sweet home") == 0
    assert "<https://en.wikipedia.org/wiki/Sweet_Home_(TV_series)>" in out.getvalue()


def test_an_import_from_another_terminal_is_seen_at_the_next_command(
    session: Session, tmp_path: Path
) -> None:
    session.expect(re.escape(PROMPT), timeout=60)
    session.type("/chart top\r")
    session.expect("No Netflix Top 10 lists are stored yet")
    session.expect(re.escape(PROMPT))
    # Meanwhile, in another terminal: the prompt has been waiting, the watcher asleep.
    data = tmp_path / "all-weeks-global.tsv"
    data.write_bytes(global_file())
    subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "import-netflix", str(data)],
        env={**os.environ, "DATABASE_PATH": str(tmp_path / "hallyu.sqlite3")},
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=True,
    )
    session.type("/chart top\r")
    session.expect("Weak Hero", timeout=30)
    session.type("/quit\r")
    assert session.close() == 0


@given(st.text(max_size=200).filter(lambda t: "\n" not in t))
def test_any_typed_options_split_or_are_refused_clearly(text: str) -> None:
    try:
        values = split_options(text, ["query", "season"], "show")
    except ConsoleUsageError as exc:
        assert "option" in str(exc)
        return
    assert set(values) <= {"\0bare", "query", "season"}
