"""The fake as a cluster sees Discord: one gateway session per shard from separate
clients, and nonce de-duplication that a test can switch off."""

from __future__ import annotations

import discord

from . import FakeDiscord, FakeGuild, guild_id_on_shard, make_guild, run_bot
from .gateway import shard_for


def guilds_on_two_shards() -> list[FakeGuild]:
    guilds = [make_guild(f"server {n}", guild_id=guild_id_on_shard(n % 2, 2)) for n in range(8)]
    assert [shard_for(g.id, 2) for g in guilds] == [0, 1] * 4
    return guilds


async def test_each_shard_process_gets_only_its_guilds() -> None:
    guilds = guilds_on_two_shards()
    async with FakeDiscord(guilds, shard_count=2) as fake:
        first = discord.AutoShardedClient(
            intents=discord.Intents.none() | discord.Intents(guilds=True),
            shard_count=2,
            shard_ids=[0],
        )
        second = discord.AutoShardedClient(
            intents=discord.Intents.none() | discord.Intents(guilds=True),
            shard_count=2,
            shard_ids=[1],
        )
        async with run_bot(fake, first), run_bot(fake, second):
            assert fake.shards_connected() == {0: 1, 1: 1}
            for shard, client in ((0, first), (1, second)):
                expected = {g.id for g in guilds if shard_for(g.id, 2) == shard}
                assert {g.id for g in client.guilds} == expected
    fake.assert_clean()


async def test_a_repeated_nonce_returns_the_first_message_unless_switched_off() -> None:
    guild = make_guild()
    channel = guild.text_channels()[0].id
    client = discord.Client(intents=discord.Intents.none())
    async with FakeDiscord([guild]) as fake, run_bot(fake, client):
        target = client.get_partial_messageable(channel)
        one = await target.send("hello", nonce="a1w20250427")
        two = await target.send("hello", nonce="a1w20250427")
        assert one.id == two.id and fake.nonce_hits == 1
        assert len(fake.messages(channel)) == 1
        other = await target.send("hello", nonce="a2w20250427")
        assert other.id != one.id
        fake.nonce_dedup = False
        three = await target.send("hello", nonce="a1w20250427")
        assert three.id != one.id and fake.nonce_hits == 1
        assert len(fake.messages(channel)) == 3
    fake.assert_clean()
