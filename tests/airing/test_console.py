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


async def test_a_show_not_found_is_an_error_status(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    await schedule_fake.close()
    for line in ("/airing next show:No Such Drama", "/airing next show:tvmaze:1"):
        status, text = await run(airing.bot, line)
        assert status == 1, (line, text)
        assert "in the stored" in text


async def test_the_console_answers_airing_in_its_locale(airing, clock, schedule_fake):
    await airing.refresh_schedule(clock(), days=14)
    await schedule_fake.close()
    out = io.StringIO()
    console = Console(airing.bot, out, locale="pt-BR")
    assert await console.execute("/airing day day:sábado timezone:Asia/Seoul") == 0
    text = out.getvalue()
    assert "Episódios coreanos de sábado, 5 de dezembro de 2026" in text
    assert "(episódio duplo)" in text
    assert await console.execute("/airing next show:tvmaze:1") == 1
    assert "tvmaze:1 não está na programação salva." in out.getvalue()
