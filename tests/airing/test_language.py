"""Airing in the reader's language: `/airing` answers in the member's, episode posts in the
follow's (else the server's), each language rendered once per episode in a pass."""

from __future__ import annotations

import datetime as dt

import render.airing as render_airing
from core.providers import ProviderRef
from db.airing_follows import KEEP
from db.server_languages import ServerLanguageRepository
from scheduler import airing_delivery
from scheduler.delivery import Outcome
from tests.fakediscord import Actor

from .data import COURT, KST
from .test_commands import answer, text_of


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=KST).astimezone(dt.UTC)


def korean() -> Actor:
    return Actor(locale="ko")


async def test_airing_today_answers_a_korean_member_in_korean(live_airing, discord_fake, clock):
    await live_airing.airing.refresh_schedule(clock(), days=14)
    data = await answer(
        await discord_fake.slash("airing today", timezone="Asia/Seoul", actor=korean())
    )
    embed = data["embeds"][0]
    assert embed["title"] == "2026년 12월 2일 수요일 한국 드라마·예능 방영"
    assert embed["description"].endswith("개 회차.")
    assert "편성 정보: TVmaze" in embed["footer"]["text"]
    assert "Asia/Seoul 기준 날짜" in embed["footer"]["text"]
    assert "**Moonlit Court** · S01E01 “The Night Court Opens” · tvN" in text_of(data)
    assert discord_fake.violations == []


async def test_airing_next_in_korean_counts_down_with_cldr_units(live_airing, discord_fake, clock):
    await live_airing.airing.refresh_schedule(clock(), days=14)
    data = await answer(
        await discord_fake.slash("airing next", show="moonlit court", actor=korean())
    )
    description = data["embeds"][0]["description"]
    assert description.startswith("다음 회: **Moonlit Court** · S01E01")
    assert "11시간 50분 후" in description


async def test_a_korean_member_types_their_own_weekday(live_airing, discord_fake, clock):
    await live_airing.airing.refresh_schedule(clock(), days=14)
    data = await answer(
        await discord_fake.slash("airing day", day="토요일", timezone="Asia/Seoul", actor=korean())
    )
    assert data["embeds"][0]["title"].startswith("2026년 12월 5일 토요일")
    assert "S01E03 “Verdict” · tvN (2회 연속 방영)" in text_of(data)
    suggested = await (
        await discord_fake.autocomplete("airing day", "day", "", actor=korean())
    ).callback()
    choices = suggested["data"]["choices"]
    assert choices[0] == {"name": "오늘: 2026년 12월 2일 수요일", "value": "2026-12-02"}
    assert choices[1]["name"].startswith("내일: ") and len(choices) == 7


async def test_errors_of_airing_read_in_the_members_language(live_airing, discord_fake, clock):
    await live_airing.airing.refresh_schedule(clock(), days=14)
    data = await answer(
        await discord_fake.slash("airing day", day="someday", actor=Actor(locale="pt-BR"))
    )
    assert data["content"].startswith("Não entendi o dia “someday”")
    far = await answer(await discord_fake.slash("airing day", day="+9", actor=Actor(locale="ja")))
    assert far["content"] == "表示できるのは今後7日分だけです（2026-12-02〜2026-12-08）。"


async def test_a_follow_in_japanese_posts_in_japanese(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    target = fake.guild.text_channels()[1].id
    data = await answer(
        await fake.slash("airing follow", show=f"tvmaze:{COURT}", channel=target, language="ja")
    )
    assert "Posts will be in 日本語." in data["content"]
    listing = await answer(await fake.slash("airing following", actor=korean()))
    assert "알림 언어: 日本語" in text_of(listing)
    report = await bot.airing.deliver(at(2, 20, 50, 5))
    assert report.count(Outcome.SENT) == 1
    embed = fake.messages(target)[-1]["embeds"][0]
    assert embed["title"] == "Moonlit Court · S01E01 配信開始"
    assert "S01E01「The Night Court Opens」 · tvN" in embed["description"]
    assert "に放送" in embed["description"]
    assert embed["footer"]["text"] == "番組表データ：TVmaze（CC BY-SA 4.0）"
    assert fake.violations == []


async def test_a_follow_without_a_language_posts_in_the_servers(live_airing, discord_fake, clock):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    await ServerLanguageRepository(bot.db).set(fake.guild.id, "pt-BR", 1, clock())
    await answer(await fake.slash("airing follow", show=f"tvmaze:{COURT}"))
    await bot.airing.deliver(at(2, 20, 50, 5))
    [follow] = await bot.airing.follows.in_guild(fake.guild.id)
    assert follow.language is None and follow.server_language == "pt-BR"
    embed = fake.messages(follow.channel_id)[-1]["embeds"][0]
    assert embed["title"] == "Moonlit Court · S01E01 já saiu"
    assert embed["footer"]["text"] == "Dados da programação: TVmaze (CC BY-SA 4.0)"


async def test_each_language_is_rendered_once_per_episode(
    live_airing, discord_fake, clock, monkeypatch
):
    bot, fake = live_airing, discord_fake
    await bot.airing.refresh_schedule(clock(), days=14)
    channels = fake.guild.text_channels()
    for channel, language in zip(channels, ("ja", "ja", None), strict=True):
        await bot.airing.follows.follow(
            guild_id=fake.guild.id,
            channel_id=channel.id,
            show=ProviderRef("tvmaze", COURT),
            role_id=None,
            by=1,
            now=clock(),
            language=language,
        )
    rendered: list[str] = []
    real = render_airing.episode_card

    def counting(show, episodes, lang, *, catch_up):
        rendered.append(lang.tag)
        return real(show, episodes, lang, catch_up=catch_up)

    monkeypatch.setattr(airing_delivery, "episode_card", counting)
    report = await bot.airing.deliver(at(2, 20, 50, 5))
    assert report.count(Outcome.SENT) == 3
    assert sorted(rendered) == ["en", "ja"]
    titles = {c.id: fake.messages(c.id)[-1]["embeds"][0]["title"] for c in channels}
    assert titles[channels[0].id] == titles[channels[1].id] == "Moonlit Court · S01E01 配信開始"
    assert titles[channels[2].id] == "Moonlit Court · S01E01 is out"
    urls = {fake.messages(c.id)[-1]["embeds"][0]["url"] for c in channels}
    assert len(urls) == 3, "each follow's post keeps its own marker"


async def test_following_again_keeps_or_changes_the_language(airing, clock):
    follows = airing.follows
    await airing.refresh_schedule(clock(), days=14)
    ref = ProviderRef("tvmaze", COURT)
    made, created = await follows.follow(
        guild_id=1, channel_id=2, show=ref, role_id=None, by=1, now=clock(), language="ko"
    )
    assert created and made.language == "ko"
    kept, created = await follows.follow(
        guild_id=1, channel_id=2, show=ref, role_id=None, by=1, now=clock(), language=KEEP
    )
    assert not created and kept.language == "ko"
    reset, _ = await follows.follow(
        guild_id=1, channel_id=2, show=ref, role_id=None, by=1, now=clock(), language=None
    )
    assert reset.language is None
    fresh, _ = await follows.follow(
        guild_id=1, channel_id=3, show=ref, role_id=None, by=1, now=clock()
    )
    assert fresh.language is None


async def test_posts_read_in_korean_and_brazilian_portuguese(live_airing, clock):
    from render.airing import ended_post, episode_card, episode_post
    from render.i18n import LANGUAGES

    airing = live_airing.airing
    await airing.refresh_schedule(clock(), days=14)
    court = await airing.schedule.episodes("tvmaze", [9100101, 9100102, 9100103, 9100104])
    show = court[0].show
    ko, pt = LANGUAGES.get("ko"), LANGUAGES.get("pt-BR")
    double = episode_post(7, episode_card(show, court[2:], ko, catch_up=False), None).embed
    assert double.title == "Moonlit Court · S01E03 및 S01E04 공개"
    assert "에 방영 (<t:" in (double.description or "")
    assert double.footer.text == "편성 정보: TVmaze (CC BY-SA 4.0)"
    missed = episode_post(7, episode_card(show, court, pt, catch_up=True), None).embed
    assert missed.title == "Moonlit Court: episódios que você pode ter perdido"
    lines = (missed.description or "").split("\n")
    assert lines[0] == "Enquanto eu estava fora, foram ao ar:"
    assert lines[1].startswith(
        "**Moonlit Court** · S01E01 “The Night Court Opens” · tvN · foi ao ar <t:"
    )
    assert len(lines) == 5 and (missed.url or "").endswith("#hallyu-air-7-9100104")
    single = episode_post(7, episode_card(show, court[:1], pt, catch_up=False), None).embed
    assert single.title == "Moonlit Court · S01E01 já saiu"
    finished = ended_post(7, show, court[-1], ko).embed
    assert finished.title == "방영 종료"
    assert (finished.description or "").startswith(
        "**Moonlit Court** 방영이 모두 끝났어요. 마지막 회 S01E04"
    )


def test_countdowns_and_days_come_from_cldr():
    from core.airing import parse_day
    from render.i18n import LANGUAGES

    assert LANGUAGES.get("en").countdown(2, 3, 0) == "2 days 3 hours"
    assert LANGUAGES.get("ko").countdown(0, 11, 50) == "11시간 50분"
    assert LANGUAGES.get("pt-BR").countdown(2, 3, 0) == "2 dias e 3 horas"
    # es-419 has no unit list pattern of its own in CLDR: the standard list joins it.
    assert LANGUAGES.get("es-419").countdown(0, 1, 5) == "1 hora y 5 minutos"
    assert LANGUAGES.get("en").full_date(dt.date(2026, 12, 4)) == "Friday 04 December 2026"
    assert LANGUAGES.get("ko").full_date(dt.date(2026, 12, 4)) == "2026년 12월 4일 금요일"
    now = dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.UTC)  # a Wednesday in Seoul
    for tag, word, day in (
        ("ko", "금요일", 4),
        ("ja", "金", 4),
        ("pt-BR", "sexta-feira", 4),
        ("pt-BR", "Sáb.", 5),
        ("fr", "lundi", 7),
        ("zh-TW", "週日", 6),
    ):
        names = LANGUAGES.get(tag).weekday_names()
        assert parse_day(word, now, "Asia/Seoul", weekdays=names) == dt.date(2026, 12, day)
    assert parse_day("내일", now, "Asia/Seoul", words={"내일": 1}) == dt.date(2026, 12, 3)
    assert parse_day("friday", now, "Asia/Seoul", weekdays={}) == dt.date(2026, 12, 4)
