"""`/cast`'s page buttons work from their custom_id alone: after a restart too."""

from typing import Any

from app import HallyuBot
from config import Settings
from tests.fakediscord import FakeDiscord, run_bot


def button(reply: dict[str, Any], label: str) -> dict[str, Any]:
    return next(
        c
        for row in reply["data"]["components"]
        for c in row["components"]
        if c.get("label") == label
    )


def footer(reply: dict[str, Any]) -> str:
    text: str = reply["data"]["embeds"][0]["footer"]["text"]
    return text


async def test_cast_pages_turn_after_a_restart(settings: Settings) -> None:
    async with FakeDiscord() as fake:
        async with run_bot(fake, HallyuBot(settings)) as bot:
            await bot.tree.sync()
            first = await (await fake.slash("cast", show="weak hero")).callback()
            assert footer(first).startswith("Page 1/")
            assert button(first, "◀ Previous")["disabled"] is True
        next_id = button(first, "Next ▶")["custom_id"]
        # A new process: no view was kept, the button's custom_id says it all.
        async with run_bot(fake, HallyuBot(settings)):
            turned = await (await fake.click(next_id)).callback()
            assert turned["type"] == 7 and footer(turned).startswith("Page 2/")
            previous = button(turned, "◀ Previous")
            assert not previous.get("disabled")
            back = await (await fake.click(previous["custom_id"])).callback()
            assert footer(back).startswith("Page 1/")
        fake.assert_clean()
