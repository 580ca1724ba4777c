"""Which languages Hallyu speaks, and which one a member is answered in.

Locale tags are Discord's (`ko`, `pt-BR`, `es-419`, …); English is the source language
of every message, so it needs no catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

SOURCE = "en"
# Discord's tags for English: a member who chose either is answered in the source language.
ENGLISH_TAGS = frozenset({"en", "en-US", "en-GB"})
SHIPPED: tuple[str, ...] = ("ko", "id", "pt-BR", "es-419", "es-ES", "th", "vi", "fr", "ja", "zh-TW")
SUPPORTED: tuple[str, ...] = (SOURCE, *SHIPPED)

# Each language's own name, as `/settings language` offers it.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "ko": "한국어",
    "id": "Bahasa Indonesia",
    "pt-BR": "Português (Brasil)",
    "es-419": "Español (Latinoamérica)",
    "es-ES": "Español (España)",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "fr": "Français",
    "ja": "日本語",
    "zh-TW": "中文（台灣）",
}

# Babel and gettext identifiers (Babel reads zh_TW as Traditional Chinese, zh_Hant_TW).
_BABEL = {"pt-BR": "pt_BR", "es-419": "es_419", "es-ES": "es_ES", "zh-TW": "zh_TW"}
_BY_FOLDED = {tag.lower(): tag for tag in SUPPORTED}
_ENGLISH_FOLDED = frozenset(tag.lower() for tag in ENGLISH_TAGS)


def supported(tag: str | None) -> str | None:
    """A Discord locale tag → the language Hallyu answers in, or None if it has none.

    `en-US` and `en-GB` are English; `pt_br` and `PT-BR` are `pt-BR`; anything
    unknown (or a language not shipped, such as `de`) is None so the next choice applies.
    """
    if not tag:
        return None
    folded = tag.strip().replace("_", "-").lower()[:16]
    if folded in _ENGLISH_FOLDED:
        return SOURCE
    return _BY_FOLDED.get(folded)


def resolve(candidates: Iterable[str | None]) -> str:
    """The first candidate Hallyu speaks, else English.

    Callers pass, in order: the member's `interaction.locale`, the server's chosen language
    (`/settings language`), the server's `preferred_locale`.
    """
    for tag in candidates:
        found = supported(tag)
        if found is not None:
            return found
    return SOURCE


def babel_name(tag: str) -> str:
    """`pt-BR` → `pt_BR`, `zh-TW` → `zh_TW`: the identifier Babel and gettext use."""
    return _BABEL.get(tag, tag)
