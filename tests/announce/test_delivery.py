"""Exactly-once delivery against the local fake Discord (real discord.py on the other side).

Every pass is called directly with a fixed clock; the fake records every message.
"""

import asyncio
import datetime as dt
from collections import Counter

from app import HallyuBot
from core.announce import Schedule
from db.announce import AnnouncementRepository
from render.announce import announcement
from scheduler.delivery import Outcome
from tests.fakediscord import (
    FakeDiscord,
    missing_access,
    missing_permissions,
    rate_limited,
    run_bot,
    server_error,
    unknown_channel,
)

from .conftest import W, WeeksFeed, at, attach, weeks_before

CREATED = at("2025-04-01T00:00:00+00:00")
SLOT = at("2025-04-29T18:00:00+00:00")  # Tuesday 18:00 UTC, after week W is published
TUESDAY_UTC = Schedule(1, 18 * 60, "UTC")


async def paused_reason(repo: AnnouncementRepository, subscription_id: int) -> str:
    """Why the subscription is paused, in English ("" when it is not)."""
    sub = await repo.get(subscription_id)
    return "" if sub is None or sub.paused_reason is None else sub.paused_reason.english


async def subscribe_all(
    bot: HallyuBot, fake: FakeDiscord, schedule=TUESDAY_UTC, role_id=None, created=CREATED
):
    repo = AnnouncementRepository(bot.db)
    subs = []
    for channel in fake.guild.text_channels():
        sub, _ = await repo.subscribe(
            guild_id=fake.guild.id,
            channel_id=channel.id,
            category="TV (Non-English)",
            country_iso2=None,
            schedule=schedule,
            role_id=role_id,
            by=1,
            now=created,
        )
        subs.append(sub)
    return subs


def announcements(fake: FakeDiscord) -> Counter[tuple[int, str]]:
    """(channel, week reference) of every announcement posted, counted."""
    seen: Counter[tuple[int, str]] = Counter()
    for channel in fake.guild.text_channels():
        for message in fake.messages(channel.id):
            for embed in message.get("embeds", []):
                url = embed.get("url", "")
                if "#hallyu-" in url:
                    sub_id, week = url.rsplit("#hallyu-", 1)[1].split("-", 1)
                    seen[(channel.id, f"{sub_id}/{week}")] += 1
    return seen


def assert_exactly_once(fake: FakeDiscord, subs, week=W) -> None:
    seen = announcements(fake)
    expected = {(s.channel_id, f"{s.id}/{week.isoformat()}") for s in subs}
    assert set(seen) >= expected
    assert all(n == 1 for n in seen.values()), seen
    assert fake.violations == []


async def test_a_normal_week_posts_once_per_subscription(live_bot, fake, feed: WeeksFeed):
    feed.add(weeks_before(W, 1))
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    before = await live_bot.announcements.deliver(at("2025-04-29T17:59:00+00:00"))
    # never posted, an earlier slot passed: the newest week goes out once, at once
    assert before.count(Outcome.SENT) == len(subs)
    report = await live_bot.announcements.deliver(SLOT)
    assert report.due == 0
    assert await live_bot.announcements.deliver(SLOT + dt.timedelta(minutes=1)) is not None
    assert_exactly_once(fake, subs)
    body = fake.requests_to("POST", r"/channels/\d+/messages")[0].json
    assert body["allowed_mentions"] == {"parse": []}
    assert body["nonce"] and body["enforce_nonce"] is True
    assert body["content"].startswith("Top of the week ending 2025-04-27")
    assert len(announcements(fake)) == len(subs)
    assert feed.rendered == 1, "one render per chart and week, shared by every channel"


async def test_next_week_and_a_week_without_new_data(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    await live_bot.announcements.deliver(SLOT)
    # a week later Netflix has published nothing new: nothing is posted
    report = await live_bot.announcements.deliver(SLOT + dt.timedelta(days=7))
    assert report.due == 0
    assert len(announcements(fake)) == len(subs)
    # the data arrives an hour late: posted then, once
    nxt = W + dt.timedelta(days=7)
    feed.add(nxt)
    await live_bot.announcements.deliver(SLOT + dt.timedelta(days=7, hours=1))
    await live_bot.announcements.deliver(SLOT + dt.timedelta(days=7, hours=2))
    assert_exactly_once(fake, subs, nxt)
    assert len(announcements(fake)) == 2 * len(subs)


async def test_downtime_and_late_data_post_only_the_newest_week(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    await live_bot.announcements.deliver(SLOT)
    # three weeks offline; two more weeks arrived meanwhile
    for n in (1, 2, 3):
        feed.add(W + dt.timedelta(days=7 * n))
    newest = W + dt.timedelta(days=21)
    report = await live_bot.announcements.deliver(SLOT + dt.timedelta(days=21, hours=3))
    assert report.count(Outcome.SENT) == len(subs)
    assert_exactly_once(fake, subs, newest)
    assert len(announcements(fake)) == 2 * len(subs), "no backlog flood"
    last = fake.messages(subs[0].channel_id)[-1]
    assert "previous 2 weeks were not announced" in last["content"]


async def test_servers_in_utc_plus_9_and_utc_minus_5(live_bot, fake, feed):
    feed.add(weeks_before(W, 1))
    repo = AnnouncementRepository(live_bot.db)
    channels = fake.guild.text_channels()
    subs = {}
    for zone, channel in (("Asia/Seoul", channels[0]), ("America/Bogota", channels[1])):
        sub, _ = await repo.subscribe(
            guild_id=fake.guild.id,
            channel_id=channel.id,
            category="TV (Non-English)",
            country_iso2=None,
            schedule=Schedule(1, 18 * 60, zone),
            role_id=None,
            by=1,
            now=CREATED,
        )
        subs[zone] = sub
        await repo.claim(sub.id, weeks_before(W, 1), "n", CREATED)
        await repo.complete(sub.id, weeks_before(W, 1), 1, CREATED)
    feed.add(W)  # published before Tuesday 09:00 UTC in this test
    seoul, bogota = subs["Asia/Seoul"], subs["America/Bogota"]
    # 18:00 in Seoul is 09:00 UTC
    assert (await live_bot.announcements.deliver(at("2025-04-29T08:59:00+00:00"))).due == 0
    report = await live_bot.announcements.deliver(at("2025-04-29T09:00:00+00:00"))
    assert report.count(Outcome.SENT) == 1
    assert len(fake.messages(seoul.channel_id)) == 1 and fake.messages(bogota.channel_id) == []
    # 18:00 in Bogota is 23:00 UTC
    assert (await live_bot.announcements.deliver(at("2025-04-29T22:59:00+00:00"))).due == 0
    report = await live_bot.announcements.deliver(at("2025-04-29T23:00:00+00:00"))
    assert report.count(Outcome.SENT) == 1
    await live_bot.announcements.deliver(at("2025-04-30T12:00:00+00:00"))
    assert_exactly_once(fake, [seoul, bogota])
    assert len(announcements(fake)) == 2


async def test_429_with_retry_after_is_retried_by_discord_py(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    fake.fail_channel(subs[0].channel_id, rate_limited(0.05))
    fake.fail_channel(subs[1].channel_id, rate_limited(0.05, is_global=True))
    report = await live_bot.announcements.deliver(SLOT)
    assert report.count(Outcome.SENT) == len(subs)
    assert fake.rate_limit_hits == 2
    assert live_bot.announcements.pacer.rate_limits == 1, "the global 429 paused the pacer"
    assert_exactly_once(fake, subs)


async def test_500_then_success(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    fake.fail_channel(subs[2].channel_id, server_error(500))
    report = await live_bot.announcements.deliver(SLOT)
    assert report.count(Outcome.SENT) == len(subs)
    assert ("POST", f"/channels/{subs[2].channel_id}/messages", 500) in fake.scripted_served
    assert_exactly_once(fake, subs)


async def test_403_and_404_pause_only_their_subscription(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    fake.fail_channel(subs[1].channel_id, missing_permissions())
    fake.fail_channel(subs[2].channel_id, missing_access())
    fake.fail_channel(subs[3].channel_id, unknown_channel())
    report = await live_bot.announcements.deliver(SLOT)
    assert report.count(Outcome.PAUSED) == 3
    assert report.count(Outcome.SENT) == len(subs) - 3
    repo = AnnouncementRepository(live_bot.db)
    reasons = [await paused_reason(repo, s.id) for s in subs]
    assert reasons[0] == ""
    assert "Missing Permissions" in reasons[1] and "Embed Links" in reasons[1]
    assert "Missing Access" in reasons[2]
    assert "no longer exists" in reasons[3]
    # paused subscriptions are left alone by later passes
    assert (await live_bot.announcements.deliver(SLOT + dt.timedelta(minutes=5))).due == 0
    # the admin fixes the channel and resumes: the week is posted once, late
    await repo.resume(subs[1].id, SLOT + dt.timedelta(hours=1))
    report = await live_bot.announcements.deliver(SLOT + dt.timedelta(hours=1))
    assert report.count(Outcome.SENT) == 1
    live = [subs[0], subs[1], *subs[4:]]
    assert_exactly_once(fake, live)
    assert len(announcements(fake)) == len(live)


async def test_role_ping_allows_exactly_that_role(live_bot, fake, feed):
    feed.add(W)
    subs = await subscribe_all(live_bot, fake, role_id=4242)
    await live_bot.announcements.deliver(SLOT)
    body = fake.requests_to("POST", rf"/channels/{subs[0].channel_id}/messages")[0].json
    assert body["content"].startswith("<@&4242> ")
    mentions = body["allowed_mentions"]
    assert mentions["parse"] == [] and [int(r) for r in mentions["roles"]] == [4242]
    assert not mentions.get("users") and not mentions.get("replied_user")


async def test_a_post_found_in_the_channel_is_not_sent_again(live_bot, fake, feed):
    """A crash between Discord's reply and the ledger update leaves a claimed row."""
    feed.add(W)
    subs = await subscribe_all(live_bot, fake)
    sub = subs[0]
    repo = AnnouncementRepository(live_bot.db)
    claim = await repo.claim(sub.id, W, "n", SLOT)
    assert claim is not None
    chart = await feed.render("TV (Non-English)", None, W)
    engine = live_bot.announcements.engine
    posted = await engine.poster.send(sub.channel_id, announcement(sub, chart, W), "n")
    report = await live_bot.announcements.deliver(SLOT + dt.timedelta(minutes=1))
    assert report.count(Outcome.RECOVERED) == 1
    assert getattr(await repo.last_sent(sub.id), "message_id", None) == posted
    assert_exactly_once(fake, subs)
    assert fake.requests_to("GET", rf"/channels/{sub.channel_id}/messages")


async def test_a_restart_in_the_middle_of_fan_out(fake, settings, feed, channels):
    feed.add(W)
    first = attach(HallyuBot(settings), feed)
    async with run_bot(fake, first, settings.discord_token.reveal()):
        subs = await subscribe_all(first, fake)
        first.announcements.engine.concurrency = 2
        task = asyncio.create_task(first.announcements.deliver(SLOT))
        await fake.wait_for_request("POST", r"/channels/\d+/messages", count=3)
        task.cancel()  # the process dies after 3 posts, with sends in flight
        await asyncio.gather(task, return_exceptions=True)
    posted = len(announcements(fake))
    assert 3 <= posted < len(subs)
    second = attach(HallyuBot(settings), feed)
    async with run_bot(fake, second, settings.discord_token.reveal()):
        ledger = await AnnouncementRepository(second.db).counts()
        report = await second.announcements.deliver(SLOT + dt.timedelta(minutes=3))
        again = await second.announcements.deliver(SLOT + dt.timedelta(minutes=4))
    confirmed, unconfirmed = ledger.get("sent", 0), ledger.get("claimed", 0)
    assert unconfirmed >= 1, "the kill left sends in flight"
    assert report.count(Outcome.SENT) + report.count(Outcome.RECOVERED) == len(subs) - confirmed
    # every claimed-but-unconfirmed row was looked up in its channel before any resend
    assert len(fake.requests_to("GET", r"/channels/\d+/messages")) == unconfirmed
    assert report.count(Outcome.RECOVERED) == posted - confirmed
    assert again.due == 0
    assert_exactly_once(fake, subs)
    assert len(announcements(fake)) == len(subs)
