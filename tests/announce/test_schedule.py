import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.announce import (
    Schedule,
    due_week,
    expected_week,
    marker,
    nonce,
    parse_time,
    parse_timezone,
    skipped_weeks,
    timezone_suggestions,
    waiting_for,
)
from core.errors import UserError

UTC = dt.UTC
W = dt.date(2025, 4, 27)  # a Sunday: the week of 21–27 Apr 2025


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("18:00", 18 * 60),
        ("18", 18 * 60),
        ("6pm", 18 * 60),
        ("6:30 pm", 18 * 60 + 30),
        ("12am", 0),
        ("12pm", 12 * 60),
        ("09.15", 9 * 60 + 15),
        ("23:59", 23 * 60 + 59),
        ("", 18 * 60),
    ],
)
def test_parse_time(text, minute):
    assert parse_time(text) == minute


@pytest.mark.parametrize("text", ["24:00", "7:60", "13pm", "noon", "x" * 10_000, "@everyone", "-1"])
def test_parse_time_rejects_with_a_clear_message(text):
    with pytest.raises(UserError) as caught:
        parse_time(text)
    assert len(caught.value.message) < 200
    assert "@everyone" not in caught.value.message or "“" in caught.value.message


def test_parse_timezone_is_case_insensitive_and_strict():
    assert parse_timezone("asia/seoul") == "Asia/Seoul"
    assert parse_timezone("America/New York") == "America/New_York"
    assert parse_timezone(None) == "UTC"
    for bad in ("Mars/Olympus", "UTC+9", "'; DROP TABLE x; --", "서울"):
        with pytest.raises(UserError):
            parse_timezone(bad)
    assert "Asia/Seoul" in timezone_suggestions("seoul")
    assert timezone_suggestions("america/new")[0] == "America/New_York"
    assert len(timezone_suggestions("a")) <= 25


def test_slots_in_seoul_and_bogota():
    seoul = Schedule(1, 18 * 60, "Asia/Seoul")  # Tuesday 18:00, UTC+9
    bogota = Schedule(1, 18 * 60, "America/Bogota")  # Tuesday 18:00, UTC-5
    now = at("2025-04-29T12:00:00+00:00")
    assert seoul.last_slot(now) == at("2025-04-29T09:00:00+00:00")
    assert bogota.last_slot(now) == at("2025-04-22T23:00:00+00:00")
    assert bogota.next_slot(now) == at("2025-04-29T23:00:00+00:00")
    assert seoul.next_slot(now) == at("2025-05-06T09:00:00+00:00")


def test_slot_follows_daylight_saving_time():
    ny = Schedule(1, 18 * 60, "America/New_York")
    # EST (UTC-5) before 9 March 2025, EDT (UTC-4) after.
    assert ny.last_slot(at("2025-03-05T00:00:00+00:00")) == at("2025-03-04T23:00:00+00:00")
    assert ny.last_slot(at("2025-03-12T00:00:00+00:00")) == at("2025-03-11T22:00:00+00:00")


@given(
    weekday=st.integers(0, 6),
    minute=st.integers(0, 1439),
    zone=st.sampled_from(
        [
            "UTC",
            "Asia/Seoul",
            "America/New_York",
            "Europe/Paris",
            "Pacific/Kiritimati",
            "Australia/Lord_Howe",
        ]
    ),
    # hypothesis wants naive bounds; the generated instants are aware (UTC)
    instant=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=dt.datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_last_slot_is_the_latest_weekly_slot(weekday, minute, zone, instant):
    schedule = Schedule(weekday, minute, zone)
    last = schedule.last_slot(instant)
    following = schedule.next_slot(instant)
    assert last <= instant < following
    assert dt.timedelta(days=6) < following - last < dt.timedelta(days=8)
    assert schedule.local_date(last).weekday() == weekday


def test_expected_week_is_the_newest_published():
    assert expected_week(dt.date(2025, 4, 29)) == W  # Tuesday: published that day
    assert expected_week(dt.date(2025, 5, 4)) == W  # Sunday: next week not out yet
    assert expected_week(dt.date(2025, 5, 5)) == W  # Monday
    assert expected_week(dt.date(2025, 5, 6)) == W + dt.timedelta(days=7)


TUESDAY = Schedule(1, 18 * 60, "UTC")
CREATED = at("2025-04-01T00:00:00+00:00")


def due(
    now: dt.datetime,
    newest: dt.date | None,
    last_sent: dt.date | None = None,
    schedule: Schedule = TUESDAY,
    created: dt.datetime = CREATED,
) -> dt.date | None:
    return due_week(schedule, created_at=created, last_sent=last_sent, newest=newest, now=now)


def test_due_on_the_slot_with_the_expected_week():
    previous = W - dt.timedelta(days=7)
    assert due(at("2025-04-29T17:59:00+00:00"), W, last_sent=previous) is None  # before
    assert due(at("2025-04-29T18:00:00+00:00"), W, last_sent=previous) == W
    # Never posted although an earlier slot passed: the newest week goes out at once.
    assert due(at("2025-04-29T17:59:00+00:00"), W) == W
    assert due(at("2025-04-29T18:00:00+00:00"), W, last_sent=W) is None


def test_a_week_without_new_data_posts_nothing():
    last = W - dt.timedelta(days=7)
    now = at("2025-04-29T18:30:00+00:00")
    assert due(now, newest=last, last_sent=last) is None
    assert waiting_for(TUESDAY, created_at=CREATED, last_sent=last, newest=last, now=now) == W


def test_late_data_posts_only_the_newest_week():
    two_weeks = W + dt.timedelta(days=7)
    before = W - dt.timedelta(days=7)
    assert due(at("2025-05-06T20:00:00+00:00"), two_weeks, last_sent=before) == two_weeks
    assert skipped_weeks(before, two_weeks) == 1
    assert skipped_weeks(None, two_weeks) == 0


def test_a_week_published_after_a_monday_slot_waits_for_the_next_monday():
    monday = Schedule(0, 9 * 60, "UTC")
    previous = W - dt.timedelta(days=7)
    # Monday 28 Apr expects the week published on Tuesday 22 Apr (ending 20 Apr).
    assert due(at("2025-04-28T09:00:00+00:00"), previous, schedule=monday) == previous
    # Tuesday: the week ending 27 Apr arrives, but this Monday's post is done.
    assert due(at("2025-04-29T20:00:00+00:00"), W, last_sent=previous, schedule=monday) is None
    assert due(at("2025-05-05T09:00:00+00:00"), W, last_sent=previous, schedule=monday) == W


def test_a_new_subscription_waits_for_its_first_slot():
    created = at("2025-04-30T10:00:00+00:00")  # the Wednesday after a slot
    assert due(at("2025-04-30T10:05:00+00:00"), W, created=created) is None
    assert due(at("2025-05-06T18:00:00+00:00"), W, created=created) is None  # waits for data
    nxt = W + dt.timedelta(days=7)
    assert due(at("2025-05-06T19:00:00+00:00"), nxt, created=created) == nxt


def test_nonce_and_marker_identify_subscription_and_week():
    assert nonce(12, W) == "a12w20250427"
    assert len(nonce(10**15, W)) <= 25
    assert marker(12, W) != marker(12, W + dt.timedelta(days=7)) != marker(1, W)
    assert marker(1, W) not in marker(11, W)


@given(
    weekday=st.integers(0, 6),
    minute=st.integers(0, 1439),
    zone=st.sampled_from(["UTC", "Asia/Seoul", "America/Bogota", "Europe/Paris"]),
    delays=st.lists(st.integers(0, 9 * 24), min_size=6, max_size=6),
    down=st.sets(st.integers(0, 6 * 7 * 24 // 6)),
)
def test_simulated_weeks_post_each_week_at_most_once_without_floods(
    weekday, minute, zone, delays, down
):
    """Six weeks of passes every 6 hours, each week's data arriving 2 days + a random delay
    after its Sunday, with random downtime: posts only move forward, at most one per slot."""
    schedule = Schedule(weekday, minute, zone)
    first = dt.date(2025, 3, 2)  # a Sunday
    arrivals = {
        first + dt.timedelta(days=7 * n): dt.datetime.combine(
            first + dt.timedelta(days=7 * n + 2), dt.time(), tzinfo=UTC
        )
        + dt.timedelta(hours=delay)
        for n, delay in enumerate(delays)
    }
    start = dt.datetime(2025, 3, 1, tzinfo=UTC)
    posts: list[tuple[dt.datetime, dt.date]] = []
    for step in range(6 * 7 * 4):
        now = start + dt.timedelta(hours=6 * step)
        if step in down:
            continue
        arrived = [week for week, when in arrivals.items() if when <= now]
        last = posts[-1][1] if posts else None
        week = due_week(
            schedule, created_at=start, last_sent=last, newest=max(arrived, default=None), now=now
        )
        if week is not None:
            posts.append((now, week))
    weeks = [week for _, week in posts]
    assert weeks == sorted(set(weeks)), "each week at most once, always forward"
    slots = [schedule.last_slot(when) for when, _ in posts]
    assert len(slots) == len(set(slots)), "at most one post per weekly slot"
