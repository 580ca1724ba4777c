"""The bounded, generation-checked memo behind every memoised card."""

from __future__ import annotations

import asyncio

import pytest

from core.generation import Generation
from services.memo import Memo


async def test_a_hit_does_not_load_again_and_a_bump_forgets_everything() -> None:
    generation = Generation()
    memo: Memo[int, str] = Memo(generation, 4)
    loads: list[int] = []

    async def load(key: int) -> str:
        loads.append(key)
        return f"card {key} at {generation.value}"

    assert await memo.get_or_load(1, lambda: load(1)) == "card 1 at 0"
    assert await memo.get_or_load(1, lambda: load(1)) == "card 1 at 0"
    assert loads == [1]
    generation.bump()
    assert await memo.get_or_load(1, lambda: load(1)) == "card 1 at 1"
    assert loads == [1, 1]
    assert (memo.hits, memo.misses) == (1, 2)


async def test_the_least_recently_used_entry_goes_first() -> None:
    memo: Memo[str, int] = Memo(Generation(), 2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "b" is now the least recently used
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)
    assert len(memo) == 2


async def test_concurrent_misses_share_one_load() -> None:
    memo: Memo[int, str] = Memo(Generation(), 8)
    release = asyncio.Event()
    calls = 0

    async def load() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "card"

    waiting = [asyncio.create_task(memo.get_or_load(7, load)) for _ in range(5)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*waiting) == ["card"] * 5
    assert calls == 1


async def test_a_value_loaded_across_a_bump_is_served_but_not_kept() -> None:
    generation = Generation()
    memo: Memo[int, str] = Memo(generation, 8)

    async def load_while_data_changes() -> str:
        generation.bump()
        return "read before the change"

    assert await memo.get_or_load(1, load_while_data_changes) == "read before the change"
    assert memo.get(1) is None


async def test_a_failed_load_is_not_kept_and_reaches_every_waiter() -> None:
    memo: Memo[int, str] = Memo(Generation(), 8)

    async def broken() -> str:
        await asyncio.sleep(0)
        raise LookupError("gone")

    first = asyncio.create_task(memo.get_or_load(1, broken))
    second = asyncio.create_task(memo.get_or_load(1, broken))
    for task in (first, second):
        with pytest.raises(LookupError):
            await task
    assert memo.get(1) is None


def test_a_memo_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Memo(Generation(), 0)
