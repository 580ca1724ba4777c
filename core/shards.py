"""Which process answers for which guild, and how a cluster splits its shards.

Discord routes a guild's events to shard `(guild_id >> 22) % shard_count`; a process that
holds some shards also owns every scheduled delivery for their guilds, so each delivery has
exactly one process that may attempt it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Discord's guild-to-shard rule: the snowflake's timestamp bits, modulo the shard count.
SNOWFLAKE_SHIFT = 22
#: A launcher restarts a dead process after 1, 2, 4 … seconds, at most this.
MAX_RESTART_DELAY = 60.0
#: A process that stayed up this long is healthy again: its next crash restarts at once.
HEALTHY_UPTIME = 300.0


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> SNOWFLAKE_SHIFT) % max(1, shard_count)


@dataclass(frozen=True)
class Ownership:
    """The shards this process holds; `shard_ids=None` holds them all (no SHARD_IDS)."""

    shard_count: int = 1
    shard_ids: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.shard_count < 1:
            raise ValueError("shard_count must be at least 1")
        if self.shard_ids is not None and any(
            not 0 <= shard < self.shard_count for shard in self.shard_ids
        ):
            raise ValueError("every shard id must be below shard_count")

    @classmethod
    def of(cls, shard_count: int | None, shard_ids: Iterable[int] | None) -> Ownership:
        count = shard_count or 1
        if shard_ids is None:
            return cls(count)
        ids = frozenset(shard_ids)
        # Holding every shard is the same as holding "all": queries need no filter.
        return cls(count, None if ids == frozenset(range(count)) else ids)

    @property
    def everything(self) -> bool:
        return self.shard_ids is None

    @property
    def shards(self) -> tuple[int, ...]:
        held = range(self.shard_count) if self.shard_ids is None else self.shard_ids
        return tuple(sorted(held))

    def owns(self, guild_id: int) -> bool:
        return self.shard_ids is None or shard_of(guild_id, self.shard_count) in self.shard_ids

    def describe(self) -> str:
        """`shards 2–3 of 4`, `shard 1 of 4`, or `all 4 shards`."""
        shards = self.shards
        if self.everything:
            return "the only shard" if self.shard_count == 1 else f"all {self.shard_count} shards"
        if len(shards) == 1:
            return f"shard {shards[0]} of {self.shard_count}"
        if shards == tuple(range(shards[0], shards[-1] + 1)):
            return f"shards {shards[0]}–{shards[-1]} of {self.shard_count}"
        return f"shards {', '.join(map(str, shards))} of {self.shard_count}"


def contiguous_ranges(shard_count: int, processes: int) -> list[tuple[int, ...]]:
    """Shards 0..shard_count-1 split into `processes` contiguous runs, sizes differing by
    at most one (the first ones take the extra shard)."""
    if processes < 1:
        raise ValueError("at least one process")
    if shard_count < processes:
        raise ValueError("a cluster needs at least one shard per process")
    base, extra = divmod(shard_count, processes)
    ranges: list[tuple[int, ...]] = []
    start = 0
    for index in range(processes):
        size = base + (1 if index < extra else 0)
        ranges.append(tuple(range(start, start + size)))
        start += size
    return ranges


def restart_delay(recent_failures: int) -> float:
    """Seconds before restarting a process that died after `recent_failures` quick deaths
    in a row (0 for the first): 0, 1, 2, 4 … capped at MAX_RESTART_DELAY."""
    if recent_failures <= 0:
        return 0.0
    return float(min(MAX_RESTART_DELAY, 2 ** min(recent_failures - 1, 16)))
