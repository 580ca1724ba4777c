"""Which of the titles the providers give a show is the one a member's language reads.

A title is shown in a language only when a provider gave it for that language (a
translation tagged with the language, e.g. TMDB's `ja`/`JP`): Hallyu never translates a
title itself. An alternative title carries only a country, not a language, so it counts
only where its script proves the language (Japanese kana or kanji under Japan, Han
characters under Taiwan, Thai letters under Thailand); a Latin-script title under Brazil
may as well be the English one and is never taken for Portuguese.

Korean is not chosen here: the catalog's Hangul title (`title_ko`) is Korean's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Spanish-speaking Latin America, for es-419 (TMDB tags translations by country, not 419).
_LATIN_AMERICA = frozenset(
    {"AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN"}
    | {"MX", "NI", "PA", "PE", "PR", "PY", "SV", "UY", "VE"}
)


@dataclass(frozen=True)
class Want:
    """A translation in `language`, from one of `countries` (None: from any country)."""

    language: str
    countries: frozenset[str] | None = None

    def takes(self, language: str | None, country: str | None) -> bool:
        if language != self.language:
            return False
        return self.countries is None or country in self.countries


def _only(*countries: str) -> frozenset[str]:
    return frozenset(countries)


# Best first. zh-TW takes Taiwan's Chinese title only: a title from China or Hong Kong may
# be written in other characters or be another title altogether.
PREFERENCES: dict[str, tuple[Want, ...]] = {
    "ja": (Want("ja", _only("JP")), Want("ja")),
    "zh-TW": (Want("zh", _only("TW")),),
    "pt-BR": (Want("pt", _only("BR")), Want("pt")),
    "es-419": (Want("es", _only("MX")), Want("es", _LATIN_AMERICA), Want("es")),
    "es-ES": (Want("es", _only("ES")), Want("es")),
    "fr": (Want("fr", _only("FR")), Want("fr")),
    "th": (Want("th", _only("TH")), Want("th")),
    "vi": (Want("vi", _only("VN")), Want("vi")),
    "id": (Want("id", _only("ID")), Want("id")),
}


def _in_ranges(text: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(ch) <= high for ch in text for low, high in ranges)


_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))
_THAI = ((0x0E01, 0x0E5B),)


def _japanese(text: str) -> bool:
    return _in_ranges(text, _KANA + _HAN) and not _in_ranges(text, _HANGUL)


def _chinese(text: str) -> bool:
    return _in_ranges(text, _HAN) and not _in_ranges(text, _KANA + _HANGUL)


def _thai(text: str) -> bool:
    return _in_ranges(text, _THAI)


# Alternative titles (country only) a language accepts: that country, in that script.
ALTERNATIVES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "ja": ("JP", _japanese),
    "zh-TW": ("TW", _chinese),
    "th": ("TH", _thai),
}


@dataclass(frozen=True)
class ProviderTitle:
    """One title a provider gives a show: a translation (with its language) or an
    alternative title (a country only)."""

    title: str
    language: str | None  # ISO 639-1
    country: str | None  # ISO 3166-1 alpha-2
    provider: str = ""
    position: int = 0  # in the provider's list


def wanted_languages(tag: str) -> frozenset[str]:
    """The translation languages a member's language reads (empty: none from providers)."""
    return frozenset(want.language for want in PREFERENCES.get(tag, ()))


def alternative_country(tag: str) -> str | None:
    """The country whose alternative titles the language may take, if any."""
    found = ALTERNATIVES.get(tag)
    return found[0] if found else None


def rank(tag: str, title: ProviderTitle) -> int | None:
    """How good a title is for the language (lower is better); None: not in it."""
    wants = PREFERENCES.get(tag, ())
    if title.language is not None:
        return next(
            (i for i, want in enumerate(wants) if want.takes(title.language, title.country)),
            None,
        )
    alternative = ALTERNATIVES.get(tag)
    if alternative and title.country == alternative[0] and alternative[1](title.title):
        return len(wants)
    return None


def pick(tag: str, titles: Iterable[ProviderTitle]) -> ProviderTitle | None:
    """The best title for the language; between equals, TMDB's (it tags its titles with
    languages) and then the one the provider lists first."""
    best: tuple[int, int, int, str] | None = None
    chosen: ProviderTitle | None = None
    for title in titles:
        if not title.title.strip():
            continue
        found = rank(tag, title)
        if found is None:
            continue
        key = (found, title.provider != "tmdb", title.position, title.provider)
        if best is None or key < best:
            best, chosen = key, title
    return chosen
