"""/about names the process and shards that answered (through the fake Discord)."""

import dataclasses
from typing import Any

from app import HallyuBot
from config import Settings
from tests.fakediscord import FakeDiscord, guild_id_on_shard, make_guild, run_bot


def field(reply: dict[str, Any], name: str) -> str:
    embed = reply["data"]["embeds"][0]
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


async def test_about_says_which_process_and_shard_answered(settings: Settings) -> None:
    guild = make_guild("on shard 1", guild_id=guild_id_on_shard(1, 2))
    sharded = dataclasses.replace(settings, shard_count=2, shard_ids=(1,), cluster_name="p1")
    async with (
        FakeDiscord([guild], shard_count=2) as fake,
        run_bot(fake, HallyuBot(sharded)) as bot,
    ):
        await bot.tree.sync()
        assert fake.shards_connected() == {1: 1}
        reply = await (await fake.slash("about")).callback()
        assert field(reply, "Answered by") == "process p1, shard 1 of 2; this server is on shard 1"
    fake.assert_clean()


async def test_a_single_process_says_so(settings: Settings) -> None:
    async with FakeDiscord() as fake, run_bot(fake, HallyuBot(settings)) as bot:
        await bot.tree.sync()
        reply = await (await fake.slash("about")).callback()
        assert field(reply, "Answered by") == "process p0, the only shard"
    fake.assert_clean()
