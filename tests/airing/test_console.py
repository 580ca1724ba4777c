"""The console runs every /airing command on the stored schedule, offline."""

from __future__ import annotations

import io

from console import Console

from .data import COURT


async def run(bot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


async def test_the_console_runs_airing_offline(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    await schedule_fake.close()  # from here on, only the stored schedule answers
    bot = airing.bot
    status, text = await run(bot, "/airing day day:saturday timezone:Asia/Seoul")
    assert status == 0
    assert "Moonlit Court" in text and "double episode" in text
    status, text = await run(bot, "/airing next show:moonlit court")
    assert status == 0 and "S01E01" in text
    status, text = await run(bot, f"/airing follow show:tvmaze:{COURT}")
    assert status == 0 and "Following" in text
    status, text = await run(bot, "/airing following")
    assert "Moonlit Court" in text
    status, text = await run(bot, "/airing unfollow show:Moonlit Court")
    assert "Stopped following" in text
    status, text = await run(bot, "/airing day day:someday")
    assert "not a day I understand" in text
