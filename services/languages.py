"""Which language a member is answered in: theirs, else their server's choice, else the
server's Discord locale, else English. Only the middle step reads the store, and each
server's choice is kept in memory once read."""

from __future__ import annotations

import datetime as dt

from core.locales import SOURCE, resolve, supported
from db.server_languages import ServerLanguageRepository
from render.i18n import LANGUAGES, Lang, Languages
from services.live import LiveData

CHOICES_KEPT = 4096


class ServerLanguages:
    def __init__(self, live: LiveData, languages: Languages = LANGUAGES) -> None:
        self.live = live
        self.languages = languages
        self._chosen: dict[int, str | None] = {}

    @property
    def repo(self) -> ServerLanguageRepository:
        return ServerLanguageRepository(self.live.db)

    async def chosen(self, guild_id: int) -> str | None:
        if guild_id in self._chosen:
            return self._chosen[guild_id]
        found = supported(await self.repo.get(guild_id))
        if len(self._chosen) >= CHOICES_KEPT:
            self._chosen.clear()
        self._chosen[guild_id] = found
        return found

    async def choose(self, guild_id: int, tag: str | None, by: int) -> None:
        locale = None if tag is None else supported(tag)
        if tag is not None and locale is None:
            raise ValueError(f"unsupported language {tag!r}")
        await self.repo.set(guild_id, locale, by, dt.datetime.now(dt.UTC))
        self._chosen[guild_id] = locale

    async def for_member(
        self, member_locale: str | None, guild_id: int | None, guild_locale: str | None
    ) -> Lang:
        """The member's language, reading the server's choice only when theirs is not
        one Hallyu speaks."""
        own = supported(member_locale)
        if own is not None:
            return self.languages.get(own)
        server = await self.chosen(guild_id) if guild_id is not None else None
        tag = resolve((server, guild_locale))
        return self.languages.get(tag if tag else SOURCE)
