"""Embeds for lists and histories, the /show chart line, and the rank picture."""

import asyncio
import dataclasses
import datetime as dt
import warnings

import discord
import pytest

from db.charts import ChartEntry, ChartHistory, ChartRepository, ChartWeek, HistoryEntry
from db.connection import Database
from render.chart_fonts import drawable
from render.chart_layout import series_of
from render.chart_plot import rank_history_png
from render.charts import (
    drawn_entries,
    history_embed,
    season_label,
    show_chart_lines,
    top_embed,
    week_highlight,
)
from render.limits import TOTAL
from render.text import embed_to_text

WEEK = dt.date(2025, 4, 27)


async def weak_hero_week(db: Database) -> ChartWeek:
    chart = await ChartRepository(db).top(WEEK, "TV (Non-English)")
    assert chart is not None
    return chart


def test_season_labels_drop_the_repeated_show_title() -> None:
    assert season_label("Weak Hero", "Weak Hero: Class 2") == "Class 2"
    assert season_label("Lupin", "Lupin: Part 2") == "Part 2"
    assert season_label("Elite", None) is None
    assert season_label("Havoc", "Havoc") is None
    assert season_label("I am Solo", "나는 솔로") == "나는 솔로"


async def test_top_embed_lists_the_week_with_figures_and_marks(charts_db: Database) -> None:
    chart = await weak_hero_week(charts_db)
    embed = top_embed(chart)
    assert embed.title == "Netflix Top 10 · Global · TV (Non-English)"
    text = embed.description or ""
    assert "Week of 21–27 Apr 2025" in text
    first = text.split("` 1.`")[1].split("` 2.`")[0]
    assert "**Weak Hero** (Class 2) 🇰🇷" in first
    assert "34.9M hours · 6.1M views · 1 week in Top 10 · NEW" in first
    assert "▼1" in text and "▼2" in text
    assert "🇰🇷 Korean title" in (embed.footer.text or "")


async def test_headline_opens_the_embed(charts_db: Database) -> None:
    chart = await weak_hero_week(charts_db)
    highlight = week_highlight(chart)
    assert highlight == "A Korean show is No. 1: **Weak Hero** (Class 2), straight in at the top."
    embed = top_embed(chart, headline=highlight)
    assert (embed.description or "").startswith(highlight)


async def test_highlights_for_other_weeks(charts_db: Database) -> None:
    charts = ChartRepository(charts_db)
    may = await charts.top(dt.date(2025, 5, 4), "TV (Non-English)")
    assert may is not None
    assert week_highlight(may) == (
        "3 Korean titles in the Top 10; the highest is **Weak Hero** (Class 2) at No. 2."
    )
    old = await charts.top(dt.date(2021, 7, 4), "TV (Non-English)")
    assert old is not None and week_highlight(old) is None
    single = dataclasses.replace(may, entries=may.entries[1:2])
    assert (
        week_highlight(single)
        == "One Korean title in the Top 10: **Weak Hero** (Class 2) at No. 2."
    )


async def test_country_embed_says_the_list_is_not_split(charts_db: Database) -> None:
    chart = await ChartRepository(charts_db).top(WEEK, "TV (English)", "KR")
    assert chart is not None
    embed = top_embed(chart)
    assert embed.title == "Netflix Top 10 · South Korea · TV"
    assert "no TV (English) list of its own" in (embed.description or "")
    assert "hours" not in (embed.description or "")


def test_hostile_titles_are_escaped_and_the_embed_fits() -> None:
    nasty = "@everyone **bold** <@123> " + "약한영웅 " * 100 + "😀" * 50
    entries = tuple(
        ChartEntry(
            rank=rank, show_title=nasty, season_title=nasty + " S2", hours_viewed=10**12,
            views=10**11, runtime=1.5, weeks_in_top10=999, movement="NEW", show_id=1,
            is_korean=True,
        )
        for rank in range(1, 11)
    )  # fmt: skip
    chart = ChartWeek(WEEK, "TV (Non-English)", None, None, entries)
    embed = top_embed(chart, headline=week_highlight(chart))
    assert len(embed) <= TOTAL
    assert "@everyone" not in (embed.description or "").replace("@\u200beveryone", "")
    assert "**bold**" not in (embed.description or "")


async def test_history_embed_and_show_lines(charts_db: Database) -> None:
    weak_hero = await charts_db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    history = await ChartRepository(charts_db).history(weak_hero)
    embed = history_embed(history, "Weak Hero", image="rank-history.png")
    text = embed_to_text(embed)
    assert "Best rank: No. 1 (TV (Non-English), week of 21–27 Apr 2025)" in text
    assert "Weeks in the Top 10: 3" in text
    assert (
        "Hours viewed: 104M over its 3 Top 10 weeks (2 seasons) · views: 18.4M, same weeks" in text
    )
    assert (
        "`2025-04-27` Weak Hero (Class 2): No. 1 · TV (Non-English) · 34.9M hours · 6.1M views"
        in text
    )
    assert embed.image.url == "attachment://rank-history.png"
    lines = show_chart_lines(history)
    assert lines[:3] == [
        "Best global rank: **No. 1** in TV (Non-English) (week of 21–27 Apr 2025)",
        "3 weeks in the global Top 10",
        "Hours viewed: **104M** over its 3 Top 10 weeks (2 seasons) · views: **18.4M**, same weeks",
    ]
    assert "Weak Hero (Class 1): best No. 5, 3 weeks" in lines
    assert "Weak Hero (Class 2): best No. 1, 2 weeks" in lines


def test_an_empty_history_says_so_and_has_no_show_line() -> None:
    history = ChartHistory(show_id=1, country_iso2="KR", country_name="South Korea", entries=())
    embed = history_embed(history, "Vagabond")
    assert "has not been in a stored South Korea Top 10 list" in (embed.description or "")
    assert embed.image.url is None
    assert show_chart_lines(history) == []


def test_a_long_history_keeps_the_newest_weeks() -> None:
    entries = tuple(
        HistoryEntry(
            week=WEEK - dt.timedelta(days=7 * n),
            category="TV (English)",
            rank=1 + n % 10,
            show_title="Made-up",
            season_title=None,
            hours_viewed=None,
            views=None,
            weeks_in_top10=1,
            title_id=1,
        )
        for n in range(300, -1, -1)
    )
    embed = history_embed(ChartHistory(1, None, None, entries), "Made-up")
    assert len(embed) <= TOTAL
    assert "`2025-04-27`" in embed_to_text(embed)
    assert "…and 286 earlier entries" in embed_to_text(embed)


async def test_the_rank_picture_is_a_png_drawn_off_the_event_loop(charts_db: Database) -> None:
    weak_hero = await charts_db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    history = await ChartRepository(charts_db).history(weak_hero)
    picture = await asyncio.to_thread(rank_history_png, history, "Weak Hero")
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(picture) > 5_000
    gap = ChartHistory(1, None, None, (
        HistoryEntry(dt.date(2021, 7, 4), "TV (English)", 3, "약한영웅", None, None, None, 1, 1),
        HistoryEntry(dt.date(2021, 9, 5), "TV (English)", 1, "약한영웅", None, None, None, 2, 1),
    ))  # fmt: skip
    assert rank_history_png(gap, "약한영웅 😀").startswith(b"\x89PNG")


def test_drawable_keeps_latin_and_drops_what_no_font_draws() -> None:
    assert drawable("Weak Hero: Class 2") == "Weak Hero: Class 2"
    assert drawable("Élite ñ") == "Élite ñ"
    # Hallyu installs Noto Sans CJK and Noto Sans Thai (render/chart_fonts.py).
    assert drawable("약한영웅 Weak") == "약한영웅 Weak"
    assert drawable("ซีรีส์เกาหลี 韓劇 週間") == "ซีรีส์เกาหลี 韓劇 週間"
    assert drawable("\U000f0000") == ""  # private use: no font draws it


def test_top_embed_is_a_discord_embed() -> None:
    chart = ChartWeek(WEEK, "TV (English)", None, None, ())
    assert isinstance(top_embed(chart), discord.Embed)


@pytest.mark.parametrize("weeks", [1, 26, 187, 260])
def test_any_span_of_weeks_draws_without_warnings(weeks: int) -> None:
    entries = tuple(
        HistoryEntry(
            week=WEEK + dt.timedelta(days=7 * n),
            category="TV (English)",
            rank=1 + n % 10,
            show_title="Made-up",
            season_title=None,
            hours_viewed=None,
            views=None,
            weeks_in_top10=1,
            title_id=1,
        )
        for n in range(weeks)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rank_history_png(ChartHistory(1, None, None, entries), "Made-up").startswith(
            b"\x89PNG"
        )


def _money_heist_week(week: str, part: int, hours: int, views: int | None) -> HistoryEntry:
    return HistoryEntry(
        dt.date.fromisoformat(week),
        "TV (Non-English)",
        1,
        "Money Heist",
        f"Money Heist: Part {part}",
        hours,
        views,
        1,
        part,
    )


def test_totals_say_which_weeks_and_seasons_they_cover() -> None:
    # Netflix's rows: hours for every week, views only from June 2023 on.
    history = ChartHistory(
        1,
        None,
        None,
        (
            _money_heist_week("2021-09-05", 5, 201_910_000, None),
            _money_heist_week("2021-09-05", 1, 22_710_000, None),
            _money_heist_week("2021-12-05", 5, 189_920_000, None),
            _money_heist_week("2024-01-07", 1, 15_200_000, 1_500_000),
        ),
    )
    lines = show_chart_lines(history)
    assert lines[2] == (
        "Hours viewed: **429.7M** over its 3 Top 10 weeks (2 parts) · views: **1.5M**, "
        "from only 1 of those weeks (Netflix has published views since June 2023)"
    )
    assert not any("1.5M views" in line for line in lines)
    text = embed_to_text(history_embed(history, "Money Heist"))
    assert "from only 1 of those weeks" in text


def _season_week(week: str, season: str, title_id: int, rank: int = 5) -> HistoryEntry:
    return HistoryEntry(
        week=dt.date.fromisoformat(week),
        category="TV (Non-English)",
        rank=rank,
        show_title="Single’s Inferno",
        season_title=f"Single’s Inferno: {season}",
        hours_viewed=20_000_000,
        views=2_000_000,
        weeks_in_top10=1,
        title_id=title_id,
    )


def test_a_long_seasoned_history_says_truly_how_many_weeks_are_left_out() -> None:
    # Long season titles overflow the field before HISTORY_WEEKS_SHOWN lines: the count
    # of what is left out must still be the entries left out, not the lines clipped.
    entries = tuple(
        _season_week(
            (WEEK + dt.timedelta(days=7 * n)).isoformat(), f"Season {1 + n // 4}", 1 + n // 4
        )
        for n in range(20)
    )
    embed = history_embed(ChartHistory(1, None, None, entries), "Single’s Inferno", "h.png")
    value = embed.fields[0].value or ""
    shown = [line for line in value.split("\n") if line.startswith("`")]
    assert len(value) <= 1024
    tail = value.split("\n")[-1]
    assert tail == f"…and {20 - len(shown)} earlier entries, all in the picture"


def test_seasons_are_listed_in_the_order_they_charted() -> None:
    # A weekly show's "seasons" are dates (WWE Raw); alphabetical order put April 2026
    # before April 2025 and "Season 10" before "Season 2".
    entries = tuple(
        _season_week(week, season, title_id)
        for week, season, title_id in (
            ("2025-04-13", "April 7, 2025", 1),
            ("2025-04-20", "April 14, 2025", 2),
            ("2026-04-12", "April 6, 2026", 3),
        )
    )
    lines = show_chart_lines(ChartHistory(1, None, None, entries))
    seasons = [line.split(":")[0] for line in lines if "best No." in line]
    assert seasons == [
        "Single’s Inferno (April 7, 2025)",
        "Single’s Inferno (April 14, 2025)",
        "Single’s Inferno (April 6, 2026)",
    ]


def test_a_weekly_show_is_drawn_as_one_line_with_every_week() -> None:
    # WWE Raw charts as 73 "seasons" named by date: a line per season kept the first
    # eight weeks and left the rest of the picture empty.
    entries = tuple(
        _season_week((WEEK + dt.timedelta(days=7 * n)).isoformat(), f"Episode {n}", 1 + n)
        for n in range(20)
    )
    drawn = drawn_entries(entries)
    assert series_of(drawn) == ["Single’s Inferno"]
    assert [e.week for e in drawn] == [e.week for e in entries]
    embed = history_embed(ChartHistory(1, None, None, entries), "Raw", "h.png")
    tail = (embed.fields[0].value or "").split("\n")[-1]
    assert tail.endswith("earlier entries, all in the picture")
    # Up to eight seasons keep a line (and a colour) each.
    few = entries[:8]
    assert drawn_entries(few) == few
    assert len(series_of(few)) == 8


def test_a_weekly_shows_dated_entries_are_counted_as_episodes_not_seasons() -> None:
    entries = tuple(
        dataclasses.replace(
            _season_week(week, season, title_id), show_title="Raw", season_title=f"Raw: {season}"
        )
        for week, season, title_id in (
            ("2025-04-13", "April 7, 2025", 1),
            ("2025-04-20", "April 14, 2025", 2),
        )
    )
    totals = show_chart_lines(ChartHistory(1, None, None, entries))[2]
    assert "over its 2 Top 10 weeks (2 episodes)" in totals
    assert "seasons" not in totals


def test_one_week_with_views_reads_same_week() -> None:
    history = ChartHistory(1, None, None, (_season_week("2025-09-28", "Season 1", 1),))
    totals = show_chart_lines(history)[2]
    assert totals.endswith("over its 1 Top 10 week · views: **2M**, same week")
