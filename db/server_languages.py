"""The language each server's admins chose for Hallyu (`/settings language`)."""

from __future__ import annotations

import datetime as dt

from db.connection import Database


class ServerLanguageRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, guild_id: int) -> str | None:
        value = await self.db.fetchval(
            "SELECT locale FROM server_languages WHERE guild_id = ?", (guild_id,)
        )
        return None if value is None else str(value)

    async def set(self, guild_id: int, locale: str | None, by: int, now: dt.datetime) -> None:
        """Choose `locale` for the server; None forgets the choice (Discord's locale applies)."""
        async with self.db.transaction() as conn:
            if locale is None:
                await conn.execute("DELETE FROM server_languages WHERE guild_id = ?", (guild_id,))
                return
            await conn.execute(
                "INSERT INTO server_languages (guild_id, locale, set_by, set_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "locale = excluded.locale, set_by = excluded.set_by, set_at = excluded.set_at",
                (guild_id, locale, by, now.isoformat()),
            )
