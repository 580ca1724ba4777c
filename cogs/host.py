"""What the cogs (and the console, which runs them) are handed: the bot, seen through
the parts they use. The entry module implements it; nothing here imports it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from core.matching import TitleIndex
from db.catalog import CatalogRepository
from db.connection import Database
from scheduler.airing import Airing
from scheduler.service import Announcements
from services.cards import Cards
from services.languages import ServerLanguages
from services.live import LiveData
from services.live_search import LiveSearch
from services.pictures import PictureWorker


class Host(Protocol):
    @property
    def db(self) -> Database: ...

    @property
    def catalog(self) -> CatalogRepository: ...

    @property
    def titles(self) -> TitleIndex: ...

    @property
    def live(self) -> LiveData: ...

    @property
    def cards(self) -> Cards: ...

    @property
    def live_search(self) -> LiveSearch: ...

    @property
    def pictures(self) -> PictureWorker: ...

    @property
    def announcements(self) -> Announcements: ...

    @property
    def airing(self) -> Airing: ...

    @property
    def languages(self) -> ServerLanguages: ...

    @property
    def started_at(self) -> dt.datetime: ...

    @property
    def tree(self) -> app_commands.CommandTree[Any]: ...

    async def add_cog(self, cog: commands.Cog, /) -> None: ...

    def add_dynamic_items(self, *items: type[discord.ui.DynamicItem[Any]]) -> None: ...

    def remove_dynamic_items(self, *items: type[discord.ui.DynamicItem[Any]]) -> None: ...

    async def wait_until_ready(self) -> None: ...

    def get_channel(
        self, id: int, /
    ) -> discord.abc.GuildChannel | discord.Thread | discord.abc.PrivateChannel | None: ...

    def get_guild(self, id: int, /) -> discord.Guild | None: ...

    def get_partial_messageable(
        self, id: int, *, guild_id: int | None = None, type: discord.ChannelType | None = None
    ) -> discord.PartialMessageable: ...
