"""Cards are rendered once per data generation, with one read per miss."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from discord.ext import commands

import app as app_module
from app import EXTENSIONS, HallyuBot
from core.errors import NotFoundError, UserError
from db.catalog_loader import load_catalog
from db.chart_import import import_netflix_file
from db.connection import Database
from tests.charts.conftest import TV, global_file

NEW_SHOW = {"format": 1, "shows": [{"slug": "made-up", "title": "A Made-up Drama"}]}


class ReadCounter:
    def __init__(self, bot: HallyuBot) -> None:
        self.calls = 0
        self._read = bot.db.read

        async def counting(fn: Any) -> Any:
            self.calls += 1
            return await self._read(fn)

        bot.db.read = counting  # type: ignore[method-assign]

    def take(self) -> int:
        calls, self.calls = self.calls, 0
        return calls


@pytest.fixture
async def bot(offline_bot: HallyuBot) -> AsyncIterator[HallyuBot]:
    # Only what the test does may touch the store or the generation.
    await offline_bot.live.stop()
    yield offline_bot


def field_names(embed: Any) -> list[str]:
    return [field.name for field in embed.fields]


async def test_a_show_card_is_read_once_then_answered_from_memory(bot: HallyuBot) -> None:
    reads = ReadCounter(bot)
    found = bot.cards.resolve("weak hero")
    assert found.show_id is not None and reads.take() == 0
    card = await bot.cards.show(found.show_id)
    assert card.embed.title == "Weak Hero (약한영웅)"
    assert reads.take() == 1, "details and chart history come in one read"
    assert await bot.cards.show(found.show_id) is card
    assert bot.cards.resolve("Weak Hero") == found
    assert reads.take() == 0


async def test_an_import_changes_the_card_once_the_generation_moves(bot: HallyuBot) -> None:
    show_id = bot.cards.resolve("weak hero").show_id
    assert show_id is not None
    before = await bot.cards.show(show_id)
    assert "Netflix Top 10" not in field_names(before.embed)
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    # Until the data generation moves, the rendered card is what is served...
    assert await bot.cards.show(show_id) is before
    generation = bot.live.generation.value
    # ...and the import ran on its own connection, which the watcher's check notices.
    assert await bot.live.check() is True
    assert bot.live.generation.value == generation + 1
    after = await bot.cards.show(show_id)
    assert "Netflix Top 10" in field_names(after.embed)
    assert await bot.live.check() is False


async def test_this_process_writes_do_not_look_like_another_process(bot: HallyuBot) -> None:
    async with bot.db.transaction() as conn:
        await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', 'x')")
    assert await bot.live.check() is False


async def test_other_writes_cost_no_rebuild_and_data_writes_do(bot: HallyuBot) -> None:
    generation, rebuilds = bot.live.generation.value, bot.live.rebuilds
    other = await Database.open(bot.db.path)
    try:
        # Another process's bookkeeping (a heartbeat, a score): not what cards show.
        async with other.transaction() as conn:
            await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('beat', '1')")
        assert await bot.live.check() is False
        assert (bot.live.generation.value, bot.live.rebuilds) == (generation, rebuilds)
        # Another process's catalog import marks the data changed.
        await load_catalog(other, json.dumps(NEW_SHOW).encode(), "new.json")
    finally:
        await other.close()
    assert await bot.live.check() is True
    assert bot.live.generation.value == generation + 1
    found = bot.cards.resolve("A Made-up Drama")
    assert found.show_id is not None


async def test_a_new_show_is_found_after_the_index_is_rebuilt(bot: HallyuBot) -> None:
    with pytest.raises(NotFoundError):
        bot.cards.resolve("The Eternaut")
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    await bot.live.changed()
    found = bot.cards.resolve("The Eternaut")
    assert found.show_id is not None
    card = await bot.cards.show(found.show_id)
    assert card.embed.title == "The Eternaut"


async def test_cast_actor_and_chart_top_read_once_per_miss(bot: HallyuBot) -> None:
    await import_netflix_file(bot.db, global_file(), "all-weeks-global.tsv")
    await bot.live.changed()
    reads = ReadCounter(bot)
    show_id = bot.cards.resolve("weak hero").show_id
    assert show_id is not None
    pages = await bot.cards.cast(show_id, None)
    assert reads.take() == 1
    assert await bot.cards.cast(show_id, None) is pages and reads.take() == 0
    with pytest.raises(UserError, match="no season 9"):
        await bot.cards.cast(show_id, 9)
    assert reads.take() == 1

    actor = await bot.cards.actor("Park Ji-hoon")
    assert actor.title == "Park Ji-hoon (박지훈)" and reads.take() == 1
    assert await bot.cards.actor("park ji-hoon") is actor and reads.take() == 0
    assert await bot.cards.people_choices("park") == await bot.cards.people_choices("Park")
    assert reads.take() == 1

    top = await bot.cards.top(None, TV, None)
    assert top.page.latest == dt.date(2025, 5, 4) and top.embed is not None
    assert reads.take() == 1, "the newest week and its list come in one read"
    assert await bot.cards.top(None, TV, None) is top and reads.take() == 0
    missing = await bot.cards.top(dt.date(2020, 1, 5), TV, None)
    assert missing.embed is None and missing.page.latest == dt.date(2025, 5, 4)


async def test_a_stale_pick_says_the_show_is_gone(bot: HallyuBot) -> None:
    found = bot.cards.resolve("show:999999")
    assert found.show_id == 999999
    with pytest.raises(NotFoundError, match="no longer in the catalog"):
        await bot.cards.show(999999)


async def test_a_cards_buttons_open_sections_without_reading_again(bot: HallyuBot) -> None:
    show_id = bot.cards.resolve("weak hero").show_id
    assert show_id is not None
    card = await bot.cards.show(show_id)
    assert card.sections == ("cast", "notes", "sources")
    reads = ReadCounter(bot)
    notes = await bot.cards.section(show_id, "notes")
    assert notes and notes[0].title == "Notes: Weak Hero"
    assert await bot.cards.section(show_id, "notes") is notes
    assert reads.take() == 0
    assert "Sources: Weak Hero" in card.console_text()


async def test_commands_wait_for_a_start_up_finished_in_the_background(settings) -> None:
    bot = HallyuBot(settings)
    async with bot:
        await bot.prepare(in_background=True)
        # Whatever the timing, once the tree's check has passed everything is there.
        assert await bot.tree.interaction_check(None) is True  # type: ignore[arg-type]
        assert set(bot.extensions) == set(EXTENSIONS)
        assert bot.cards.resolve("weak hero").show_id is not None
        assert len(bot.titles) > 0


async def test_a_failed_background_start_up_closes_the_bot(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "EXTENSIONS", (*EXTENSIONS, "cogs.no_such_extension"))
    bot = HallyuBot(settings)
    async with bot:
        await bot.prepare(in_background=True)
        with pytest.raises(commands.ExtensionNotFound):
            await bot.started()
        assert bot.is_closed()
        assert isinstance(bot.start_up_error, commands.ExtensionNotFound)


async def test_a_cards_buttons_are_built_once_per_card(bot: HallyuBot) -> None:
    shows = bot.get_cog("Shows")
    show_id = bot.cards.resolve("weak hero").show_id
    assert shows is not None and show_id is not None
    first_embed, first_view = await shows.card(show_id)  # type: ignore[attr-defined]
    again_embed, again_view = await shows.card(show_id)  # type: ignore[attr-defined]
    assert (again_embed, again_view) == (first_embed, first_view)
    assert again_view is first_view
    bot.live.generation.bump()
    _, fresh = await shows.card(show_id)  # type: ignore[attr-defined]
    assert fresh is not first_view
