"""The console prints the card, then what its buttons would open."""

import io
import re

from app import HallyuBot
from cogs.views import ShowPicker
from console import Console
from core.matching import IndexedShow
from render.i18n import ENGLISH


async def run(bot: HallyuBot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


async def test_show_prints_the_card_then_its_sections(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/show weak hero")
    assert status == 0
    card, _, sections = text.partition("\nCast: Weak Hero\n")
    assert card.startswith("Weak Hero (약한영웅)\n")
    assert "Drama · 🇰🇷 KR · 2 seasons · Wavve, Netflix · 2022 · 8.5/10 (IMDb, Class 1)" in card
    assert "Park Ji-hoon as Yeon Si-eun" in card
    assert "Notes" not in card and "Sources" not in card and "more" not in card
    assert len(card.strip().split("\n")) <= 24  # the card's 20 lines plus its underlines
    cast, _, rest = sections.partition("\nNotes: Weak Hero\n")
    notes, _, sources = rest.partition("\nSources: Weak Hero\n")
    assert "Lee Jun-young as Geum Seong-j" in cast
    assert "Rotten Tomatoes audience score: 95%" in notes and "Weak Class Hero" in notes
    assert "<https://en.wikipedia.org/wiki/Weak_Hero>" in sources
    assert "**" not in text


async def test_a_bad_region_is_a_clear_message(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/show weak hero region:ZZ")
    assert status == 1
    assert "That region is not an ISO 3166 country code (such as KR, US or FR)" in text


async def test_announce_korean_rejects_an_unknown_mode(offline_bot: HallyuBot) -> None:
    status, text = await run(offline_bot, "/announce korean mode:everything")
    assert status == 2
    assert "mode must be one of" in text


async def test_a_pickers_hint_runs_as_printed(offline_bot: HallyuBot) -> None:
    # The console cannot open a menu: it prints each choice with what to type. `show:2`
    # alone is read as an option /show does not have (exit 2), so the hint names `query:`.
    picker = ShowPicker(
        1,
        [IndexedShow(1, "Weak Hero", 2022, "KR"), IndexedShow(2, "Squid Game", 2021, "KR")],
        _pick,
        lang=ENGLISH,
    )
    hints = re.findall(r"\(use: (.+)\)", picker.console_text())
    assert len(hints) == 2
    status, text = await run(offline_bot, f"/show {hints[1]}")
    assert status == 0, text
    assert text.startswith("Squid Game (오징어 게임)\n")


async def _pick(interaction: object, show_id: int) -> None:
    return None
