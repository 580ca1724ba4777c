"""015 gives each airing follow a post language: existing follows keep the server's (NULL)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from core.providers import ProviderRef
from db.airing_follows import FollowRepository
from db.connection import Database
from db.migrations import MIGRATIONS_DIR, migrate
from db.server_languages import ServerLanguageRepository

NOW = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)


async def _before_015(tmp_path: Path) -> Database:
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if int(path.name[:3]) < 15:
            shutil.copy(path, older / path.name)
    db = await Database.open(tmp_path / "old.sqlite3")
    await migrate(db, older)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO airing_shows (provider, provider_id, name, normalized, fetched_at) "
            "VALUES ('tvmaze', 1, 'Moonlit Court', 'moonlit court', ?)",
            (NOW.isoformat(),),
        )
        await conn.execute(
            "INSERT INTO airing_follows (guild_id, channel_id, provider, show_id, since, "
            "created_by, created_at, updated_at) VALUES (10, 20, 'tvmaze', 1, ?, 1, ?, ?)",
            (NOW.isoformat(), NOW.isoformat(), NOW.isoformat()),
        )
    return db


async def test_existing_follows_post_in_the_servers_language(tmp_path: Path) -> None:
    db = await _before_015(tmp_path)
    try:
        await migrate(db)
        columns = {
            row["name"]: row for row in await db.fetchall("PRAGMA table_info(airing_follows)")
        }
        assert columns["language"]["notnull"] == 0 and columns["language"]["dflt_value"] is None
        follows = FollowRepository(db)
        [old] = await follows.in_guild(10)
        assert old.language is None and old.server_language is None
        await ServerLanguageRepository(db).set(10, "ko", 1, NOW)
        [old] = await follows.in_guild(10)
        assert old.server_language == "ko"
        updated, created = await follows.follow(
            guild_id=10,
            channel_id=20,
            show=ProviderRef("tvmaze", 1),
            role_id=None,
            by=1,
            now=NOW,
            language="zh-TW",
        )
        assert not created and updated.language == "zh-TW"
        stored = await db.fetchval("SELECT language FROM airing_follows WHERE id = ?", (old.id,))
        assert stored == "zh-TW"
        due = await follows.due(NOW + dt.timedelta(days=1))
        assert due == []  # the follow has no episodes; the joined query still runs
    finally:
        await db.close()
