"""The offline console answers in the language given with `--locale`."""

from __future__ import annotations

import io

import pytest

from bot import HallyuBot, build_parser
from console import Console
from tests.charts.conftest import import_fixtures


@pytest.fixture
async def chart_bot(offline_bot: HallyuBot) -> HallyuBot:
    await import_fixtures(offline_bot.db)
    await offline_bot.refresh_titles()
    return offline_bot


async def run(bot: HallyuBot, line: str, locale: str) -> str:
    out = io.StringIO()
    assert await Console(bot, out, locale=locale).execute(line) == 0
    return out.getvalue()


async def test_console_answers_in_korean(chart_bot: HallyuBot) -> None:
    text = await run(chart_bot, "/chart top week:2025-04-27", "ko")
    assert "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어)" in text
    assert "3490만 시간" in text


async def test_console_answers_in_brazilian_portuguese(chart_bot: HallyuBot) -> None:
    text = await run(chart_bot, "/chart top week:2025-04-27", "pt-BR")
    assert "34,9\u00a0mi de horas" in text


async def test_console_defaults_to_english(chart_bot: HallyuBot) -> None:
    out = io.StringIO()
    assert await Console(chart_bot, out).execute("/chart top week:2025-04-27") == 0
    assert "34.9M hours" in out.getvalue()


def test_the_command_line_takes_a_locale(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    assert parser.parse_args(["console", "--locale", "ko"]).locale == "ko"
    assert parser.parse_args(["console"]).locale == "en"
    with pytest.raises(SystemExit):
        parser.parse_args(["console", "--locale", "klingon"])
    assert "invalid choice" in capsys.readouterr().err
