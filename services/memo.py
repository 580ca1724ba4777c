"""A bounded memo that forgets everything when the data generation moves on."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from core.generation import Generation

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Least-recently-used results of one generation.

    A lookup compares the generation first: after a bump the whole memo is dropped at
    the next access, so a bump itself costs nothing and no stale entry is ever served.
    Concurrent misses for one key share a single load.
    """

    def __init__(self, generation: Generation, size: int) -> None:
        if size < 1:
            raise ValueError("a memo holds at least one entry")
        self._generation = generation
        self._seen = generation.value
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._loading: dict[K, asyncio.Future[V]] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        self._check()
        return len(self._entries)

    def _check(self) -> None:
        if self._seen != self._generation.value:
            self._entries.clear()
            self._loading.clear()
            self._seen = self._generation.value

    def get(self, key: K) -> V | None:
        self._check()
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._check()
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    async def get_or_load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The memoised value, or `load()`'s (kept only if no bump happened meanwhile)."""
        value = self.get(key)
        if value is not None:
            self.hits += 1
            return value
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        self.misses += 1
        generation = self._generation.value
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            # Nobody else may be waiting: mark the exception as retrieved.
            future.exception()
            raise
        else:
            future.set_result(value)
        finally:
            if self._loading.get(key) is future:
                del self._loading[key]
        # Rows read before a bump may be older than the bump: serve them, keep them not.
        if generation == self._generation.value:
            self.put(key, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
        self._loading.clear()
