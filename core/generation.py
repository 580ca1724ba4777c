"""The data generation: one number that changes whenever the stored data may have changed.

Everything rendered or indexed from the store is valid for one generation. A writer in
this process bumps it after its commit; a watcher bumps it when another process commits.
Memos compare the number on each access, so a bump costs nothing until the next read.
"""

from __future__ import annotations


class Generation:
    """A counter owned by the bot and handed to whoever writes or caches."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> int:
        self.value += 1
        return self.value

    def __repr__(self) -> str:
        return f"Generation({self.value})"
