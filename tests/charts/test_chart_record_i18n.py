"""The show's chart record (the /show card's Netflix lines and the history's totals) in
a member's language: whole sentences, numbers and week spans as the language writes them."""

from __future__ import annotations

from db.charts import ChartRepository
from db.connection import Database
from render.chart_record import show_chart_lines
from render.i18n import LANGUAGES


async def weak_hero_lines(db: Database, tag: str) -> list[str]:
    show_id = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    history = await ChartRepository(db).history(show_id)
    return show_chart_lines(history, LANGUAGES.get(tag))


async def test_korean(charts_db: Database) -> None:
    lines = await weak_hero_lines(charts_db, "ko")
    assert lines[:3] == [
        "글로벌 최고 순위: TV 프로그램 (비영어) **1위** (2025년 4월 21일~27일 주간)",
        "글로벌 TOP 10 진입 3주",
        "시청 시간: TOP 10에 든 3주 동안 **1억** (시즌 2개) · 시청 수: **1840만**, 같은 기간",
    ]
    assert "Weak Hero (Class 1): 최고 5위, 3주" in lines


async def test_brazilian_portuguese(charts_db: Database) -> None:
    lines = await weak_hero_lines(charts_db, "pt-BR")
    assert lines[1] == "3 semanas no Top 10 global"
    assert lines[2] == (
        "Horas assistidas: **104\u00a0mi** em 3 semanas no Top 10 (2 temporadas)"
        " · visualizações: **18,4\u00a0mi**, nas mesmas semanas"
    )
    assert "Weak Hero (Class 2): melhor posição nº 1, 2 semanas" in lines


async def test_english_is_unchanged(charts_db: Database) -> None:
    lines = await weak_hero_lines(charts_db, "en-US")
    assert lines[1] == "3 weeks in the global Top 10"
