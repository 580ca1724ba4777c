"""The offline console answers in the language given with `--locale`."""

from __future__ import annotations

import io

import pytest

from app import HallyuBot
from bot import build_parser
from cogs.views import ShowPicker
from console import Console
from core.matching import IndexedShow
from render.i18n import LANGUAGES
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


async def run_status(bot: HallyuBot, line: str, locale: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out, locale=locale).execute(line)
    return status, out.getvalue()


async def test_the_korean_console_lists_its_commands_in_korean(offline_bot: HallyuBot) -> None:
    status, text = await run_status(offline_bot, "/help", "ko")
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == "명령어 (옵션은 이름:값으로, 이름 없이 쓴 글은 첫 번째 옵션에 들어가요):"
    # Names, options and descriptions as a Korean member sees them on Discord.
    assert "  /알림 상태  — 이 서버의 알림 목록과 상태" in lines
    assert any(
        line.startswith("  /퀴즈 시작 [작품:…] [문제수:…] [제한시간:…]  — ") for line in lines
    )
    assert lines[-1] == "  /quit  — 콘솔 종료"
    assert not any(line.startswith("  /announce ") for line in lines)


async def test_the_english_console_is_unchanged(offline_bot: HallyuBot) -> None:
    _, text = await run_status(offline_bot, "/help", "en")
    assert text.startswith("Commands (options as name:value; bare text fills the first one):\n")
    assert "  /announce status  — This server's announcements and their health\n" in text
    assert text.endswith("  /quit  — leave the console\n")


@pytest.mark.parametrize(
    ("line", "korean"),
    [
        ("/nope", "오류: /nope라는 명령어는 없어요 (/help를 입력해 보세요)"),
        (
            "show weak hero",
            "오류: 명령어는 /로 시작해요. 예: /show weak hero (/help를 입력해 보세요)",
        ),
        # An English name works too; the message names the option as the member knows it.
        ("/show weak hero extra:1", "오류: /드라마에는 “extra” 옵션이 없어요 (옵션: 검색어, 지역)"),
        ("/퀴즈 시작 문제수:99", "오류: 문제수 값은 1~20 사이여야 해요"),
        ("/trivia play rounds:99", "오류: 문제수 값은 1~20 사이여야 해요"),
        ("/퀴즈 시작 문제수:열", "오류: 문제수: “열” 값은 쓸 수 없어요"),
        ("/퀴즈 시작 rounds:3 문제수:4", "오류: 문제수 옵션이 두 번 들어갔어요"),
        ("/퀴즈 추가 문제:누구?", "오류: /퀴즈 추가: 정답 옵션은 꼭 넣어야 해요"),
    ],
)
async def test_usage_errors_in_korean(offline_bot: HallyuBot, line: str, korean: str) -> None:
    assert await run_status(offline_bot, line, "ko") == (2, korean + "\n")


async def test_a_choice_is_taken_by_its_korean_name(offline_bot: HallyuBot) -> None:
    status, text = await run_status(offline_bot, "/알림 한국작품 방식:아무거나", "ko")
    assert status == 2
    assert text.startswith("오류: 방식 값은 다음 중 하나여야 해요: 전체 순위, 한국 작품 표시 | ")
    korean_names = text.split(": ", 2)[2].strip().split(" | ")
    english = await run_status(offline_bot, "/announce korean mode:anything", "en")
    assert len(korean_names) == len(english[1].split(" | ")) >= 2
    # Each choice's Korean name is accepted: the command then runs (and, with no
    # announcement set up, says so in Korean).
    status, text = await run_status(offline_bot, f"/알림 한국작품 방식:{korean_names[-1]}", "ko")
    assert status == 1 and "오류" not in text


async def test_a_member_facing_error_reads_in_the_consoles_language(
    offline_bot: HallyuBot,
) -> None:
    """A command typed by its Korean name fails as it would for a Korean member."""
    _, english = await run_status(offline_bot, "/trivia stop", "en")
    status, korean = await run_status(offline_bot, "/퀴즈 종료", "ko")
    assert status == 1
    assert korean.strip() == LANGUAGES.get("ko").gettext(english.strip())
    assert korean != english
    assert korean == "이 채널에서 진행 중인 퀴즈가 없어요.\n"


def test_a_pickers_choices_read_in_the_members_language() -> None:
    shows = [IndexedShow(1, "Weak Hero", 2022, "KR"), IndexedShow(2, "Squid Game", 2021, "KR")]
    picker = ShowPicker(1, shows, _pick, lang=LANGUAGES.get("ko"))
    assert picker.select.placeholder == "어떤 작품을 찾으셨나요?"
    assert picker.console_text().splitlines()[0] == "선택지:"
    assert "  2. Squid Game (2021, KR)  (입력: query:show:2)" in picker.console_text().splitlines()


async def _pick(interaction: object, show_id: int) -> None:
    return None
