"""The scheduler's side of a cluster: a newer week imported by another process starts a
delivery pass here, and the refresh's once-only part runs only in the elected process."""

import datetime as dt

from app import HallyuBot, prepare_database
from config import Settings
from db.chart_import import import_netflix_file
from db.cluster import ClusterRepository
from scheduler.cluster import JOBS_LEASE
from tests.charts.conftest import global_file


async def test_a_newer_week_from_another_process_is_noticed_once(
    offline_bot: HallyuBot, settings: Settings
) -> None:
    announcements = offline_bot.announcements
    await offline_bot.live.stop()  # the test ticks the watcher itself
    assert not await announcements.new_week_arrived()  # the first look only notes the week
    other = await prepare_database(settings.database_path)  # another process's connection
    try:
        await import_netflix_file(other, global_file(), "all-weeks-global.tsv")
    finally:
        await other.close()
    assert not await announcements.new_week_arrived(), "the watcher has not ticked yet"
    assert await offline_bot.live.check()
    assert await announcements.new_week_arrived()
    assert not await announcements.new_week_arrived()


async def test_only_the_lease_holder_fetches(offline_bot: HallyuBot) -> None:
    cluster = offline_bot.announcements.cluster
    now = dt.datetime.now(dt.UTC)
    repo = ClusterRepository(offline_bot.db)
    assert await repo.acquire(JOBS_LEASE, "another-process", now, dt.timedelta(minutes=5))
    fetched: list[str] = []

    async def fetch() -> None:
        fetched.append("fetched")

    ran, _ = await cluster.run_once("netflix-refresh", fetch)
    assert not ran and fetched == []
    await repo.release(JOBS_LEASE, "another-process")
    ran, _ = await cluster.run_once("netflix-refresh", fetch)
    assert ran and fetched == ["fetched"]
    assert await repo.holder(JOBS_LEASE, dt.datetime.now(dt.UTC)) == cluster.process
