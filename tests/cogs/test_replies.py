"""in_time: a command that is cancelled (the console's Ctrl-C, a bot closing) takes its
work with it, so nothing finishes later into a "Task exception was never retrieved"."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cogs.replies import in_time
from core.errors import NotFoundError


class _Response:
    def is_done(self) -> bool:
        return False

    async def defer(self, **_: Any) -> None:
        return None


class _Interaction:
    response = _Response()


async def test_a_cancelled_command_cancels_its_slow_lookup() -> None:
    started = asyncio.Event()
    finished: list[str] = []

    async def slow_miss() -> int:
        started.set()
        try:
            await asyncio.sleep(0.2)
        except asyncio.CancelledError:
            finished.append("cancelled")
            raise
        finished.append("ran on")
        raise NotFoundError("No show matches that.")

    command = asyncio.ensure_future(in_time(_Interaction(), slow_miss(), after=5))  # type: ignore[arg-type]
    await started.wait()
    command.cancel()
    with pytest.raises(asyncio.CancelledError):
        await command
    await asyncio.sleep(0.3)
    assert finished == ["cancelled"]


async def test_a_lookup_in_time_answers_without_deferring() -> None:
    async def quick() -> int:
        return 7

    assert await in_time(_Interaction(), quick(), after=1) == 7  # type: ignore[arg-type]
