"""`bot.py cluster --processes N`: N bot processes over one store, each holding a contiguous
range of shards, restarted when one dies.

Each child is an ordinary `bot.py run` with SHARD_COUNT, SHARD_IDS and CLUSTER_NAME set;
the children share nothing but the store and the bot token. A child that dies is restarted
after a growing pause (0, 1, 2, 4 … 60 s) that resets once it has stayed up five minutes;
SIGINT or SIGTERM stops every child (with SIGINT, which a bot process handles as a clean
shutdown) and waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from core.shards import HEALTHY_UPTIME, contiguous_ranges, restart_delay

log = logging.getLogger(__name__)

#: A child gets this long to close its connections after SIGTERM before SIGKILL.
STOP_GRACE = 15.0
#: More bot processes than this on one host would only contend for its cores.
MAX_PROCESSES = 64


class ShardSettings(Protocol):
    @property
    def shard_count(self) -> int | None: ...


@dataclass
class Child:
    name: str
    shards: tuple[int, ...]
    shard_count: int
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restarts: int = 0
    exits: list[int] = field(default_factory=list)

    def env(self, base: Mapping[str, str]) -> dict[str, str]:
        env = dict(base)
        env["SHARD_COUNT"] = str(self.shard_count)
        env["SHARD_IDS"] = ",".join(map(str, self.shards))
        env["CLUSTER_NAME"] = self.name
        return env


def plan(processes: int, shard_count: int | None) -> list[Child]:
    """The children: `shard_count` (default: one per process) split into contiguous runs."""
    count = shard_count or processes
    return [
        Child(f"p{index}", shards, count)
        for index, shards in enumerate(contiguous_ranges(count, processes))
    ]


class Launcher:
    def __init__(
        self,
        children: Sequence[Child],
        command: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        healthy_uptime: float = HEALTHY_UPTIME,
    ) -> None:
        self.children = list(children)
        self.command = list(command)
        self.base_env = dict(os.environ if env is None else env)
        self.healthy_uptime = healthy_uptime
        self._stopping = asyncio.Event()

    async def _spawn(self, child: Child) -> None:
        loop = asyncio.get_running_loop()
        child.process = await asyncio.create_subprocess_exec(
            *self.command, env=child.env(self.base_env)
        )
        child.started_at = loop.time()
        log.info(
            "started %s (pid %d) for shards %s of %d",
            child.name,
            child.process.pid,
            ",".join(map(str, child.shards)),
            child.shard_count,
        )

    async def _watch(self, child: Child) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping.is_set():
            await self._spawn(child)
            assert child.process is not None
            code = await child.process.wait()
            child.exits.append(code)
            if self._stopping.is_set():
                return
            uptime = loop.time() - child.started_at
            child.quick_deaths = 0 if uptime >= self.healthy_uptime else child.quick_deaths + 1
            delay = restart_delay(child.quick_deaths)
            log.warning(
                "%s exited with %d after %.0f s; restarting in %.0f s",
                child.name,
                code,
                uptime,
                delay,
            )
            child.restarts += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    def stop(self) -> None:
        if self._stopping.is_set():
            # Once only: a second SIGINT would land in a child's shutdown, when Python has
            # put back the default handler, and kill it mid-close.
            return
        self._stopping.set()
        for child in self.children:
            if child.process is not None and child.process.returncode is None:
                # SIGINT: a bot process closes its connections and leaves the cluster
                # cleanly (asyncio turns it into a cancellation), releasing its claims.
                with contextlib.suppress(ProcessLookupError):
                    child.process.send_signal(signal.SIGINT)

    async def run(self) -> int:
        watchers = [asyncio.create_task(self._watch(child)) for child in self.children]
        stopped = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([stopped, *watchers], return_when=asyncio.FIRST_COMPLETED)
        self.stop()
        await self._reap()
        for task in watchers:
            task.cancel()
        await asyncio.gather(*watchers, stopped, return_exceptions=True)
        return 0

    async def _reap(self) -> None:
        await asyncio.gather(*(self._reap_one(child) for child in self.children))

    async def _reap_one(self, child: Child) -> None:
        proc = child.process
        if proc is None or proc.returncode is not None:
            return
        try:
            await asyncio.wait_for(proc.wait(), STOP_GRACE)
        except TimeoutError:
            log.warning("%s did not stop in %.0f s: killing it", child.name, STOP_GRACE)
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()


async def _main(launcher: Launcher) -> int:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, launcher.stop)
    return await launcher.run()


def run_cluster(settings: ShardSettings, processes: int, command: Sequence[str]) -> int:
    """Run the cluster until SIGINT/SIGTERM; returns the exit status."""
    if not 1 <= processes <= MAX_PROCESSES:
        print(f"error: --processes must be between 1 and {MAX_PROCESSES}", file=sys.stderr)
        return 2
    try:
        children = plan(processes, settings.shard_count)
    except ValueError as exc:
        print(f"error: {exc} (SHARD_COUNT must be at least --processes)", file=sys.stderr)
        return 2
    return asyncio.run(_main(Launcher(children, command)))
