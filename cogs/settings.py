"""`/settings language`: the language Hallyu answers in on this server (Manage Server)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.locale import lang_of
from cogs.replies import reply
from core.locales import NATIVE_NAMES, SUPPORTED
from render.i18n import LANGUAGES

if TYPE_CHECKING:
    from cogs.host import Host

AUTOMATIC = "auto"
LANGUAGE_CHOICES = [
    app_commands.Choice(name="Automatic (the server's Discord language)", value=AUTOMATIC),
    *(app_commands.Choice(name=NATIVE_NAMES[tag], value=tag) for tag in SUPPORTED),
]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Settings(
    commands.GroupCog, group_name="settings", group_description="Hallyu's settings for this server"
):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        # default_permissions only hides the command; server owners can change that.
        permissions = interaction.permissions
        if not (permissions.manage_guild or permissions.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(
        name="language",
        description="The language Hallyu answers in when a member's own is not available",
    )
    @app_commands.describe(
        language="Members whose Discord language Hallyu speaks still get their own"
    )
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def language(self, interaction: discord.Interaction[Any], language: str) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            raise app_commands.NoPrivateMessage()
        chosen = None if language == AUTOMATIC else language
        await self.bot.languages.choose(guild_id, chosen, interaction.user.id)
        lang = await lang_of(interaction)
        if chosen is None:
            text = lang.gettext(
                "Hallyu now answers in each member's Discord language, or the server's "
                "Discord language when it does not speak theirs."
            )
        else:
            server = LANGUAGES.get(chosen)
            text = server.gettext(
                "Hallyu now answers in {language} when it does not speak a member's own "
                "Discord language.",
                language=NATIVE_NAMES[chosen],
            )
        await reply(interaction, text, ephemeral=True)


async def setup(bot: Host) -> None:
    await bot.add_cog(Settings(bot))
