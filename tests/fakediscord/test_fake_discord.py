"""Tests of the fake itself, driving a tiny real AutoShardedBot through it."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from . import (
    Actor,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeUser,
    load_spec,
    make_guild,
    missing_access,
    new_id,
    rate_limited,
    run_bot,
)

TITLES = ["Weak Hero Class 1", "Weak Hero Class 2", "Welcome to Samdal-ri", "Crash Landing on You"]


class CounterView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.count = 0

    @discord.ui.button(label="+1", custom_id="counter:inc", style=discord.ButtonStyle.primary)
    async def inc(
        self, interaction: discord.Interaction, button: discord.ui.Button[CounterView]
    ) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"clicked {self.count}", view=self)

    @discord.ui.select(
        custom_id="counter:pick", options=[discord.SelectOption(label=t) for t in "abc"]
    )
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[CounterView]
    ) -> None:
        await interaction.response.edit_message(content=f"picked {select.values[0]}", view=self)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Your thoughts", custom_id="fb:text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class TinyBot(commands.AutoShardedBot):
    def __init__(self, announce_channel_id: int) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned, intents=discord.Intents(guilds=True)
        )
        self.announce_channel_id = announce_channel_id
        self.errors: list[Exception] = []

    async def setup_hook(self) -> None:
        tree = self.tree
        tree.error(self.record_error)

        @tree.command(description="Show a drama card")
        async def show(interaction: discord.Interaction, query: str) -> None:
            embed = discord.Embed(title=query, description="A K-drama", colour=0x5865F2)
            await interaction.response.send_message(embed=embed)

        @tree.command(description="Search titles")
        async def search(interaction: discord.Interaction, title: str) -> None:
            await interaction.response.send_message(f"you chose {title}")

        @search.autocomplete("title")
        async def search_title(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            hits = [t for t in TITLES if t.lower().startswith(current.lower())]
            return [app_commands.Choice(name=t, value=t) for t in hits]

        @tree.command(description="A counter with a button")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("clicked 0", view=CounterView())

        @tree.command(description="Send feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(description="Post to the announcement channel")
        async def announce(interaction: discord.Interaction, text: str) -> None:
            channel = self.get_channel(self.announce_channel_id)
            assert isinstance(channel, discord.TextChannel)
            await interaction.response.defer(ephemeral=True, thinking=True)
            chart = discord.File(io.BytesIO(b"\x89PNG fake"), filename="chart.png")
            await channel.send(text, file=chart)
            await interaction.followup.send("posted", ephemeral=True)

        @tree.command(description="Whois")
        async def whois(interaction: discord.Interaction, member: discord.Member) -> None:
            await interaction.response.send_message(f"{member.display_name} {member.id}")

        @tree.command(description="Too big")
        async def big(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(embed=discord.Embed(description="x" * 5000))

        @tree.context_menu(name="Quote Message")
        async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"> {message.content}", ephemeral=True)

        chart = app_commands.Group(name="chart", description="Charts")

        @chart.command(description="Top ten")
        async def top(interaction: discord.Interaction, week: str) -> None:
            await interaction.response.send_message(f"top for {week}")

        tree.add_command(chart)

    async def record_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.errors.append(error)


@dataclass
class Env:
    fake: FakeDiscord
    bot: TinyBot
    channel_id: int


@pytest_asyncio.fixture
async def env() -> AsyncIterator[Env]:
    async with FakeDiscord() as fake:
        channel_id = fake.guild.text_channels()[0].id
        async with run_bot(fake, TinyBot(channel_id)) as bot:
            await bot.tree.sync()
            yield Env(fake, bot, channel_id)


@pytest.mark.asyncio
async def test_sync_is_recorded_with_ids(env: Env) -> None:
    puts = env.fake.requests_to("PUT", r"/applications/\d+/commands")
    assert len(puts) == 1 and puts[0].status == 200
    names = {c["name"] for c in env.fake.commands()}
    assert {"show", "search", "counter", "feedback", "announce", "chart"} <= names
    assert all(c["id"].isdigit() for c in env.fake.commands())
    env.fake.assert_clean()


@pytest.mark.asyncio
async def test_slash_replies_with_embed(env: Env) -> None:
    ix = await env.fake.slash("show", query="weak hero")
    callback = await ix.callback()
    assert callback["type"] == 4
    assert callback["data"]["embeds"][0]["title"] == "weak hero"
    assert ix.original() is not None
    assert env.fake.messages(env.channel_id)[-1]["embeds"][0]["title"] == "weak hero"
    assert env.fake.violations == []


@pytest.mark.asyncio
async def test_subcommand_and_user_option(env: Env) -> None:
    top = await env.fake.slash("chart top", week="2025-04-27")
    assert (await top.callback())["data"]["content"] == "top for 2025-04-27"
    owner = env.fake.guild.owner_id
    who = await env.fake.slash("whois", member=owner)
    assert (await who.callback())["data"]["content"] == f"owner {owner}"


@pytest.mark.asyncio
async def test_autocomplete_returns_choices(env: Env) -> None:
    ix = await env.fake.autocomplete("search", "title", "wea")
    callback = await ix.callback()
    assert callback["type"] == 8
    assert [c["value"] for c in callback["data"]["choices"]] == TITLES[:2]


@pytest.mark.asyncio
async def test_button_and_select_edit_the_message(env: Env) -> None:
    opened = await env.fake.slash("counter")
    assert (await opened.callback())["type"] == 4
    click = await env.fake.click("counter:inc")
    callback = await click.callback()
    assert callback["type"] == 7
    assert callback["data"]["content"] == "clicked 1"
    pick = await env.fake.select("counter:pick", ["b"])
    assert (await pick.callback())["data"]["content"] == "picked b"
    original = opened.original()
    assert original is not None and original["content"] == "picked b"
    assert env.fake.violations == []


@pytest.mark.asyncio
async def test_modal_round_trip(env: Env) -> None:
    opened = await env.fake.slash("feedback")
    callback = await opened.callback()
    assert callback["type"] == 9 and callback["data"]["title"] == "Feedback"
    submitted = await env.fake.submit_modal({"fb:text": "loved it"})
    reply = await submitted.callback()
    assert reply["type"] == 4
    assert reply["data"]["content"] == "thanks: loved it"
    assert reply["data"]["flags"] & 64


@pytest.mark.asyncio
async def test_channel_post_records_multipart_file(env: Env) -> None:
    ix = await env.fake.slash("announce", text="new chart")
    posted = await env.fake.wait_for_request("POST", rf"/channels/{env.channel_id}/messages")
    assert posted.json["content"] == "new chart"
    assert [(f.filename, f.data) for f in posted.files] == [("chart.png", b"\x89PNG fake")]
    assert posted.response["attachments"][0]["filename"] == "chart.png"
    assert (await ix.callback())["type"] == 5
    await ix.wait_followups()
    # The first follow-up after a deferral replaces the "thinking" message.
    original = ix.original()
    assert original is not None and original["content"] == "posted"
    assert original["flags"] == 64
    assert env.fake.violations == []


@pytest.mark.asyncio
async def test_rate_limited_post_is_retried(env: Env) -> None:
    env.fake.fail_channel(env.channel_id, rate_limited(retry_after=0.02), times=2)
    ix = await env.fake.slash("announce", text="after 429")
    message = await env.fake.wait_for_message(env.channel_id)
    assert message["content"] == "after 429"
    statuses = [
        r.status for r in env.fake.requests_to("POST", rf"/channels/{env.channel_id}/messages")
    ]
    assert statuses == [429, 429, 200]
    assert env.fake.rate_limit_hits == 2
    await ix.wait_followups()


@pytest.mark.asyncio
async def test_global_rate_limit_is_honoured(env: Env) -> None:
    env.fake.set_global_rate_limit(3)
    channel = env.bot.get_channel(env.channel_id)
    assert isinstance(channel, discord.TextChannel)
    for i in range(5):
        await channel.send(f"msg {i}")
    assert [m["content"] for m in env.fake.messages(env.channel_id)] == [
        f"msg {i}" for i in range(5)
    ]
    assert env.fake.global_rate_limit_hits >= 1


@pytest.mark.asyncio
async def test_error_answers_count_against_the_global_limit(env: Env) -> None:
    env.fake.set_global_rate_limit(3)
    env.fake.fail_channel(env.channel_id, missing_access(), times=3)
    channel = env.bot.get_channel(env.channel_id)
    assert isinstance(channel, discord.TextChannel)
    for _ in range(3):
        with pytest.raises(discord.Forbidden):
            await channel.send("nope")
    assert env.fake.global_rate_limit_hits == 0
    await channel.send("the fourth request within the second")
    assert env.fake.global_rate_limit_hits >= 1


@pytest.mark.asyncio
async def test_scripted_error_reaches_the_bot(env: Env) -> None:
    env.fake.fail_channel(env.channel_id, missing_access())
    channel = env.bot.get_channel(env.channel_id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.Forbidden) as raised:
        await channel.send("nope")
    assert raised.value.code == 50001
    await channel.send("works again")


@pytest.mark.asyncio
async def test_embed_over_limits_is_a_violation(env: Env) -> None:
    ix = await env.fake.slash("big")
    await ix.callback()
    await env.fake.wait_for_request(
        "POST", r"/interactions/.*", predicate=lambda r: r.status == 400
    )
    assert any("embeds[0].description" in v for v in env.fake.violations)
    assert ix.original() is None


@pytest.mark.asyncio
async def test_unknown_route_is_recorded(env: Env) -> None:
    route = Route("GET", "/guilds/{guild_id}/bans", guild_id=env.fake.guild.id)
    with pytest.raises(discord.NotFound):
        await env.bot.http.request(route)
    assert [r.path for r in env.fake.unknown_routes] == [f"/guilds/{env.fake.guild.id}/bans"]


@pytest.mark.asyncio
async def test_openapi_validation_runs_when_spec_present(env: Env) -> None:
    if load_spec() is None:
        pytest.skip("shared discord-api-spec/openapi.json is not checked out")
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=env.channel_id)
    await env.bot.http.request(route, json={"content": "ok", "tts": "yes please"})
    assert any("OpenAPI" in v and "tts" in v for v in env.fake.violations)


@pytest.mark.asyncio
async def test_sharded_guilds_and_resume() -> None:
    owner = FakeUser(id=new_id(), username="owner")
    guilds = [make_guild(f"g{i}", guild_id=(i << 22) | 1, owner=owner) for i in range(2)]
    async with FakeDiscord(guilds, shard_count=2) as fake:
        bot = TinyBot(guilds[1].text_channels()[0].id)
        async with run_bot(fake, bot):
            assert sorted(s.shard_id for s in fake.sessions) == [0, 1]
            assert {g.id for g in bot.guilds} == {g.id for g in guilds}
            await bot.tree.sync()
            await fake.request_reconnect(shard_id=1)
            await fake.wait_for_resume()
            assert fake.gateway.identify_count == 2
            ix = await fake.slash("show", query="on shard 1", actor=Actor(guild_id=guilds[1].id))
            assert (await ix.callback())["data"]["embeds"][0]["title"] == "on shard 1"


@pytest.mark.asyncio
async def test_actor_permissions_and_late_callback() -> None:
    member = FakeMember(FakeUser(id=new_id(), username="fan"))
    async with FakeDiscord([make_guild(extra_members=[member])], interaction_deadline=0.0) as fake:
        bot = TinyBot(fake.guild.text_channels()[0].id)
        async with run_bot(fake, bot):
            await bot.tree.sync()
            ix = await fake.slash(
                "show", query="late", actor=Actor(user_id=member.user.id, permissions=0)
            )
            assert ix.payload["member"]["permissions"] == "0"
            await ix.callback()
            await fake.wait_for_request(
                "POST", r"/interactions/.*", predicate=lambda r: r.status == 404
            )
            assert any("Unknown interaction" in v for v in fake.violations)


@pytest.mark.asyncio
async def test_message_context_menu_via_fixture(fake_discord: FakeDiscord) -> None:
    guild: FakeGuild = fake_discord.guild
    async with run_bot(fake_discord, TinyBot(guild.text_channels()[0].id)) as bot:
        await bot.tree.sync()
        shown = await fake_discord.slash("chart top", week="w1")
        await shown.callback()
        original = shown.original()
        assert original is not None
        quoted = await fake_discord.message_command("Quote Message", int(original["id"]))
        reply = await quoted.callback()
        assert reply["data"]["content"] == "> top for w1"
