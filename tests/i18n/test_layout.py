"""Every converted card and reply fits Discord's limits in every language, with
realistic data and with the longest titles a list can carry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import discord
import pytest
from discord import app_commands

from cogs.errors import user_message
from core.airing import AiringShow, ScheduledEpisode
from core.countries import ISO_COUNTRIES
from core.i18n import Text
from core.locales import SHIPPED, SOURCE, SUPPORTED
from core.providers import Episode, ProviderRef
from db.catalog import CatalogStats
from db.chart_most_popular import MostPopularEntry
from db.charts import ChartEntry, ChartHistory, ChartWeek, CountryRun, HistoryEntry
from render.charts import history_embed, show_chart_lines, top_embed, week_highlight
from render.i18n import LANGUAGES
from render.limits import CONTENT, FIELD_NAME, FIELD_VALUE, FOOTER, TITLE, TOTAL
from render.shows import AboutInfo, about_card
from render.text import embed_to_text

WEEK = dt.date(2025, 4, 27)
LONG = "Extraordinary Attorney Woo: The Very Long Director's Cut Edition " * 3


def chart(title: str, *, country: bool = False) -> ChartWeek:
    entries = tuple(
        ChartEntry(
            rank=rank,
            show_title=title,
            season_title=f"{title}: Season {rank}",
            hours_viewed=653_900_000 // rank,
            views=61_000_000 // rank,
            runtime=None,
            weeks_in_top10=rank,
            movement=("NEW", "▲2", "▼1", "=", "")[rank % 5],
            show_id=rank,
            is_korean=rank % 2 == 1,
        )
        for rank in range(1, 11)
    )
    return ChartWeek(
        week=WEEK,
        category="TV" if country else "TV (Non-English)",
        country_iso2="KR" if country else None,
        country_name="South Korea" if country else None,
        entries=entries,
        requested_category="TV (Non-English)" if country else None,
    )


def assert_fits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= TITLE
    assert len(embed.description or "") <= 4096
    assert len(embed.footer.text or "") <= FOOTER
    for field in embed.fields:
        assert len(field.name or "") <= FIELD_NAME
        assert len(field.value or "") <= FIELD_VALUE
    assert len(embed) <= TOTAL


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_top_card_fits_and_keeps_all_ten_entries(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    for week in (chart("Weak Hero"), chart("Weak Hero", country=True)):
        embed = top_embed(week, headline=week_highlight(week, lang), lang=lang)
        assert_fits(embed)
        # Realistic titles: nothing is clipped, the tenth entry is there.
        assert "`10.`" in (embed.description or "")
        assert not (embed.description or "").endswith("…")


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_top_card_fits_with_the_longest_titles(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    week = chart(LONG, country=True)
    assert_fits(top_embed(week, headline=week_highlight(week, lang), lang=lang))


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_about_card_fits(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    info = AboutInfo(
        version="0.1.0",
        stats=CatalogStats(shows=1, seasons=2, people=1_234_567, credits=0, sources=10**6),
        started_at=now - dt.timedelta(days=3, hours=4, minutes=5),
        now=now,
        catalog_updated=None,
        chart_latest_week=f"{lang.week(WEEK)} (2025-04-27)",
        answered_by="process p1, shards 1 and 2 of 64",
    )
    embed = about_card(info, lang)
    assert_fits(embed)
    assert len(embed.fields) == 6
    if tag == SOURCE:
        values = [field.value for field in embed.fields]
        assert values[1] is not None and values[1].startswith("3d 4h 5m (since <t:")
        assert values[2] == (
            "1 show · 2 seasons · 1,234,567 people · 0 credits · 1,000,000 sources"
        )


@pytest.mark.parametrize("tag", SHIPPED)
def test_error_replies_fit_a_message(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    permissions = ["manage_guild", "manage_messages", "embed_links", "attach_files", "x_y"]
    errors: list[BaseException] = [
        app_commands.NoPrivateMessage(),
        app_commands.MissingPermissions(permissions),
        app_commands.MissingPermissions(["manage_guild"]),
        app_commands.BotMissingPermissions(permissions),
        app_commands.CheckFailure(),
    ]
    for error in errors:
        text = user_message(error, lang)
        assert text and len(text) <= CONTENT
        assert text != user_message(error), (tag, text)
        assert "{" not in text


def test_the_language_choices_fit() -> None:
    from cogs.settings import LANGUAGE_CHOICES

    assert len(LANGUAGE_CHOICES) <= 25
    for choice in LANGUAGE_CHOICES:
        assert 1 <= len(choice.name) <= 100


def test_korean_titles_replace_netflix_titles_where_known() -> None:
    from db.local_titles import LocalTitles
    from render.charts import local_entry_title

    week = chart("Weak Hero")
    first, second = week.entries[0], week.entries[1]
    titles = LocalTitles(shows={first.show_id: "약한영웅"}, seasons={})
    assert local_entry_title(first, titles) == "**약한영웅** (Season 1)"
    assert local_entry_title(second, titles) == "**Weak Hero** (Season 2)"
    assert local_entry_title(first, None) == "**Weak Hero** (Season 1)"
    lang = LANGUAGES.get("ko")
    assert_fits(top_embed(chart(LONG), lang=lang, titles=LocalTitles({1: LONG}, {1: LONG})))


@pytest.mark.parametrize("tag", SUPPORTED)
def test_new_and_return_read_in_the_language(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    week = chart("Weak Hero")
    entries = (replace(week.entries[0], movement="RETURN"), *week.entries[1:])
    embed = top_embed(replace(week, entries=entries), lang=lang)
    token = lang.pgettext("chart movement", "RETURN")
    footer = embed.footer.text or ""
    assert lang.gettext("{token}: back after weeks away", token=token) in footer
    assert f" · {token}" in (embed.description or "").split("\n")[3]
    if tag == SOURCE:
        assert "RETURN: back after weeks away" in footer
    else:
        assert "back after weeks away" not in footer


def airing_episodes(count: int, name: str, *, same_time: bool = False) -> list[ScheduledEpisode]:
    """`count` episodes of long-named shows on long-named networks, one a special."""
    start = dt.datetime(2026, 12, 4, 11, 50, tzinfo=dt.UTC)
    return [
        ScheduledEpisode(
            id=9_000_000 + n,
            show=AiringShow(
                ref=ProviderRef("tvmaze", 90_000 + n % 7),
                name=f"{name} {n}",
                network="Coupang Play Original Streaming Service " * 2,
                status="To Be Determined",
                url="https://www.tvmaze.com/shows/1/x",
            ),
            episode=Episode(
                season=1,
                number=None if n == 3 else n + 1,
                name=f"{name}: the episode title {n}",
                airdate="2026-12-04",
                airstamp=(start + dt.timedelta(minutes=0 if same_time else 10 * n)).isoformat(),
            ),
            special=n == 3,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_airing_cards_fit(tag: str) -> None:
    from render.airing import day_pages, ended_post, episode_card, episode_post, next_embed
    from render.airing_follows import FollowLine, follow_reply, following_embed, status_line

    lang = LANGUAGES.get(tag)
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    day = dt.date(2026, 12, 4)
    many = airing_episodes(120, LONG)
    pages = day_pages(many, day, "America/Argentina/ComodRivadavia", lang, platform="x" * 40)
    assert len(pages) > 1
    for page in [*pages, *day_pages(airing_episodes(40, LONG, same_time=True), day, "UTC", lang)]:
        assert_fits(page)
    assert_fits(day_pages([], day, "Asia/Seoul", lang, platform="Netflix")[0])
    show, last = many[0].show, many[1]
    for upcoming, complete in ((many[2], False), (None, True), (None, False)):
        assert_fits(next_embed(show, upcoming, last, now, lang, complete=complete))
    for episodes, catch_up in ((many[:30], True), (many[:16], False), (many[3:4], False)):
        card = episode_card(show, episodes, lang, catch_up=catch_up)
        post = episode_post(10**18, card, 10**18)
        assert_fits(post.embed)
        assert (post.embed.url or "").endswith(f"#hallyu-air-{10**18}-{episodes[-1].id}")
    assert_fits(ended_post(10**18, show, last, lang).embed)
    lines = [
        FollowLine(
            name=f"{LONG} {n}",
            follow_id=10**9 + n,
            channel_id=10**18 + n,
            role_id=10**18 if n % 2 else None,
            language=(None, "zh-TW", "pt-BR")[n % 3],
            paused_reason=Text("I may no longer post in <#1> (Discord: Missing Permissions). " * 3)
            if n % 4 == 0
            else None,
            complete=n % 5 == 0,
            upcoming=many[n],
        )
        for n in range(50)
    ]
    assert_fits(following_embed(lines, 50, lang))
    reply = follow_reply(
        LONG, 10**18, 10**18, "es-419", False, status_line(None, False, many[5], lang), lang
    )
    assert len(reply) <= CONTENT
    if tag != SOURCE:
        assert lang.gettext("Followed shows") != "Followed shows"


def history_of(title: str, weeks: int, *, country: bool = False) -> ChartHistory:
    """A long run: seasons with the longest titles, hours, views and Most Popular places."""
    entries = tuple(
        HistoryEntry(
            week=WEEK - dt.timedelta(weeks=weeks - n),
            category=("TV (Non-English)", "TV (English)")[n % 2],
            rank=1 + n % 10,
            show_title=title,
            season_title=f"{title}: Season {1 + n // 10}",
            hours_viewed=653_900_000 - n,
            views=61_000_000 if n > weeks // 2 else None,
            weeks_in_top10=n,
            title_id=1 + n // 10,
        )
        for n in range(weeks)
    )
    season = f"{title}: Season 1"
    popular = tuple(
        MostPopularEntry("TV (Non-English)", rank, title, season, 2_205_000_000, 265_200_000)
        for rank in (1, 2, 3)
    )
    return ChartHistory(
        show_id=1,
        country_iso2="KR" if country else None,
        country_name="South Korea" if country else None,
        entries=entries,
        most_popular=() if country else popular,
    )


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_history_answer_fits(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    for title in ("Weak Hero", LONG):
        for country in (False, True):
            for weeks in (1, 3, 300):
                history = history_of(title, weeks, country=country)
                # A title in the member's language beside the English one fits as well.
                local = title[::-1][:200] if weeks == 300 else None
                embed = history_embed(
                    history, title[:200], "rank-history.png", lang=lang, local=local
                )
                assert_fits(embed)
                assert "{" not in embed_to_text(embed)
                assert (embed.fields[0].value or "").startswith("`")
                for line in show_chart_lines(history, lang):
                    assert len(line) <= FIELD_VALUE and "{" not in line


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_history_of_a_show_absent_from_the_list_fits(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    runs = [CountryRun(iso2, name, 52, 1) for iso2, name in list(ISO_COUNTRIES.items())[:40]]
    for country in (False, True):
        empty = dataclasses.replace(history_of(LONG, 1, country=country), entries=())
        for embed in (
            history_embed(empty, LONG, elsewhere=runs, lang=lang),
            history_embed(empty, LONG, elsewhere=runs, lang=lang, local=LONG[::-1]),
            history_embed(empty, LONG, has_data=False, lang=lang),
            history_embed(empty, LONG, lang=lang),
        ):
            assert_fits(embed)
            assert "{" not in embed_to_text(embed)


def announcement_subscription(**changes: object):
    from core.announce import Schedule
    from db.announce import Subscription

    sub = Subscription(
        id=5, guild_id=1, channel_id=2, category="TV (Non-English)", country_iso2="KR",
        schedule=Schedule(6, 23 * 60 + 59, "America/Argentina/ComodRivadavia"),
        role_id=1 << 62, paused_reason=None, paused_at=None, created_by=3,
        created_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    return replace(sub, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("tag", SUPPORTED)
def test_the_weekly_announcement_fits_in_every_mode(tag: str) -> None:
    from render.announce import RenderedChart, announcement
    from render.charts import list_name
    from render.korean import chart_embed

    lang = LANGUAGES.get(tag)
    for week, realistic in ((chart("Weak Hero"), True), (chart(LONG, country=True), False)):
        for mode in ("all", "highlight", "only"):
            embed, highlight = chart_embed(week, mode, lang)
            drawn = RenderedChart(embed, highlight, list_name(week, lang))
            for kind in ("post", "test"):
                sub = announcement_subscription(korean=mode, language=tag)
                message = announcement(sub, drawn, WEEK, skipped=12, kind=kind, lang=lang)
                assert_fits(message.embed)
                assert message.content and len(message.content) <= CONTENT
                assert "{" not in message.content
                if realistic and mode != "only":
                    assert "`10.`" in (message.embed.description or "")


@pytest.mark.parametrize("tag", SUPPORTED)
def test_announce_status_and_replies_fit(tag: str) -> None:
    from core.i18n import deferred
    from db.announce import Delivery
    from render.announce_replies import Setting, change_reply, setup_reply
    from render.announce_status import StatusEntry, status_card

    lang = LANGUAGES.get(tag)
    now = dt.datetime(2025, 4, 30, tzinfo=dt.UTC)
    reason = deferred(
        "I may no longer post in {channel} (Discord: Missing Permissions). I need View "
        "Channel, Send Messages, Embed Links and Attach Files there.",
        channel="<#1234567890123456789>",
    )
    failing = Delivery(5, WEEK, "failed", "n", None, 1000, "HTTP 503 " + "x" * 900, now, None, None)
    entries = [
        StatusEntry(
            announcement_subscription(id=n, paused_reason=reason, paused_at=now, korean="only"),
            None,
            failing,
            now,
            None,
            None,
            LONG[:100],
            "zh-TW",
        )
        for n in range(1, 6)
    ]
    embed = status_card(entries, 5, lang)
    assert_fits(embed)
    assert len(embed.fields) == 5
    sub = announcement_subscription(language=None)
    label = LONG[:150]
    made = setup_reply(sub, label, "pt-BR", now, "ready", lang)
    changes: list[Setting] = ["channel", "category", "country", "day", "time", "timezone",
                              "role", "korean", "language"]  # fmt: skip
    again = change_reply(
        sub,
        label,
        "es-419",
        changes,
        again=True,
        next_post=now,
        state="no week",
        lang=lang,
    )
    for text in (made, again):
        assert len(text) <= CONTENT and "{" not in text


def test_the_announcement_language_choices_fit() -> None:
    from cogs.announce._setup import LANGUAGE_CHOICES

    assert len(LANGUAGE_CHOICES) <= 25
    assert all(1 <= len(choice.name) <= 100 for choice in LANGUAGE_CHOICES)
