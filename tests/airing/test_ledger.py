"""The episode-post ledger on a real migrated store: claims, leases, retries, catch-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from core.i18n import deferred
from core.providers import ProviderRef
from db.airing import AiringRepository
from db.airing_follows import FollowRepository
from db.airing_ledger import AiringLedger, episode_item
from render.airing_follows import status_line
from render.i18n import LANGUAGES

from .data import COURT, START, court

T0 = START.astimezone(dt.UTC)
A, B = episode_item(1), episode_item(2)


@pytest.fixture
async def follow_id(db):
    from providers import tvmaze_schedule as parse

    show, episodes = parse.show_episodes(court())
    await AiringRepository(db).store_show(show, episodes, T0)
    found, _ = await FollowRepository(db).follow(
        guild_id=1, channel_id=2, show=ProviderRef("tvmaze", COURT), role_id=None, by=1, now=T0
    )
    return found.id


async def test_claim_complete_and_never_again(db, follow_id):
    ledger = AiringLedger(db, "p1")
    claim = await ledger.claim(follow_id, [A, B], "n", "[air 1/2]", T0)
    assert claim is not None and claim.items == (A, B) and claim.earlier == ()
    await ledger.complete(follow_id, claim.items, 99, T0)
    assert await ledger.claim(follow_id, [A, B], "n", "[air 1/2]", T0) is None
    assert await ledger.counts() == {"sent": 2}


async def test_a_catch_up_claims_only_what_is_not_sent(db, follow_id):
    ledger = AiringLedger(db, "p1")
    first = await ledger.claim(follow_id, [A], "n1", "[air 1/1]", T0)
    assert first is not None
    await ledger.complete(follow_id, [A], 7, T0)
    claim = await ledger.claim(follow_id, [A, B], "n2", "[air 1/2]", T0)
    assert claim is not None and claim.items == (B,)


async def test_a_failure_backs_off_then_retries_with_the_earlier_attempt(db, follow_id):
    ledger = AiringLedger(db, "p1")
    claim = await ledger.claim(follow_id, [A], "n", "[air 1/1]", T0)
    assert claim is not None
    retry = T0 + dt.timedelta(minutes=2)
    await ledger.fail(follow_id, [A], "HTTP 503", retry, now=T0)
    assert (
        await ledger.claim(follow_id, [A], "n", "[air 1/1]", T0 + dt.timedelta(minutes=1)) is None
    )
    again = await ledger.claim(follow_id, [A], "n", "[air 1/1]", retry)
    assert again is not None and again.attempts == 2
    assert [row.last_error for row in again.earlier] == ["HTTP 503"]


async def test_another_process_waits_for_the_lease(db, follow_id):
    mine, theirs = AiringLedger(db, "p1"), AiringLedger(db, "p2")
    lease = dt.timedelta(seconds=60)
    assert await mine.claim(follow_id, [A], "n", "[air 1/1]", T0, lease)
    assert (
        await theirs.claim(follow_id, [A], "n", "[air 1/1]", T0 + dt.timedelta(seconds=59)) is None
    )
    taken = await theirs.claim(follow_id, [A], "n", "[air 1/1]", T0 + dt.timedelta(seconds=61))
    assert taken is not None and taken.earlier[0].claimed_by == "p1"
    (row,) = await theirs.rows(follow_id, [A])
    assert row.claimed_by == "p2" and row.state == "claimed"


async def test_a_pause_is_recorded_with_the_failure(db, follow_id):
    ledger = AiringLedger(db, "p1")
    assert await ledger.claim(follow_id, [A], "n", "[air 1/1]", T0)
    await ledger.fail(follow_id, [A], "HTTP 403", None, pause_reason="No access.", now=T0)
    follow = await FollowRepository(db).get(follow_id)
    assert follow is not None and not follow.active
    assert follow.paused_reason is not None and follow.paused_reason.english == "No access."
    assert await FollowRepository(db).due(T0 + dt.timedelta(days=30)) == []


async def test_a_pause_reason_is_read_in_the_reader_language(db, follow_id):
    """Recorded once, in no language: the admin who runs `/airing following` reads it in
    theirs."""
    reason = deferred(
        "The channel {channel} no longer exists, or I cannot reach it.", channel="<#7>"
    )
    await AiringLedger(db, "p1").fail(follow_id, [A], "HTTP 404", None, pause_reason=reason, now=T0)
    follow = await FollowRepository(db).get(follow_id)
    assert follow is not None and follow.paused_reason == reason
    korean = status_line(follow.paused_reason, False, None, LANGUAGES.get("ko"))
    assert "<#7>" in korean and "no longer exists" not in korean
    assert korean.startswith("⏸")


async def test_removing_a_follow_removes_its_ledger(db, follow_id):
    ledger = AiringLedger(db, "p1")
    assert await ledger.claim(follow_id, [A], "n", "[air 1/1]", T0)
    assert await FollowRepository(db).remove(1, follow_id)
    assert await ledger.counts() == {}
    assert not await FollowRepository(db).remove(1, follow_id)
