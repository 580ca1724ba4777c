"""REST handlers for identity, gateway discovery, guilds, channels, commands."""

from __future__ import annotations

from .command_limits import check_command, check_command_list
from .models import new_id
from .payloads import (
    application_payload,
    bot_user_payload,
    channel_payload,
    dm_channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    user_payload,
)
from .rest import ROUTES, Call, Reply, no_content, not_found, ok

route = ROUTES.route


@route("GET", "/users/@me")
async def get_me(call: Call) -> Reply:
    return ok(bot_user_payload(call.world.bot))


@route("GET", "/users/{user_id}")
async def get_user(call: Call) -> Reply:
    user = call.world.user(call.snowflake("user_id"))
    return ok(user_payload(user)) if user else not_found(10013, "Unknown User")


@route("GET", "/applications/@me", "/oauth2/applications/@me")
async def get_application(call: Call) -> Reply:
    world = call.world
    return ok(
        application_payload(
            world.app_id, world.bot, world.owner, world.application_flags, len(world.guilds)
        )
    )


@route("GET", "/gateway")
async def get_gateway(call: Call) -> Reply:
    return ok({"url": call.host.gateway_url})


@route("GET", "/gateway/bot")
async def get_gateway_bot(call: Call) -> Reply:
    limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
    return ok(
        {
            "url": call.host.gateway_url,
            "shards": call.host.shard_count,
            "session_start_limit": limit,
        }
    )


@route("POST", "/users/@me/channels")
async def create_dm(call: Call) -> Reply:
    body = call.body if isinstance(call.body, dict) else {}
    recipient = call.world.user_or_placeholder(int(body.get("recipient_id") or 0))
    for channel_id, user in call.world.dm_channels.items():
        if user.id == recipient.id:
            return ok(dm_channel_payload(channel_id, recipient))
    channel_id = new_id()
    call.world.dm_channels[channel_id] = recipient
    return ok(dm_channel_payload(channel_id, recipient))


@route("GET", "/guilds/{guild_id}")
async def get_guild(call: Call) -> Reply:
    guild = call.world.guild(call.snowflake("guild_id"))
    if guild is None:
        return not_found(10004, "Unknown Guild")
    data = guild_payload(guild)
    if call.flag("with_counts"):
        data.update(
            approximate_member_count=len(call.world.guild_members(guild)),
            approximate_presence_count=0,
        )
    return ok(data)


@route("GET", "/guilds/{guild_id}/channels")
async def get_guild_channels(call: Call) -> Reply:
    guild = call.world.guild(call.snowflake("guild_id"))
    if guild is None:
        return not_found(10004, "Unknown Guild")
    return ok([channel_payload(c, guild.id) for c in guild.channels])


@route("GET", "/guilds/{guild_id}/roles")
async def get_guild_roles(call: Call) -> Reply:
    guild = call.world.guild(call.snowflake("guild_id"))
    if guild is None:
        return not_found(10004, "Unknown Guild")
    return ok([role_payload(r) for r in guild.roles])


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(call: Call) -> Reply:
    guild = call.world.guild(call.snowflake("guild_id"))
    if guild is None:
        return not_found(10004, "Unknown Guild")
    user_id = call.snowflake("user_id")
    member = next((m for m in call.world.guild_members(guild) if m.user.id == user_id), None)
    return ok(member_payload(member)) if member else not_found(10007, "Unknown Member")


@route("GET", "/guilds/{guild_id}/members")
async def list_members(call: Call) -> Reply:
    guild = call.world.guild(call.snowflake("guild_id"))
    if guild is None:
        return not_found(10004, "Unknown Guild")
    limit = int(call.query.get("limit", "1") or 1)
    after = int(call.query.get("after", "0") or 0)
    members = sorted(call.world.guild_members(guild), key=lambda m: m.user.id)
    return ok([member_payload(m) for m in members if m.user.id > after][:limit])


@route("GET", "/channels/{channel_id}")
async def get_channel(call: Call) -> Reply:
    channel_id = call.snowflake("channel_id")
    found = call.world.channel(channel_id)
    if found is not None:
        return ok(channel_payload(found[0], found[1].id))
    recipient = call.world.dm_channels.get(channel_id)
    if recipient is not None:
        return ok(dm_channel_payload(channel_id, recipient))
    return not_found(10003, "Unknown Channel")


@route("POST", "/channels/{channel_id}/typing")
async def typing(call: Call) -> Reply:
    known = (
        call.world.channel(call.snowflake("channel_id"))
        or call.snowflake("channel_id") in call.world.dm_channels
    )
    return no_content() if known else not_found(10003, "Unknown Channel")


# -- application commands -------------------------------------------------

GLOBAL = "/applications/{application_id}/commands"
GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


def _scope(call: Call) -> tuple[int | None, Reply | None]:
    """Which command scope the call addresses, or an error reply."""
    if call.snowflake("application_id") != call.world.app_id:
        return None, call.misuse(
            403, 50001, f"application id {call.params['application_id']} is not this bot's"
        )
    if "guild_id" not in call.params:
        return None, None
    guild_id = call.snowflake("guild_id")
    if call.world.guild(guild_id) is None:
        return None, call.misuse(403, 50001, "Missing Access (bot is not in that guild)")
    return guild_id, None


@route("GET", GLOBAL, GUILD)
async def list_commands(call: Call) -> Reply:
    guild_id, error = _scope(call)
    return error or ok(call.world.commands.in_scope(guild_id))


@route("PUT", GLOBAL, GUILD)
async def overwrite_commands(call: Call) -> Reply:
    guild_id, error = _scope(call)
    if error:
        return error
    problems = check_command_list(call.body)
    if problems:
        return call.reject(problems)
    return ok(call.world.commands.overwrite(guild_id, list(call.body)))


@route("POST", GLOBAL, GUILD)
async def upsert_command(call: Call) -> Reply:
    guild_id, error = _scope(call)
    if error:
        return error
    problems = check_command(call.body)
    if problems:
        return call.reject(problems)
    return Reply(201, call.world.commands.upsert(guild_id, call.body))


@route("GET", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
async def get_command(call: Call) -> Reply:
    guild_id, error = _scope(call)
    if error:
        return error
    found = call.world.commands.by_id(guild_id, call.snowflake("command_id"))
    return ok(found) if found else not_found(10063, "Unknown application command")


@route("PATCH", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
async def edit_command(call: Call) -> Reply:
    guild_id, error = _scope(call)
    if error:
        return error
    found = call.world.commands.by_id(guild_id, call.snowflake("command_id"))
    if found is None:
        return not_found(10063, "Unknown application command")
    merged = {**found, **(call.body if isinstance(call.body, dict) else {})}
    problems = check_command(merged)
    if problems:
        return call.reject(problems)
    call.world.commands.delete(guild_id, int(found["id"]))
    return ok(call.world.commands.upsert(guild_id, merged))


@route("DELETE", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
async def delete_command(call: Call) -> Reply:
    guild_id, error = _scope(call)
    if error:
        return error
    deleted = call.world.commands.delete(guild_id, call.snowflake("command_id"))
    return no_content() if deleted else not_found(10063, "Unknown application command")
