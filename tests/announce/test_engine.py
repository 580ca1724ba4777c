"""The engine's retry rules, with a poster double that fails on cue (no Discord needed)."""

import datetime as dt
from collections.abc import Sequence

import pytest

from core.announce import Schedule
from db.announce import AnnouncementRepository
from scheduler.delivery import (
    DeliveryEngine,
    Outcome,
    PermanentDeliveryError,
    TransientDeliveryError,
    backoff,
)

from .conftest import W, WeeksFeed, at

SLOT = at("2025-04-29T18:00:00+00:00")


class ScriptedPoster:
    def __init__(self, failures: Sequence[Exception] = ()) -> None:
        self.failures = list(failures)
        self.sent: list[tuple[int, str | None]] = []
        self.lookups = 0

    async def send(self, channel_id, message, nonce):
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((channel_id, nonce))
        return 1000 + len(self.sent)

    async def find(self, channel_id, reference, since):
        self.lookups += 1
        return


@pytest.fixture
async def sub(repo: AnnouncementRepository):
    created, _ = await repo.subscribe(
        guild_id=1,
        channel_id=10,
        category="TV (Non-English)",
        country_iso2=None,
        schedule=Schedule(1, 18 * 60, "UTC"),
        role_id=None,
        by=1,
        now=at("2025-04-01T00:00:00+00:00"),
    )
    return created


def engine(
    repo: AnnouncementRepository, poster: ScriptedPoster, feed: WeeksFeed | None = None
) -> DeliveryEngine:
    feed = feed or WeeksFeed()
    feed.add(W)
    return DeliveryEngine(repo, feed, poster)


async def test_transient_errors_back_off_then_succeed_once(repo, sub):
    poster = ScriptedPoster(
        [TransientDeliveryError("HTTP 503"), TransientDeliveryError("HTTP 502")]
    )
    eng = engine(repo, poster)
    first = await eng.run_pass(SLOT)
    assert first.count(Outcome.FAILED) == 1
    pending = await repo.pending(sub.id)
    assert pending.last_error == "HTTP 503" and pending.retry_after == SLOT + backoff(1)
    assert (await eng.run_pass(SLOT + dt.timedelta(minutes=1))).count(Outcome.BACKING_OFF) == 1
    second = await eng.run_pass(SLOT + backoff(1))
    assert second.count(Outcome.FAILED) == 1
    later = SLOT + backoff(1) + backoff(2)
    third = await eng.run_pass(later)
    assert third.count(Outcome.SENT) == 1
    assert poster.sent == [(10, "a1w20250427")]
    assert poster.lookups == 2, "each retry first looks for an earlier post"
    assert (await eng.run_pass(later + dt.timedelta(hours=1))).due == 0


def test_backoff_grows_and_is_capped():
    assert backoff(1) == dt.timedelta(minutes=2)
    assert backoff(2) == dt.timedelta(minutes=4)
    assert backoff(50) == dt.timedelta(hours=2)


async def test_a_permanent_error_pauses_with_the_reason(repo, sub):
    poster = ScriptedPoster([PermanentDeliveryError("HTTP 403", "I lost access to <#10>.")])
    eng = engine(repo, poster)
    assert (await eng.run_pass(SLOT)).count(Outcome.PAUSED) == 1
    paused = await repo.get(sub.id)
    assert paused.paused_reason.english == "I lost access to <#10>."
    assert (await eng.run_pass(SLOT + dt.timedelta(hours=1))).checked == 0


async def test_an_unexpected_error_does_not_stop_the_pass(repo, sub):
    await repo.subscribe(
        guild_id=1,
        channel_id=11,
        category="TV (Non-English)",
        country_iso2=None,
        schedule=Schedule(1, 18 * 60, "UTC"),
        role_id=None,
        by=1,
        now=at("2025-04-01T00:00:00+00:00"),
    )
    poster = ScriptedPoster([RuntimeError("bug")])
    report = await engine(repo, poster).run_pass(SLOT)
    assert report.count(Outcome.FAILED) == 1 and report.count(Outcome.SENT) == 1


async def test_force_and_test_posts(repo, sub):
    poster = ScriptedPoster()
    eng = engine(repo, poster)
    outcome, week = await eng.force(sub, at("2025-04-30T10:00:00+00:00"))
    assert (outcome, week) == (Outcome.SENT, W)
    assert (await eng.force(sub, at("2025-04-30T10:01:00+00:00")))[0] is Outcome.ALREADY
    assert (await eng.run_pass(at("2025-05-01T00:00:00+00:00"))).due == 0
    sent = await eng.send_test(sub)
    assert sent is not None and poster.sent[-1] == (10, None), "a test carries no nonce"
    assert (await repo.last_sent(sub.id)).message_id == 1001, "a test is not the week's post"


async def test_no_chart_data(repo, sub):
    eng = DeliveryEngine(repo, WeeksFeed(), ScriptedPoster())
    assert (await eng.run_pass(SLOT)).due == 0
    assert await eng.force(sub, SLOT) == (Outcome.NO_DATA, None)
    assert await eng.preview(sub) is None
    assert await eng.send_test(sub) is None
