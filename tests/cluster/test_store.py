"""The store's side of a cluster, with two real connections to one SQLite file standing
for two processes: owned due checks, leased claims, elections, once-only runs."""

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import prepare_database
from core.announce import Schedule
from core.shards import Ownership, shard_of
from db.announce import AnnouncementRepository
from db.cluster import ClusterRepository
from db.connection import Database
from scheduler.cluster import Cluster

NOW = dt.datetime(2025, 4, 29, 18, 0, tzinfo=dt.UTC)
W = dt.date(2025, 4, 27)
LEASE = dt.timedelta(seconds=60)
SLOT = Schedule(1, 18 * 60, "UTC")


@pytest.fixture
async def pair(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    first = await prepare_database(tmp_path / "shared.sqlite3")
    second = await Database.open(tmp_path / "shared.sqlite3")
    try:
        yield first, second
    finally:
        await second.close()
        await first.close()


async def subscribe(repo: AnnouncementRepository, guild_id: int, channel_id: int) -> int:
    sub, _ = await repo.subscribe(
        guild_id=guild_id,
        channel_id=channel_id,
        category="TV (Non-English)",
        country_iso2=None,
        schedule=SLOT,
        role_id=None,
        by=1,
        now=NOW,
    )
    return sub.id


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    guilds=st.lists(st.integers(min_value=1, max_value=2**63 - 1), min_size=1, max_size=30),
    shard_count=st.integers(min_value=1, max_value=16),
    data=st.data(),
)
async def test_owned_due_checks_match_discords_rule(
    db: Database, guilds: list[int], shard_count: int, data: st.DataObject
) -> None:
    await db.raw.execute("DELETE FROM announce_subscriptions")
    repo = AnnouncementRepository(db)
    for n, guild in enumerate(dict.fromkeys(guilds)):
        await subscribe(repo, guild, 10_000 + n)
    shards = data.draw(st.sets(st.integers(min_value=0, max_value=shard_count - 1), min_size=1))
    ownership = Ownership.of(shard_count, shards)
    got = {c.subscription.guild_id for c in await repo.due_checks(ownership)}
    assert got == {g for g in guilds if shard_of(g, shard_count) in shards}
    assert {c.subscription.guild_id for c in await repo.due_checks()} == set(guilds)


async def test_a_live_claim_is_never_taken_by_another_process(
    pair: tuple[Database, Database],
) -> None:
    a, b = (AnnouncementRepository(db) for db in pair)
    sub = await subscribe(a, 1 << 22, 10)
    assert await a.claim(sub, W, "n", NOW, process="A", lease=LEASE) is not None
    assert await b.claim(sub, W, "n", NOW + LEASE / 2, process="B", lease=LEASE) is None
    row = await b.delivery(sub, W)
    assert row is not None and row.claimed_by == "A" and row.attempts == 1


async def test_an_expired_claim_is_recovered_with_the_earlier_attempt_to_check(
    pair: tuple[Database, Database],
) -> None:
    a, b = (AnnouncementRepository(db) for db in pair)
    sub = await subscribe(a, 1 << 22, 10)
    await a.claim(sub, W, "n", NOW, process="A", lease=LEASE)
    later = NOW + LEASE + dt.timedelta(seconds=1)
    claim = await b.claim(sub, W, "n", later, process="B", lease=LEASE)
    assert claim is not None and claim.previous is not None
    assert claim.previous.claimed_by == "A" and claim.attempts == 2
    # Now it is B's, and A (back from a long pause) cannot take it back while B lives.
    assert await a.claim(sub, W, "n", later, process="A", lease=LEASE) is None


async def test_the_heartbeat_keeps_claims_alive_and_leaving_releases_them(
    pair: tuple[Database, Database],
) -> None:
    a, b = (AnnouncementRepository(db) for db in pair)
    cluster_a = ClusterRepository(pair[0])
    sub = await subscribe(a, 1 << 22, 10)
    await cluster_a.register("A", "p0", Ownership(), NOW, LEASE)
    await a.claim(sub, W, "n", NOW, process="A", lease=LEASE)
    beat = NOW + LEASE - dt.timedelta(seconds=5)
    assert await cluster_a.heartbeat("A", beat, LEASE) == 1
    # Past the first lease, but renewed: still A's.
    assert await b.claim(sub, W, "n", NOW + LEASE + LEASE / 2, process="B", lease=LEASE) is None
    await cluster_a.leave("A")
    claim = await b.claim(sub, W, "n", NOW + LEASE, process="B", lease=LEASE)
    assert claim is not None and claim.previous is not None  # checked before any resend


async def test_a_sent_or_backing_off_row_is_not_claimed_by_anyone(
    pair: tuple[Database, Database],
) -> None:
    a, b = (AnnouncementRepository(db) for db in pair)
    sub = await subscribe(a, 1 << 22, 10)
    await a.claim(sub, W, "n", NOW, process="A", lease=LEASE)
    await a.fail(sub, W, "HTTP 503", NOW + dt.timedelta(minutes=2), now=NOW)
    assert await b.claim(sub, W, "n", NOW + dt.timedelta(minutes=1), process="B") is None
    again = await b.claim(sub, W, "n", NOW + dt.timedelta(minutes=3), process="B")
    assert again is not None
    await b.complete(sub, W, 555, NOW + dt.timedelta(minutes=3))
    assert await a.claim(sub, W, "n", NOW + dt.timedelta(hours=1), process="A") is None


async def test_one_lease_holder_at_a_time_and_takeover_only_after_expiry(
    pair: tuple[Database, Database],
) -> None:
    a, b = (ClusterRepository(db) for db in pair)
    assert await a.acquire("jobs", "A", NOW, LEASE)
    assert not await b.acquire("jobs", "B", NOW + LEASE / 2, LEASE)
    assert await a.acquire("jobs", "A", NOW + LEASE / 2, LEASE)  # renewing
    assert not await b.acquire("jobs", "B", NOW + LEASE, LEASE)
    assert await b.acquire("jobs", "B", NOW + 2 * LEASE, LEASE)
    assert await a.holder("jobs", NOW + 2 * LEASE) == "B"
    assert not await a.acquire("jobs", "A", NOW + 2 * LEASE, LEASE)
    await b.release("jobs", "B")
    assert await a.acquire("jobs", "A", NOW + 2 * LEASE, LEASE)


async def test_a_once_only_job_runs_in_one_process_per_slot(
    pair: tuple[Database, Database],
) -> None:
    first, second = pair
    clusters = [
        Cluster(lambda: first, name="p0", clock=lambda: NOW),
        Cluster(lambda: second, name="p1", clock=lambda: NOW),
    ]
    runs: list[str] = []

    async def job(name: str) -> str:
        runs.append(name)
        await asyncio.sleep(0.01)
        return name

    def body(cluster: Cluster) -> Callable[[], Awaitable[str]]:
        return lambda: job(cluster.name)

    results = await asyncio.gather(*(c.run_once("netflix-refresh", body(c)) for c in clusters))
    assert runs == ["p0"] or runs == ["p1"]
    assert sorted(ran for ran, _ in results) == [False, True]
    # The next slot: the same leader runs it, once.
    later = NOW + dt.timedelta(hours=1)
    ran = [await c.run_once("netflix-refresh", body(c), slot=later) for c in clusters]
    assert sum(r for r, _ in ran) == 1 and runs[0] == runs[1]
    recorded = await ClusterRepository(first).runs("netflix-refresh")
    assert [(r.slot, r.outcome) for r in recorded] == [(NOW, "done"), (later, "done")]
    assert len({r.holder for r in recorded}) == 1


async def test_a_failed_elected_run_is_recorded_as_failed(pair: tuple[Database, Database]) -> None:
    cluster = Cluster(lambda: pair[0], clock=lambda: NOW)

    async def broken() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await cluster.run_once("netflix-refresh", broken)
    (run,) = await ClusterRepository(pair[1]).runs("netflix-refresh")
    assert run.outcome == "failed" and run.finished_at == NOW


async def test_processes_starting_together_open_one_new_store(tmp_path: Path) -> None:
    """The launcher starts every process at once on a store that may not exist yet: each
    switches the new file to WAL, which SQLite may refuse at once ("locked") instead of
    waiting; every open succeeds."""
    for attempt in range(60):
        path = tmp_path / f"new-{attempt}.sqlite3"
        opened = await asyncio.gather(
            *(Database.open(path) for _ in range(6)), return_exceptions=True
        )
        stores = [db for db in opened if isinstance(db, Database)]
        for db in stores:
            await db.close()
        assert len(stores) == 6, [o for o in opened if not isinstance(o, Database)]
