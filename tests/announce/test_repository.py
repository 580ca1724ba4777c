import datetime as dt
from typing import Any

import pytest

from core.announce import MAX_SUBSCRIPTIONS, Schedule
from core.errors import UserError
from core.i18n import Text
from db.announce import AnnouncementRepository, Subscription

from .conftest import W, at

NOW = at("2025-04-20T12:00:00+00:00")
SEOUL = Schedule(1, 18 * 60, "Asia/Seoul")


async def subscribe(
    repo: AnnouncementRepository,
    channel_id: int = 10,
    country: str | None = None,
    guild_id: int = 1,
    **kwargs: Any,
) -> tuple[Subscription, bool]:
    values: dict[str, Any] = {
        "guild_id": guild_id,
        "channel_id": channel_id,
        "category": "TV (Non-English)",
        "country_iso2": country,
        "schedule": SEOUL,
        "role_id": None,
        "by": 99,
        "now": NOW,
    }
    values.update(kwargs)
    return await repo.subscribe(**values)


async def test_subscribe_creates_then_updates_the_same_target(repo: AnnouncementRepository):
    sub, created = await subscribe(repo)
    assert created and sub.active and sub.schedule == SEOUL and sub.created_at == NOW
    await repo.pause(sub.id, "channel gone", NOW)
    later = NOW + dt.timedelta(days=1)
    again, created = await subscribe(repo, schedule=Schedule(4, 60, "UTC"), now=later)
    assert not created and again.id == sub.id
    assert again.schedule == Schedule(4, 60, "UTC")
    assert again.active, "setting up again resumes"
    assert again.created_at == NOW, "the subscription keeps its history"
    other, created = await subscribe(repo, country="KR")
    assert created and other.id != sub.id
    assert [s.id for s in await repo.in_guild(1)] == [sub.id, other.id]
    assert await repo.timezone_of_guild(1) == "UTC"  # the most recent choice
    assert await repo.timezone_of_guild(2) is None


async def test_at_most_five_per_server_and_nothing_changes_on_refusal(repo):
    for n in range(MAX_SUBSCRIPTIONS):
        await subscribe(repo, channel_id=100 + n)
    with pytest.raises(UserError, match="already has 5"):
        await subscribe(repo, channel_id=200)
    assert len(await repo.in_guild(1)) == MAX_SUBSCRIPTIONS
    # another server is not affected, and updating an existing one still works
    await subscribe(repo, channel_id=300, guild_id=2)
    await subscribe(repo, channel_id=100, role_id=5)


async def test_claim_complete_is_exactly_once(repo):
    sub, _ = await subscribe(repo)
    claim = await repo.claim(sub.id, W, "n1", NOW)
    assert claim is not None and claim.previous is None and claim.attempts == 1
    await repo.complete(sub.id, W, 555, NOW)
    assert await repo.claim(sub.id, W, "n1", NOW) is None
    sent = await repo.last_sent(sub.id)
    assert sent is not None and sent.message_id == 555 and sent.state == "sent"
    checks = await repo.due_checks()
    assert [(c.subscription.id, c.last_sent_week) for c in checks] == [(sub.id, W)]


async def test_a_stale_claim_is_handed_back_with_its_history(repo):
    sub, _ = await subscribe(repo)
    await repo.claim(sub.id, W, "n1", NOW)
    # the process died here: the next claim says an attempt may have reached Discord
    later = NOW + dt.timedelta(minutes=5)
    claim = await repo.claim(sub.id, W, "n1", later)
    assert claim is not None and claim.previous is not None
    assert claim.previous.state == "claimed" and claim.previous.claimed_at == NOW
    assert claim.attempts == 2


async def test_failure_backs_off_and_pause_says_why(repo):
    sub, _ = await subscribe(repo)
    await repo.claim(sub.id, W, "n1", NOW)
    retry = NOW + dt.timedelta(minutes=2)
    await repo.fail(sub.id, W, "HTTP 503", retry, now=NOW)
    assert await repo.claim(sub.id, W, "n1", NOW + dt.timedelta(minutes=1)) is None
    pending = await repo.pending(sub.id)
    assert pending is not None and pending.last_error == "HTTP 503" and pending.state == "failed"
    assert await repo.claim(sub.id, W, "n1", retry) is not None
    await repo.fail(sub.id, W, "HTTP 403", None, pause_reason="I lost access", now=NOW)
    paused = await repo.get(sub.id)
    assert paused is not None and paused.paused_reason == Text("I lost access")
    assert paused.paused_at == NOW
    assert await repo.due_checks() == []
    await repo.resume(sub.id, NOW)
    resumed = await repo.get(sub.id)
    assert resumed is not None and resumed.active


async def test_off_removes_the_subscription_and_its_ledger(repo, db):
    sub, _ = await subscribe(repo)
    await repo.claim(sub.id, W, "n1", NOW)
    assert await repo.remove(sub.id)
    assert not await repo.remove(sub.id)
    assert await db.fetchval("SELECT COUNT(*) FROM announce_deliveries") == 0


async def test_hostile_text_is_stored_verbatim(repo):
    reason = "'); DROP TABLE announce_subscriptions; -- @everyone **bold** 약한영웅 🎬" * 50
    sub, _ = await subscribe(repo)
    await repo.pause(sub.id, reason, NOW)
    stored = await repo.get(sub.id)
    assert stored is not None and stored.paused_reason == Text(reason)


async def test_naive_datetimes_are_refused(repo):
    sub, _ = await subscribe(repo)
    with pytest.raises(ValueError, match="naive"):
        await repo.pause(sub.id, "x", dt.datetime(2025, 1, 1))  # noqa: DTZ001
