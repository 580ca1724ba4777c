"""The pure rules: Discord's guild-to-shard rule, ownership, contiguous ranges, backoff."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.shards import (
    MAX_RESTART_DELAY,
    Ownership,
    contiguous_ranges,
    restart_delay,
    shard_of,
)

SNOWFLAKES = st.integers(min_value=0, max_value=2**63 - 1)


def test_shard_of_follows_discords_formula() -> None:
    guild = 1576925945418219850
    assert shard_of(guild, 4) == (guild >> 22) % 4
    assert shard_of(guild, 1) == 0


@given(SNOWFLAKES, st.integers(min_value=1, max_value=64))
def test_every_guild_has_exactly_one_owner_among_a_clusters_processes(
    guild: int, shard_count: int
) -> None:
    for processes in {1, min(2, shard_count), shard_count}:
        owners = [
            Ownership.of(shard_count, shards)
            for shards in contiguous_ranges(shard_count, processes)
        ]
        assert sum(owner.owns(guild) for owner in owners) == 1


def test_no_shard_ids_owns_everything() -> None:
    assert Ownership.of(None, None).owns(123 << 22)
    everything = Ownership.of(4, None)
    assert everything.everything and everything.shards == (0, 1, 2, 3)
    assert all(everything.owns(n << 22) for n in range(8))
    # Listing every shard is the same as listing none: no filter is needed.
    assert Ownership.of(2, [1, 0]).everything


def test_ownership_refuses_shards_outside_the_count() -> None:
    with pytest.raises(ValueError):
        Ownership(2, frozenset({2}))
    with pytest.raises(ValueError):
        Ownership(0)


def test_describe_says_which_shards() -> None:
    assert Ownership.of(None, None).describe() == "the only shard"
    assert Ownership.of(4, None).describe() == "all 4 shards"
    assert Ownership.of(4, [1]).describe() == "shard 1 of 4"
    assert Ownership.of(8, [2, 3]).describe() == "shards 2–3 of 8"
    assert Ownership.of(8, [1, 5]).describe() == "shards 1, 5 of 8"


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=1, max_value=16))
def test_contiguous_ranges_cover_every_shard_once_evenly(shards: int, processes: int) -> None:
    if shards < processes:
        with pytest.raises(ValueError):
            contiguous_ranges(shards, processes)
        return
    ranges = contiguous_ranges(shards, processes)
    assert len(ranges) == processes
    flat = [s for r in ranges for s in r]
    assert flat == list(range(shards))
    sizes = [len(r) for r in ranges]
    assert max(sizes) - min(sizes) <= 1
    assert all(r == tuple(range(r[0], r[-1] + 1)) for r in ranges)


def test_restart_delay_grows_and_is_bounded() -> None:
    delays = [restart_delay(n) for n in range(12)]
    assert delays[:5] == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert delays == sorted(delays)
    assert max(delays) == MAX_RESTART_DELAY
    assert restart_delay(10_000) == MAX_RESTART_DELAY
