"""The schedule refresh and the store: Korean days, changes, and days in three zones."""

from __future__ import annotations

import datetime as dt

import pytest

from core.airing import LISTED_KINDS, day_bounds, double_days, parse_day
from core.errors import UserError

from .data import COURT, DROP, FINALE, KST, NEWS, TVING, episodes_of, kst


async def rows(db, sql, params=()) -> list[tuple]:  # type: ignore[type-arg]
    return [tuple(r) for r in await db.fetchall(sql, params)]


async def test_refresh_stores_korean_episodes_with_source_and_stamp(airing, clock, schedule_fake):
    report = await airing.refresh_schedule(clock(), days=14)
    assert report.errors == [] and report.days == 14
    # one broadcast and two streaming requests per day (Korean services, then global)
    assert len(schedule_fake.calls("/schedule/web")) == 28
    assert len(schedule_fake.calls("/schedule")) == 14 + 28
    stored = await rows(
        airing.bot.db, "SELECT show_id, COUNT(*) FROM airing_episodes GROUP BY show_id ORDER BY 1"
    )
    assert stored == [(COURT, 7), (DROP, 8), (TVING, 2), (NEWS, 1), (FINALE, 2)]
    source = await rows(
        airing.bot.db, "SELECT source, airstamp FROM airing_episodes WHERE id = 9100101"
    )
    assert source == [("schedule", "2026-12-02T11:50:00+00:00")]
    assert (
        await rows(
            airing.bot.db, "SELECT DISTINCT source FROM airing_episodes WHERE show_id = ?", (DROP,)
        )
    ) == [("web",)]
    # the refresh is idempotent: the same schedule again changes nothing
    again = await airing.refresh_schedule(clock(), days=14)
    assert again.changes == []


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # Korea (UTC+9): Saturday 5 December holds the double episode at 21:00 and 22:10.
        ("Asia/Seoul", "2026-12-05", [9100103, 9100104]),
        # New York (UTC-5 in December): Saturday evening in Seoul is Saturday morning there.
        ("America/New_York", "2026-12-05", [9100103, 9100104]),
        # but Friday 4 December in New York already holds Korea's Saturday 12:00 and Friday
        # 17:00 episodes, which are Thursday 22:00 and Friday 03:00 there.
        ("America/New_York", "2026-12-03", [9100102, 9100502, 9100301]),
        # India (UTC+5:30): Korea's 20:50 is 17:20 the same day.
        ("Asia/Kolkata", "2026-12-02", [9100101, 9100501]),
    ],
)
async def test_a_day_in_the_members_zone(airing, clock, zone, day, expected):
    await airing.refresh_schedule(clock(), days=14)
    start, end = day_bounds(dt.date.fromisoformat(day), zone)
    found = await airing.schedule.between(start, end)
    listed = [e.id for e in found if e.show.kind in LISTED_KINDS]
    assert listed == expected


async def test_double_episode_days_and_specials(airing, clock):
    await airing.refresh_schedule(clock(), days=14)
    start, end = day_bounds(dt.date(2026, 12, 5), "Asia/Seoul")
    saturday = await airing.schedule.between(start, end)
    assert double_days(saturday) == {(COURT, "2026-12-05"): 2}
    start, end = day_bounds(dt.date(2026, 12, 12), "Asia/Seoul")
    special = await airing.schedule.between(start, end)
    assert [(e.id, e.special) for e in special] == [(9100199, True)]


async def test_a_rescheduled_episode_keeps_its_id(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    # tvN moves episode 5 from Wednesday 9th to Thursday 10th at 19:40, before episode 6
    episode = next(e for e in episodes_of(schedule_fake, COURT) if e["id"] == 9100105)
    episode["airstamp"], episode["airdate"] = kst(10, 19, 40), "2026-12-10"
    report = await airing.refresh_schedule(clock(), days=14)
    assert [(c.episode_id, c.change) for c in report.changes] == [(9100105, "rescheduled")]
    change = report.changes[0]
    assert change.previous == dt.datetime(2026, 12, 9, 11, 50, tzinfo=dt.UTC)
    assert change.airstamp == dt.datetime(2026, 12, 10, 10, 40, tzinfo=dt.UTC)
    ref = (await airing.schedule.find("Moonlit Court"))[0].ref
    upcoming = await airing.schedule.next_episode(
        ref, clock.at(dt.datetime(2026, 12, 9, 12, 0, tzinfo=KST))
    )
    assert upcoming is not None and upcoming.id == 9100105
    stored = await rows(airing.bot.db, "SELECT COUNT(*) FROM airing_episodes WHERE id = 9100105")
    assert stored == [(1,)]


async def test_a_cancelled_week(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    # the broadcaster drops the week of the 9th and 10th (no replacement date yet)
    episodes = episodes_of(schedule_fake, COURT)
    episodes[:] = [e for e in episodes if e["id"] not in (9100105, 9100106)]
    report = await airing.refresh_schedule(clock(), days=14)
    assert sorted((c.episode_id, c.change) for c in report.changes) == [
        (9100105, "cancelled"),
        (9100106, "cancelled"),
    ]
    start, end = day_bounds(dt.date(2026, 12, 9), "Asia/Seoul")
    assert [e.id for e in await airing.schedule.between(start, end)] == []
    # the episode comes back a week later: rescheduled, same id
    schedule_fake.shows[COURT]["_embedded"]["episodes"].append(
        {**_episode(9100105), "airstamp": kst(15, 20, 50), "airdate": "2026-12-15"}
    )
    report = await airing.refresh_schedule(clock(), days=14)
    assert [(c.episode_id, c.change) for c in report.changes] == [(9100105, "rescheduled")]


def _episode(episode_id: int) -> dict:  # type: ignore[type-arg]
    from tests.fakeproviders.tvmaze import tvmaze_episode

    return tvmaze_episode(episode_id, 1, 5, kst(9, 20, 50))


async def test_a_failed_day_cancels_nothing(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    before = await rows(airing.bot.db, "SELECT id, cancelled FROM airing_episodes ORDER BY id")
    schedule_fake.fail("500", times=100, path="/schedule")
    airing.source.http.policy = type(airing.source.http.policy)(attempts=1, backoff=0.01)
    report = await airing.refresh_schedule(clock(), days=2)
    assert report.errors
    after = await rows(airing.bot.db, "SELECT id, cancelled FROM airing_episodes ORDER BY id")
    assert after == before


async def test_past_episodes_are_never_cancelled(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    episodes = episodes_of(schedule_fake, COURT)
    episodes[:] = [e for e in episodes if e["id"] != 9100101]
    report = await airing.refresh_schedule(clock.at(dt.datetime(2026, 12, 2, 23, 0, tzinfo=KST)))
    assert report.changes == []


async def test_finished_show_is_marked_complete_once(airing, clock):
    ref = (await airing.find_show("Last Train Home", clock(), live=True)).ref
    assert await airing.schedule.completed_at(ref) is None  # the finale has not aired yet
    after = clock.at(dt.datetime(2026, 12, 4, 0, 0, tzinfo=KST))
    assert await airing.schedule.check_complete(ref, after)
    assert not await airing.schedule.check_complete(ref, after)
    assert await airing.schedule.completed_at(ref) == after


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "2026-12-02"),
        ("today", "2026-12-02"),
        ("Tomorrow", "2026-12-03"),
        ("fri", "2026-12-04"),
        ("wednesday", "2026-12-02"),
        ("+6", "2026-12-08"),
        ("2026-12-08", "2026-12-08"),
    ],
)
def test_parse_day(text, expected):
    assert (
        parse_day(text, dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.UTC), "Asia/Seoul").isoformat()
        == expected
    )


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-09",
        "2026-12-01",
        "+7",
        "2026-02-30",
        "x" * 10_000,
        "수요일",
        "🎬",
        "**fri**",
        "@everyone",
        "'; DROP TABLE airing_follows; --",
        "fr",
    ],
)
def test_parse_day_refuses_clearly(text):
    with pytest.raises(UserError) as caught:
        parse_day(text, dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.UTC), "Asia/Seoul")
    assert len(caught.value.message) < 300


@pytest.mark.parametrize(("raw", "expected"), [(None, 0), ("15", 15), ("1440", 1440)])
def test_the_post_delay_setting(raw, expected):
    from config import Settings

    env = {} if raw is None else {"AIRING_DELAY_MINUTES": raw}
    assert Settings.from_env(env).airing_delay_minutes == expected


@pytest.mark.parametrize("raw", ["-1", "1441", "soon", "1.5"])
def test_a_bad_post_delay_names_the_variable(raw):
    from config import Settings, SettingsError

    with pytest.raises(SettingsError, match="AIRING_DELAY_MINUTES"):
        Settings.from_env({"AIRING_DELAY_MINUTES": raw})


async def test_bulk_follows_respect_the_per_server_limit(airing, clock):
    from core.providers import ProviderRef

    await airing.refresh_schedule(clock(), days=14)
    ref = ProviderRef("tvmaze", COURT)
    rows = [(1, 100 + n, ref) for n in range(51)]
    with pytest.raises(UserError, match="at most 50"):
        await airing.follows.add_many(rows, 1, clock())
    assert await airing.follows.count() == 0
    assert await airing.follows.add_many(rows[:50], 1, clock()) == 50
