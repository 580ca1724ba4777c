"""Who is reading: the region a server's locale points to (or the one a member names), and
what a K-drama audience sees first (Korean titles in pickers and announcements).

Pure rules, no Discord objects: locales arrive as their string values (`en-US`, `ko`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

from core.countries import country_code
from core.errors import UserError

KOREA = "KR"

# Discord's locales (https://discord.com/developers/docs/reference#locales) → the country
# whose watch offers a member most likely sees. A language spoken across many countries
# with no country in the locale (es-419, "Spanish, Latin America") maps to none: a wrong
# region would list services the member cannot use.
_LOCALE_REGIONS = {
    "id": "ID",
    "da": "DK",
    "de": "DE",
    "en-GB": "GB",
    "en-US": "US",
    "es-ES": "ES",
    "fr": "FR",
    "hr": "HR",
    "it": "IT",
    "lt": "LT",
    "hu": "HU",
    "nl": "NL",
    "no": "NO",
    "pl": "PL",
    "pt-BR": "BR",
    "ro": "RO",
    "fi": "FI",
    "sv-SE": "SE",
    "vi": "VN",
    "tr": "TR",
    "cs": "CZ",
    "el": "GR",
    "bg": "BG",
    "ru": "RU",
    "uk": "UA",
    "hi": "IN",
    "th": "TH",
    "zh-CN": "CN",
    "ja": "JP",
    "zh-TW": "TW",
    "ko": "KR",
}


def region_for_locale(locale: str | None) -> str | None:
    """`ko` → `KR`, `en-GB` → `GB`; None when the locale names no single country."""
    if not locale:
        return None
    return _LOCALE_REGIONS.get(locale)


def parse_region(text: str | None) -> str | None:
    """A member's `region` option: a country as core.countries checks it everywhere (an
    ISO 3166-1 code, a name or an alias), as its upper-case code (None if empty)."""
    raw = (text or "").strip()
    if not raw:
        return None
    code = country_code(raw)
    if code is None:
        # Not echoed: the member's text could carry markdown or mentions.
        raise UserError(
            "That region is not an ISO 3166 country code (such as KR, US or FR) nor a "
            "country's name."
        )
    return code


# How an announcement treats the week's Korean titles: the whole list with them marked
# (as /chart top), the whole list with a field naming them first, or only them.
KoreanMode = Literal["all", "highlight", "only"]
KOREAN_MODES: tuple[KoreanMode, ...] = ("all", "highlight", "only")
KOREAN_MODE_NAMES: dict[KoreanMode, str] = {
    "all": "the whole list, Korean titles marked",
    "highlight": "the whole list, Korean titles named first",
    "only": "only the Korean titles",
}


class HasCountry(Protocol):
    @property
    def country(self) -> str | None: ...


Item = TypeVar("Item", bound=HasCountry)


def korean_first(items: Sequence[Item]) -> list[Item]:
    """Korean titles before the others, each group keeping its (best-first) order.

    For choices that are already near-equal (a picker's): the member asked a K-drama bot,
    so among same-looking titles the Korean one is the likeliest. Ranking of clear winners
    stays with the title index.
    """
    return [i for i in items if i.country == KOREA] + [i for i in items if i.country != KOREA]
