"""The interactive console on a terminal: line editing and history, and Ctrl-C that works.

The prompt is read on the main thread with `input()` (GNU readline when Python has it:
arrow keys, Up for earlier lines), between runs of the event loop rather than in a worker
thread. So Ctrl-C at the prompt discards the line at once, and Ctrl-C while a command runs
cancels that command (asyncio.Runner turns SIGINT into cancelling the running task) and
returns to the prompt; the bot and its database stay open throughout.

While a command runs, the terminal is read without a thread (the event loop watches
standard input), so a cancelled read leaves nothing behind to swallow the next line.

SIGINT must reach the main thread: one taken by a worker thread would leave `input()`
waiting (the terminal has already dropped the typed line). So the bot's own threads
(the database's, the default executor's) start with SIGINT blocked.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from typing import Any, Protocol, TextIO

from cogs.host import Host
from console import Console
from core.locales import SOURCE

log = logging.getLogger(__name__)
PROMPT = "hallyu> "
QUIT = ("/quit", "/exit", "quit", "exit")
HISTORY_LENGTH = 500


def enable_line_editing() -> bool:
    """Load readline so input() edits lines and keeps history; False where it is absent."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline
        return False
    readline.set_history_length(HISTORY_LENGTH)
    return True


class OwnedBot(Host, Protocol):
    """The bot as the terminal session owns it: opened, prepared, closed."""

    async def __aenter__(self) -> Any: ...

    async def prepare(self) -> None: ...

    async def close(self) -> None: ...


class TerminalReader:
    """Reads one line from a terminal while the event loop runs; cancellable."""

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self._pending = b""

    async def __call__(self) -> str | None:
        loop = asyncio.get_running_loop()
        while b"\n" not in self._pending:
            ready: asyncio.Future[None] = loop.create_future()
            loop.add_reader(self.fd, _settle, ready)
            try:
                await ready
            finally:
                loop.remove_reader(self.fd)
            chunk = os.read(self.fd, 4096)
            if not chunk:
                line, self._pending = self._pending, b""
                return line.decode(errors="replace") or None
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode(errors="replace").rstrip("\r")


class Terminal:
    """Owns the loop for an interactive session: open the bot, read, run, close."""

    def __init__(
        self,
        make_bot: Callable[[], OwnedBot],
        out: TextIO = sys.stdout,
        read_prompt: Callable[[str], str] = input,
        locale: str = SOURCE,
    ) -> None:
        self.make_bot = make_bot
        self.out = out
        self.read_prompt = read_prompt
        self.locale = locale

    def run(self) -> int:
        enable_line_editing()
        with asyncio.Runner() as runner:
            runner.get_loop().set_default_executor(
                ThreadPoolExecutor(thread_name_prefix="console", initializer=_block_sigint)
            )
            bot = self.make_bot()
            try:
                with _sigint_blocked():  # threads started while opening inherit the mask
                    runner.run(_open(bot))
                console = Console(bot, self.out, TerminalReader(), locale=self.locale)
                self.loop(runner, console)
            finally:
                with suppress(KeyboardInterrupt):
                    runner.run(bot.close())
        return 0

    def loop(self, runner: asyncio.Runner, console: Console) -> None:
        while True:
            try:
                line = self.read_prompt(PROMPT)
            except KeyboardInterrupt:
                # readline has dropped what was typed; start a fresh line.
                print("^C", file=self.out, flush=True)
                continue
            except EOFError:
                print("", file=self.out)
                return
            if line.strip() in QUIT:
                return
            if not line.strip():
                continue
            try:
                runner.run(_run(console, line))
            except KeyboardInterrupt:
                print("\n" + console.lang.gettext("(interrupted)"), file=self.out, flush=True)
            console.printer.count = 0


def _block_sigint() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _settle(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


async def _open(bot: OwnedBot) -> None:
    await bot.__aenter__()
    await bot.prepare()


async def _run(console: Console, line: str) -> int:
    # The data watcher sleeps with the loop while the prompt waits: look for other
    # processes' commits (an import in another terminal) before answering.
    try:
        await console.bot.live.check()
    except Exception:  # a busy store: the command still answers from what is loaded
        log.warning("checking the store for changes failed", exc_info=True)
    return await console.execute(line)
