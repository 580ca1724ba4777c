"""The `/chart history` picture in the member's language: axis titles, heading, legend,
panel years and dates in that language, drawn with a font that has its glyphs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.locales import SHIPPED
from db.charts import ChartHistory, HistoryEntry
from render.chart_fonts import can_draw, families, legible
from render.chart_plot import rank_history_figure, rank_history_png
from render.i18n import LANGUAGES

WEEK = dt.date(2024, 12, 29)


def two_categories(country: bool = False) -> ChartHistory:
    entries = tuple(
        HistoryEntry(
            week=WEEK + dt.timedelta(weeks=n + (40 if n > 4 else 0)),
            category="TV (Non-English)" if n < 5 else "TV (English)",
            rank=1 + n,
            show_title="Weak Hero",
            season_title=f"Weak Hero: Class {1 if n < 5 else 2}",
            hours_viewed=None,
            views=None,
            weeks_in_top10=1,
            title_id=1 if n < 5 else 2,
        )
        for n in range(8)
    )
    if country:
        return ChartHistory(1, "KR", "South Korea", entries)
    return ChartHistory(1, None, None, entries)


def texts(history: ChartHistory, tag: str) -> dict[str, list[str]]:
    figure = rank_history_figure(history, "약한영웅", LANGUAGES.get(tag))
    axes = figure.axes
    return {
        "heading": [figure.get_suptitle()],
        "axes": [axes[0].get_ylabel(), figure.get_supxlabel()],
        "years": [panel.get_title() for panel in axes],
        "ticks": [t.get_text() for t in axes[0].get_xticklabels()],
        "legend": [t.get_text() for t in figure.legends[0].get_texts()],
    }


def test_korean_labels() -> None:
    korean = texts(two_categories(country=True), "ko")
    assert korean["heading"] == ["약한영웅: 넷플릭스 대한민국 TOP 10 주간 순위"]
    assert korean["axes"] == ["순위 (1위가 맨 위)", "주 (일요일 마감)"]
    assert korean["years"] == ["2024년 ~ 2025년", "2025년"]
    assert korean["ticks"][0] == "12월 29일"
    assert korean["legend"] == ["Class 1 · TV 프로그램 (비영어)", "Class 2 · TV 프로그램 (영어)"]


def test_english_labels_are_unchanged() -> None:
    english = texts(two_categories(), "en")
    assert english["heading"] == ["약한영웅: weekly rank in Netflix's global Top 10"]
    assert english["axes"] == ["Rank (No. 1 at the top)", "Week (each ends on a Sunday)"]
    assert english["years"] == ["2024–25", "2025"]
    assert english["ticks"][0] == "29 Dec"
    assert english["legend"] == ["Class 1 · TV (Non-English)", "Class 2 · TV (English)"]


@pytest.mark.parametrize("tag", SHIPPED)
def test_every_language_is_drawn_in_its_own_words_and_glyphs(tag: str) -> None:
    words = texts(two_categories(country=True), tag)
    english = texts(two_categories(country=True), "en")
    assert words["axes"] != english["axes"], tag
    assert words["heading"] != english["heading"], tag
    # Every character has a glyph in the fonts the picture is drawn with: no empty boxes.
    for text in (t for group in words.values() for t in group):
        assert all(can_draw(ch) for ch in text), (tag, text)


def test_each_language_draws_with_its_own_cjk_face_first() -> None:
    assert families("ja")[:2] == ["DejaVu Sans", "Noto Sans CJK JP"]
    assert families("zh-TW")[:2] == ["DejaVu Sans", "Noto Sans CJK TC"]
    assert families("ko")[:2] == ["DejaVu Sans", "Noto Sans CJK KR"]
    assert "Noto Sans Thai" in families("th")


def test_a_label_no_font_draws_falls_back_to_english() -> None:
    assert legible("순위", "Rank") == "순위"
    assert legible("\U000f0000 순위", "Rank") == "Rank"  # private use: no font has it


def test_the_png_differs_by_language() -> None:
    history = two_categories()
    pictures = {tag: rank_history_png(history, "Weak Hero", tag) for tag in ("en", "ko", "th")}
    assert len(set(pictures.values())) == 3
    again = rank_history_png(dataclasses.replace(history), "Weak Hero", "ko")
    assert again == pictures["ko"]
