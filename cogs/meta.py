"""`/about`: version, catalog size, data freshness, uptime."""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.locale import lang_of
from cogs.replies import reply
from db.charts import ChartRepository
from render.shows import AboutInfo, about_card

if TYPE_CHECKING:
    from cogs.host import Host


def version() -> str | None:
    """The installed package's version; None when run from a checkout never installed."""
    try:
        return metadata.version("hallyu")
    except metadata.PackageNotFoundError:
        return None


class Meta(commands.Cog):
    def __init__(self, bot: Host) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="Hallyu's version, catalog size and uptime")
    async def about(self, interaction: discord.Interaction[Any]) -> None:
        newest = await ChartRepository(self.bot.db).newest_week()
        lang = await lang_of(interaction)
        info = AboutInfo(
            version=version() or lang.pgettext("version", "unknown"),
            stats=await self.bot.catalog.stats(),
            started_at=self.bot.started_at,
            now=dt.datetime.now(dt.UTC),
            catalog_updated=await self.bot.catalog.meta("catalog_loaded_at"),
            chart_latest_week=f"{lang.week(newest)} ({newest.isoformat()})" if newest else None,
            answered_by=self.bot.announcements.cluster.describe(interaction.guild_id),
        )
        await reply(interaction, embed=about_card(info, lang))


async def setup(bot: Host) -> None:
    await bot.add_cog(Meta(bot))
