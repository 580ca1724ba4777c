"""The weekly post and `/announce status` in Korean and Brazilian Portuguese: header, list
lines, the Korean modes, footer, numbers and week ranges as each language writes them."""

import dataclasses
import datetime as dt

from core.announce import Schedule
from core.audience import KoreanMode
from core.i18n import deferred
from db.announce import Delivery, Subscription
from db.charts import ChartEntry, ChartWeek
from db.local_titles import LocalTitles
from render.announce import Kind, OutgoingMessage, RenderedChart, announcement
from render.announce_replies import change_reply, setup_reply
from render.announce_status import StatusEntry, status_card
from render.charts import list_name
from render.i18n import LANGUAGES
from render.korean import chart_embed

W = dt.date(2025, 4, 27)
NOW = dt.datetime(2025, 4, 30, 10, tzinfo=dt.UTC)
KOREAN = LocalTitles({1: "약한영웅", 2: "오징어 게임"}, {})


def entry(rank: int, title: str, season: str, hours: int, views: int, **more: object):
    values: dict[str, object] = {
        "rank": rank, "show_title": title, "season_title": season, "hours_viewed": hours,
        "views": views, "runtime": None, "weeks_in_top10": 1, "movement": "",
        "show_id": rank, "is_korean": False,
    }  # fmt: skip
    return ChartEntry(**(values | more))  # type: ignore[arg-type]


CHART = ChartWeek(
    week=W,
    category="TV (Non-English)",
    country_iso2=None,
    country_name=None,
    entries=(
        entry(
            1,
            "Weak Hero",
            "Weak Hero: Class 2",
            34_900_000,
            6_100_000,
            movement="NEW",
            is_korean=True,
        ),
        entry(
            2,
            "Squid Game",
            "Squid Game: Season 2",
            653_900_000,
            61_000_000,
            weeks_in_top10=3,
            movement="▼1",
            is_korean=True,
        ),
        entry(
            3,
            "Adolescence",
            "Adolescence: Limited Series",
            12_000_000,
            2_000_000,
            weeks_in_top10=2,
            movement="▲2",
        ),
    ),
    requested_category=None,
)
SUB = Subscription(
    id=7,
    guild_id=1,
    channel_id=2,
    category="TV (Non-English)",
    country_iso2=None,
    schedule=Schedule(4, 21 * 60 + 30, "Asia/Seoul"),
    role_id=55,
    paused_reason=None,
    paused_at=None,
    created_by=3,
    created_at=NOW,
)


def post(
    tag: str, mode: KoreanMode = "all", *, skipped: int = 0, kind: Kind = "post"
) -> OutgoingMessage:
    lang = LANGUAGES.get(tag)
    titles = KOREAN if tag == "ko" else None
    embed, highlight = chart_embed(CHART, mode, lang, titles)
    sub = dataclasses.replace(SUB, korean=mode, language=tag)
    chart = RenderedChart(embed, highlight, list_name(CHART, lang))
    return announcement(sub, chart, W, skipped=skipped, kind=kind, lang=lang)


def test_the_post_in_korean() -> None:
    message = post("ko", skipped=2)
    assert message.content == (
        "<@&55> 한국 작품이 1위예요: **약한영웅** (Class 2), 첫 주에 바로 정상!\n"
        "-# 밀린 소식: 지난 2주 순위는 여기에 따로 올리지 않았어요 "
        "(`/차트 순위`로 어느 주든 볼 수 있어요)."
    )
    embed = message.embed
    assert embed.title == "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어)"
    lines = (embed.description or "").split("\n")
    assert lines[0] == "2025년 4월 21일~27일 주간"
    assert "` 2.` **오징어 게임** (Season 2) 🇰🇷" in lines
    assert "      6.5억 시간 · 시청 수 6100만회 · TOP 10 진입 3주 · ▼1" in lines
    assert embed.footer.text == (
        "출처: 넷플릭스 TOP 10 (top10.netflix.com) · 🇰🇷 한국 작품 · ▲▼ 지난주 대비 순위 변동"
    )
    # The reference that finds the post again after a crash does not depend on the language.
    assert embed.url == "https://www.netflix.com/tudum/top10#hallyu-7-2025-04-27"


def test_the_korean_modes_in_korean() -> None:
    highlight = post("ko", "highlight").embed
    assert [(f.name, f.value) for f in highlight.fields] == [
        ("🇰🇷 이번 주 한국 작품", "1위: **약한영웅** (Class 2)\n2위: **오징어 게임** (Season 2)")
    ]
    only = post("ko", "only").embed
    assert only.title == "넷플릭스 TOP 10 · 글로벌 · TV 프로그램 (비영어) · 한국 작품"
    assert "Adolescence" not in (only.description or "")
    test = post("ko", kind="test")
    assert test.content is not None
    assert test.content.startswith("🧪 **테스트 알림**: 매주 이렇게 게시돼요")
    assert "<@&55>" not in test.content and "밀린 소식" not in test.content


def test_the_post_in_brazilian_portuguese() -> None:
    message = post("pt-BR", "highlight", skipped=1)
    assert message.content == (
        "<@&55> Uma produção coreana é a nº 1: **Weak Hero** (Class 2), estreando direto no "
        "topo.\n-# Colocando em dia: a semana anterior não foi anunciada aqui separadamente "
        "(`/ranking top10` mostra qualquer semana)."
    )
    embed = message.embed
    assert embed.title == "Top 10 da Netflix · Global · Séries (língua não inglesa)"
    lines = (embed.description or "").split("\n")
    assert lines[0] == "Semana de 21\u2009–\u200927 de abr. de 2025"
    assert (
        "      653,9\xa0mi de horas · 61\xa0mi de visualizações · 3 semanas no Top 10 · ▼1" in lines
    )
    [field] = embed.fields
    assert field.name == "🇰🇷 Títulos coreanos da semana"
    assert field.value == "Nº 1: **Weak Hero** (Class 2)\nNº 2: **Squid Game** (Season 2)"
    assert (embed.footer.text or "").startswith("Fonte: Top 10 da Netflix (top10.netflix.com)")
    several = post("pt-BR", skipped=3).content or ""
    assert "as 3 semanas anteriores não foram anunciadas" in several


def test_a_week_without_a_korean_title_opens_with_the_list_and_week() -> None:
    lang = LANGUAGES.get("pt-BR")
    plain = RenderedChart(post("pt-BR").embed, None, list_name(CHART, lang))
    message = announcement(SUB, plain, W, lang=lang)
    assert message.content == (
        "<@&55> 📺 Top 10 da Netflix, Global · Séries (língua não inglesa), "
        "semana de 21\u2009–\u200927 de abr. de 2025"
    )


def test_status_in_korean() -> None:
    ko = LANGUAGES.get("ko")
    reason = deferred("I can no longer see {channel} (Discord: Missing Access).", channel="<#2>")
    paused = dataclasses.replace(SUB, paused_reason=reason, paused_at=NOW, korean="only")
    failing = Delivery(7, W, "failed", "n", None, 3, "HTTP 403", NOW, None, None)
    entries = [
        StatusEntry(SUB, None, None, NOW + dt.timedelta(days=2), None, W, "글로벌 · TV", "ko"),
        StatusEntry(paused, None, failing, NOW, None, W, "글로벌 · TV", "pt-BR"),
    ]
    embed = status_card(entries, 5, ko)
    assert embed.title == "주간 TOP 10 알림"
    first = (embed.fields[0].value or "").split("\n")
    assert first[:4] == [
        "<#2>에 매주 금요일 21:30(Asia/Seoul)에 게시해요.",
        "게시할 때마다 <@&55> 역할을 멘션해요.",
        "게시물마다 전체 순위를 보여 주고 한국 작품을 표시해요.",
        "서버 언어로 게시해요 (지금은 한국어).",
    ]
    second = embed.fields[1].value or ""
    assert "게시물마다 한국 작품만 보여 줘요." in second
    assert "⏸ **일시정지됨** (<t:" in second
    assert "이제 <#2> 채널을 볼 수 없어요 (Discord: Missing Access)." in second
    assert "⚠️ 2025년 4월 21일~27일 주간: 지금까지 3번 시도, 마지막 오류: HTTP 403" in second
    assert embed.footer.text == "알림 2/5개 · 시간은 내 시간대 기준"
    chosen = StatusEntry(
        dataclasses.replace(SUB, language="ja"), None, None, NOW, None, W, "x", "ja"
    )
    assert "日本語로 게시해요." in (status_card([chosen], 5, ko).fields[0].value or "")


def test_setup_and_edit_replies_in_brazilian_portuguese() -> None:
    pt = LANGUAGES.get("pt-BR")
    made = setup_reply(SUB, "Global · Séries", "pt-BR", NOW, "ready", pt)
    assert made.split("\n") == [
        "Aviso #7 criado: Global · Séries.",
        "Em <#2>, toda semana: sexta-feira às 21:30 (Asia/Seoul).",
        "Marca <@&55> em cada post.",
        "Cada post mostra a lista toda, com os títulos coreanos marcados.",
        "Posta no idioma do servidor, agora Português (Brasil).",
        f"Primeiro post: <t:{int(NOW.timestamp())}:F>, ou assim que a semana da Netflix chegar.",
        "`/avisos prévia` mostra como fica; `/avisos teste` posta um teste agora.",
    ]
    edited = change_reply(
        dataclasses.replace(SUB, language="ko"),
        "Global · Séries",
        "ko",
        ["day", "timezone", "language"],
        again=False,
        next_post=NOW,
        state="no data",
        lang=pt,
    )
    assert edited.startswith(
        "O aviso #7 (Global · Séries) foi alterado: dia, fuso horário e idioma.\n"
    )
    assert "\nPosta em 한국어.\n" in edited
    assert edited.endswith("\nNenhum dado de ranking foi importado ainda.")
