"""Which provider title each language reads: only one the provider gave for it."""

from __future__ import annotations

import pytest

from core.local_titles import ProviderTitle, pick
from core.locales import SHIPPED

# Squid Game as TMDB lists it (translations carry a language; alternative titles do not).
SQUID_GAME = (
    ProviderTitle("Squid Game", "en", "US", "tmdb", 0),
    ProviderTitle("イカゲーム", "ja", "JP", "tmdb", 1),
    ProviderTitle("鱿鱼游戏", "zh", "CN", "tmdb", 2),
    ProviderTitle("魷魚遊戲", "zh", "TW", "tmdb", 3),
    ProviderTitle("Round 6", "pt", "BR", "tmdb", 4),
    ProviderTitle("El juego del calamar", "es", "MX", "tmdb", 5),
    ProviderTitle("สควิดเกม เล่นลุ้นตาย", "th", "TH", "tmdb", 6),
    ProviderTitle("Trò chơi con mực", "vi", "VN", "tmdb", 7),
)


def chosen(tag: str, titles: tuple[ProviderTitle, ...]) -> str | None:
    found = pick(tag, titles)
    return None if found is None else found.title


@pytest.mark.parametrize(
    ("tag", "title"),
    [
        ("ja", "イカゲーム"),
        ("zh-TW", "魷魚遊戲"),
        ("pt-BR", "Round 6"),
        ("es-419", "El juego del calamar"),
        ("es-ES", "El juego del calamar"),
        ("th", "สควิดเกม เล่นลุ้นตาย"),
        ("vi", "Trò chơi con mực"),
        # No French or Indonesian title was given: none is made up.
        ("fr", None),
        ("id", None),
        ("en", None),
        # Korean reads the catalog's Hangul title, not this rule.
        ("ko", None),
    ],
)
def test_each_language_reads_the_title_given_for_it(tag: str, title: str | None) -> None:
    assert chosen(tag, SQUID_GAME) == title


def test_zh_tw_takes_taiwans_title_only() -> None:
    mainland = (ProviderTitle("鱿鱼游戏", "zh", "CN"), ProviderTitle("魷魚遊戲", "zh", "HK"))
    assert chosen("zh-TW", mainland) is None
    assert chosen("zh-TW", (*mainland, ProviderTitle("魷魚遊戲", "zh", "TW"))) == "魷魚遊戲"


def test_regional_preferences_then_the_language() -> None:
    spain = ProviderTitle("España", "es", "ES", "tmdb", 0)
    argentina = ProviderTitle("Argentina", "es", "AR", "tmdb", 1)
    mexico = ProviderTitle("México", "es", "MX", "tmdb", 2)
    assert chosen("es-419", (spain, argentina, mexico)) == "México"
    assert chosen("es-419", (spain, argentina)) == "Argentina"
    assert chosen("es-419", (spain,)) == "España"
    assert chosen("es-ES", (mexico, argentina, spain)) == "España"
    assert chosen("es-ES", (argentina, mexico)) == "Argentina"  # the provider's first
    portugal = ProviderTitle("Portugal", "pt", "PT")
    assert chosen("pt-BR", (portugal, ProviderTitle("Brasil", "pt", "BR"))) == "Brasil"
    assert chosen("pt-BR", (portugal,)) == "Portugal"
    assert chosen("fr", (ProviderTitle("Québec", "fr", "CA"),)) == "Québec"
    assert chosen(
        "fr", (ProviderTitle("Québec", "fr", "CA"), ProviderTitle("France", "fr", "FR"))
    ) == ("France")


def test_alternative_titles_count_only_in_their_countrys_script() -> None:
    goblin = ProviderTitle("トッケビ～君がくれた愛しい日々～", None, "JP", "tmdb")
    assert chosen("ja", (goblin,)) == goblin.title
    # A romanised or English alternative title under Japan is no Japanese title.
    assert chosen("ja", (ProviderTitle("Dokkaebi", None, "JP"),)) is None
    # Japanese script under another country, or a Korean title under Japan: not taken.
    assert chosen("ja", (ProviderTitle("トッケビ", None, "US"),)) is None
    assert chosen("ja", (ProviderTitle("도깨비", None, "JP"),)) is None
    assert chosen("zh-TW", (ProviderTitle("孤單又燦爛的神－鬼怪", None, "TW"),)) is not None
    assert chosen("zh-TW", (ProviderTitle("トッケビ", None, "TW"),)) is None
    assert chosen("th", (ProviderTitle("ก็อบลิน", None, "TH"),)) == "ก็อบลิน"
    # A Latin-script title says nothing about its language: never Portuguese or French.
    assert chosen("pt-BR", (ProviderTitle("Goblin: O Deus", None, "BR"),)) is None
    assert chosen("fr", (ProviderTitle("Goblin", None, "FR"),)) is None
    # A translation beats an alternative title.
    translated = ProviderTitle("トッケビ", "ja", "JP", "tmdb", 5)
    assert chosen("ja", (goblin, translated)) == "トッケビ"


def test_ties_go_to_tmdb_then_the_providers_order() -> None:
    tvmaze = ProviderTitle("A", None, "JP", "tvmaze", 0)
    tmdb = ProviderTitle("イ", None, "JP", "tmdb", 3)
    assert chosen("ja", (ProviderTitle("ア", None, "JP", "tvmaze", 0), tmdb)) == "イ"
    assert chosen("ja", (tvmaze,)) is None
    first = ProviderTitle("一", "ja", "JP", "tmdb", 1)
    second = ProviderTitle("二", "ja", "JP", "tmdb", 2)
    assert chosen("ja", (second, first)) == "一"


def test_blank_titles_are_skipped() -> None:
    assert chosen("fr", (ProviderTitle("  ", "fr", "FR"),)) is None


def test_every_shipped_language_but_korean_has_a_rule() -> None:
    from core.local_titles import PREFERENCES

    assert set(PREFERENCES) == set(SHIPPED) - {"ko"}
