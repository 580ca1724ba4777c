"""The bot owns the scheduler: started in setup_hook, stopped in close()."""

import asyncio
import dataclasses
import datetime as dt

from app import HallyuBot

from .conftest import WeeksFeed, at, attach


async def test_scheduler_starts_in_setup_hook_and_stops_in_close(settings):
    bot = HallyuBot(dataclasses.replace(settings, scheduler_enabled=True))
    async with bot:
        await bot.setup_hook()
        scheduler = bot.announcements.scheduler
        assert scheduler is not None and scheduler.running
        jobs = {job.id: job for job in scheduler.get_jobs()}
        base = {"netflix-refresh", "announce-deliver", "announce-catch-up", "announce-new-data"}
        assert set(jobs) >= base
        # The one-off first fetch may already have run (and gone) on this empty store.
        assert set(jobs) - base <= {"netflix-first-fetch"}
        refresh = jobs["netflix-refresh"].trigger
        monday = at("2025-04-28T13:00:00+00:00")
        assert refresh.get_next_fire_time(None, monday) == at("2025-04-29T00:07:00+00:00")
        tuesday = at("2025-04-29T18:10:00+00:00")
        assert refresh.get_next_fire_time(None, tuesday) == at("2025-04-29T19:07:00+00:00")
        friday = at("2025-05-02T13:00:00+00:00")
        assert refresh.get_next_fire_time(None, friday) == at("2025-05-03T12:07:00+00:00")
        deliver = jobs["announce-deliver"].trigger
        assert deliver.interval == dt.timedelta(minutes=1)
    assert bot.announcements.scheduler is None
    assert not scheduler.running


async def test_tests_run_without_a_scheduler(offline_bot):
    assert offline_bot.settings.scheduler_enabled is False
    assert offline_bot.announcements.scheduler is None


async def test_stop_cancels_a_running_job(settings):
    bot = attach(HallyuBot(dataclasses.replace(settings, scheduler_enabled=True)), WeeksFeed())
    async with bot:
        await bot.prepare()
        bot.announcements.start()
        # a job body in progress is tracked, and cancelled on close
        started = asyncio.Event()
        release = asyncio.Event()

        async def slow_pass(now: dt.datetime):
            started.set()
            await release.wait()

        bot.announcements.deliver = slow_pass  # type: ignore[method-assign]
        task = asyncio.create_task(bot.announcements._deliver_job())
        await started.wait()
        await bot.announcements.stop()
        assert task.cancelled()
