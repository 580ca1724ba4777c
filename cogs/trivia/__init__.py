"""`/trivia`: moderators curate questions, members play rounds, scores and leaderboards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from cogs.trivia._curate import CurateCommands
from cogs.trivia._play import PlayCommands

if TYPE_CHECKING:
    from cogs.host import Host


@app_commands.guild_only()
class Trivia(
    CurateCommands,
    PlayCommands,
    commands.GroupCog,
    group_name="trivia",
    group_description="Trivia about K-dramas: play, see scores, curate questions",
):
    async def cog_load(self) -> None:
        self.start_background()

    async def cog_unload(self) -> None:
        await self.stop_all()


async def setup(bot: Host) -> None:
    await bot.add_cog(Trivia(bot))
