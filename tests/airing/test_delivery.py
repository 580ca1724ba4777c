"""Exactly-once episode posts against the local fake Discord, with a hand-driven clock."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from core.airing import marker, nonce
from core.providers import ProviderRef
from core.shards import Ownership
from db.airing_ledger import AiringLedger, episode_item
from db.cluster import ClusterRepository
from render.airing import episode_card, episode_post
from render.i18n import ENGLISH
from scheduler.delivery import Outcome
from tests.fakediscord import missing_permissions, server_error, unknown_channel

from .data import COURT, DROP, FINALE, KST, episodes_of, kst

_REF = re.compile(r"#hallyu-air-(\d+)-(\w+)$")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=KST).astimezone(dt.UTC)


def posts(fake) -> Counter[tuple[int, str]]:
    """(channel, reference) of every episode post, counted."""
    seen: Counter[tuple[int, str]] = Counter()
    for channel in fake.guild.text_channels():
        for message in fake.messages(channel.id):
            for embed in message.get("embeds", []):
                found = _REF.search(embed.get("url") or "")
                if found:
                    seen[(channel.id, found.group(0))] += 1
    return seen


def assert_once(fake) -> None:
    seen = posts(fake)
    assert all(n == 1 for n in seen.values()), seen
    assert fake.violations == []


async def follow(bot, fake, show_id: int, now: dt.datetime, channel: int = 0, role_id=None):
    target = fake.guild.text_channels()[channel]
    found, _ = await bot.airing.follows.follow(
        guild_id=fake.guild.id,
        channel_id=target.id,
        show=ProviderRef("tvmaze", show_id),
        role_id=role_id,
        by=1,
        now=now,
    )
    return found


async def test_an_episode_posts_once_at_its_air_time(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    first = await follow(bot, fake, COURT, clock(), channel=0)
    second = await follow(bot, fake, COURT, clock(), channel=1)
    early = await bot.airing.deliver(at(2, 20, 49, 55))
    assert early.due == 0
    report = await bot.airing.deliver(at(2, 20, 50, 5))
    assert report.count(Outcome.SENT) == 2
    assert (await bot.airing.deliver(at(2, 20, 51, 5))).due == 0
    assert set(posts(fake)) == {
        (first.channel_id, marker(first.id, 9100101)),
        (second.channel_id, marker(second.id, 9100101)),
    }
    assert_once(fake)
    body = fake.requests_to("POST", rf"/channels/{first.channel_id}/messages")[0].json
    assert body["allowed_mentions"] == {"parse": []}
    assert body["nonce"] == nonce(first.id, 9100101) and body["enforce_nonce"] is True
    embed = body["embeds"][0]
    assert embed["title"] == "Moonlit Court · S01E01 is out"
    assert "tvN" in embed["description"] and "TVmaze" in embed["footer"]["text"]
    assert "<t:1796212200:t>" in embed["description"]  # 2026-12-02 11:50 UTC


async def test_a_double_episode_night_posts_each_episode_once(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, at(5, 9))
    for moment in (at(5, 21, 0, 5), at(5, 21, 1, 5), at(5, 22, 10, 5), at(5, 22, 11, 5)):
        await bot.airing.deliver(moment)
    assert set(posts(fake)) == {
        (f.channel_id, marker(f.id, 9100103)),
        (f.channel_id, marker(f.id, 9100104)),
    }
    assert_once(fake)


async def test_a_binge_drop_is_one_post_naming_every_episode(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, DROP, clock())
    report = await bot.airing.deliver(at(4, 17, 0, 5))
    assert report.count(Outcome.SENT) == 1
    message = fake.messages(f.channel_id)[-1]
    embed = message["embeds"][0]
    assert embed["title"].startswith("Seoul Night Drop · S01E01, S01E02")
    assert "S01E08" in embed["title"] and "missed" not in embed["title"]
    assert (await bot.airing.deliver(at(4, 17, 5))).due == 0
    assert_once(fake)


async def test_downtime_across_two_air_times_is_one_catch_up(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    # offline from Wednesday 20:00 until Thursday 23:30: episodes 1 and 2 aired meanwhile
    report = await bot.airing.deliver(at(3, 23, 30))
    assert report.count(Outcome.SENT) == 1
    assert list(posts(fake)) == [(f.channel_id, marker(f.id, 9100102))]
    embed = fake.messages(f.channel_id)[-1]["embeds"][0]
    assert "missed" in embed["title"]
    assert "S01E01" in embed["description"] and "S01E02" in embed["description"]
    ledger = await AiringLedger(bot.db).rows(f.id)
    assert {(r.item, r.state) for r in ledger} == {
        (episode_item(9100101), "sent"),
        (episode_item(9100102), "sent"),
    }
    assert (await bot.airing.deliver(at(3, 23, 31))).due == 0
    assert_once(fake)


async def test_a_crash_between_send_and_complete_is_recovered(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    # the previous process claimed and sent, then died before recording the message
    ledger = AiringLedger(bot.db)
    air = at(2, 20, 50, 5)
    items = [episode_item(9100101)]
    claim = await ledger.claim(f.id, items, nonce(f.id, 9100101), marker(f.id, 9100101), air)
    assert claim is not None
    episodes = await bot.airing.schedule.episodes("tvmaze", [9100101])
    message = episode_post(f.id, episode_card(f.show, episodes, ENGLISH, catch_up=False), None)
    posted = await bot.airing.poster.poster.send(f.channel_id, message, claim.nonce)
    # a new process with its own lease takes over once the old lease ran out
    bot.airing.poster.ledger.owner = "restarted"
    report = await bot.airing.deliver(air + dt.timedelta(minutes=6))
    assert report.count(Outcome.RECOVERED) == 1
    rows = await ledger.rows(f.id)
    assert [(r.state, r.message_id) for r in rows] == [("sent", posted)]
    assert fake.requests_to("GET", rf"/channels/{f.channel_id}/messages")
    assert_once(fake)


async def test_another_owners_live_lease_is_left_alone(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    other = AiringLedger(bot.db, owner="other-process")
    air = at(2, 20, 50, 5)
    items = [episode_item(9100101)]
    assert await other.claim(f.id, items, nonce(f.id, 9100101), marker(f.id, 9100101), air)
    report = await bot.airing.deliver(air + dt.timedelta(seconds=30))
    assert report.count(Outcome.BACKING_OFF) == 1
    assert posts(fake) == Counter()


async def test_a_403_channel_pauses_only_that_follow(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    ok = await follow(bot, fake, COURT, clock(), channel=0)
    denied = await follow(bot, fake, COURT, clock(), channel=1)
    gone = await follow(bot, fake, COURT, clock(), channel=2)
    fake.fail_channel(denied.channel_id, missing_permissions())
    fake.fail_channel(gone.channel_id, unknown_channel())
    report = await bot.airing.deliver(at(2, 20, 50, 5))
    assert report.count(Outcome.SENT) == 1 and report.count(Outcome.PAUSED) == 2
    assert list(posts(fake)) == [(ok.channel_id, marker(ok.id, 9100101))]
    paused = await bot.airing.follows.get(denied.id)
    assert paused is not None and paused.paused_reason is not None
    assert "Missing Permissions" in paused.paused_reason.english
    vanished = await bot.airing.follows.get(gone.id)
    assert vanished is not None and vanished.paused_reason is not None
    assert "no longer exists" in vanished.paused_reason.english
    # later passes leave paused follows alone
    report = await bot.airing.deliver(at(3, 20, 50, 5))
    assert report.count(Outcome.SENT) == 1 and report.due == 1
    # the reason shows in /airing following
    ix = await fake.slash("airing following")
    answer = await ix.callback()
    fields = answer["data"]["embeds"][0]["fields"]
    assert any(
        "Paused" in field["value"] and "Missing Permissions" in field["value"] for field in fields
    )
    # the admin fixes the channel and follows again: resumed without a backlog
    await follow(bot, fake, COURT, at(4, 12), channel=1)
    report = await bot.airing.deliver(at(5, 21, 0, 5))
    assert report.count(Outcome.SENT) == 2
    assert (denied.channel_id, marker(denied.id, 9100103)) in posts(fake)
    assert (denied.channel_id, marker(denied.id, 9100102)) not in posts(fake)
    assert_once(fake)


async def test_a_5xx_is_retried_and_posts_once(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    fake.fail_channel(f.channel_id, server_error(500))
    report = await bot.airing.deliver(at(2, 20, 50, 5))
    assert report.count(Outcome.SENT) == 1
    assert ("POST", f"/channels/{f.channel_id}/messages", 500) in fake.scripted_served
    assert_once(fake)


async def test_rescheduled_and_cancelled_episodes_of_a_followed_show(
    live_airing, discord_fake, schedule_fake, clock
):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, at(8, 9))
    episodes = episodes_of(schedule_fake, COURT)
    moved = next(e for e in episodes if e["id"] == 9100105)
    moved["airstamp"], moved["airdate"] = kst(9, 23, 0), "2026-12-09"
    episodes[:] = [e for e in episodes if e["id"] != 9100106]
    await bot.airing.refresh_followed(at(8, 10))
    assert (await bot.airing.deliver(at(9, 20, 50, 5))).due == 0  # the old time: nothing
    await bot.airing.deliver(at(9, 23, 0, 5))
    await bot.airing.deliver(at(10, 20, 50, 5))  # the cancelled one: nothing
    assert list(posts(fake)) == [(f.channel_id, marker(f.id, 9100105))]
    assert_once(fake)


async def test_a_finished_show_says_so_once(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, FINALE, clock())
    await bot.airing.deliver(at(2, 22, 30, 5))
    await bot.airing.deliver(at(3, 22, 30, 5))
    report = await bot.airing.refresh_followed(at(4, 3))
    assert report.completed == [ProviderRef("tvmaze", FINALE)]
    await bot.airing.deliver(at(4, 3, 1))
    await bot.airing.deliver(at(4, 3, 2))
    assert set(posts(fake)) == {
        (f.channel_id, marker(f.id, 9100501)),
        (f.channel_id, marker(f.id, 9100502)),
        (f.channel_id, marker(f.id, None)),
    }
    last = fake.messages(f.channel_id)[-1]["embeds"][0]
    assert last["title"] == "Finished airing" and "S01E16" in last["description"]
    assert (await bot.airing.follows.get(f.id)).ended_noted_at is not None
    assert (await bot.airing.follows.followed_shows()) == []
    assert_once(fake)


async def test_a_role_ping_is_the_only_mention(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock(), role_id=4242)
    await bot.airing.deliver(at(2, 20, 50, 5))
    body = fake.requests_to("POST", rf"/channels/{f.channel_id}/messages")[0].json
    assert body["content"] == "<@&4242>"
    mentions = body["allowed_mentions"]
    assert mentions["parse"] == [] and [int(r) for r in mentions["roles"]] == [4242]


async def test_a_process_posts_only_for_guilds_on_its_shards(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    shard = (fake.guild.id >> 22) % 2
    bot.airing.poster.ownership = Ownership(2, frozenset({1 - shard}))
    assert (await bot.airing.deliver(at(2, 20, 50, 5))).due == 0
    bot.airing.poster.ownership = Ownership(2, frozenset({shard}))
    assert (await bot.airing.deliver(at(2, 20, 50, 10))).count(Outcome.SENT) == 1
    assert list(posts(fake)) == [(f.channel_id, marker(f.id, 9100101))]


async def test_the_cluster_heartbeat_renews_and_releases_episode_claims(
    live_airing, discord_fake, clock
):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    f = await follow(bot, fake, COURT, clock())
    ledger = AiringLedger(bot.db, owner="p9")
    air = at(2, 20, 50, 5)
    items = [episode_item(9100101)]
    assert await ledger.claim(f.id, items, "n", marker(f.id, 9100101), air)
    cluster = ClusterRepository(bot.db)
    assert (
        await cluster.heartbeat("p9", air + dt.timedelta(seconds=50), dt.timedelta(minutes=1)) >= 1
    )
    (row,) = await ledger.rows(f.id)
    assert row.lease_until == air + dt.timedelta(seconds=110)
    await cluster.leave("p9")
    (row,) = await ledger.rows(f.id)
    assert row.lease_until is None and row.state == "claimed"
