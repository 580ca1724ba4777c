"""Reading provider JSON defensively: a field of the wrong type reads as missing, never as a
crash, and never as a made-up value. Plus the small text rules both providers need."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

from core.providers import ProviderBadResponse

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")

# TVmaze names a show's language in English; ISO 639-1 for the ones that matter here.
# A name not listed maps to None: an unknown language beats a guessed one.
LANGUAGE_CODES: dict[str, str] = {
    "arabic": "ar",
    "chinese": "zh",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "filipino": "tl",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hungarian": "hu",
    "icelandic": "is",
    "indonesian": "id",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "malay": "ms",
    "malayalam": "ml",
    "mandarin": "zh",
    "norwegian": "no",
    "polish": "pl",
    "portuguese": "pt",
    "romanian": "ro",
    "russian": "ru",
    "spanish": "es",
    "swedish": "sv",
    "tagalog": "tl",
    "tamil": "ta",
    "telugu": "te",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "vietnamese": "vi",
}


def language_code(name: object) -> str | None:
    """ "Korean" → "ko"; None for an unknown or missing name."""
    if not isinstance(name, str):
        return None
    return LANGUAGE_CODES.get(name.strip().casefold())


def obj(value: object, what: str, provider: str) -> dict[str, Any]:
    """The top of a response must be an object; anything else is a bad response."""
    if not isinstance(value, dict):
        raise ProviderBadResponse(f"{provider}: {what} is not a JSON object")
    return value


def items(value: object, what: str, provider: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProviderBadResponse(f"{provider}: {what} is not a JSON list")
    return value


def ident(data: dict[str, Any], what: str, provider: str, key: str = "id") -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProviderBadResponse(f"{provider}: {what} has no numeric {key}")
    return value


def dict_at(data: object, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def list_at(data: object, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def text(data: object, key: str) -> str | None:
    """A non-empty string field, stripped; None otherwise."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def whole(data: object, key: str) -> int | None:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def number(data: object, key: str) -> float | None:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if result == result and abs(result) != float("inf") else None


def date(data: object, key: str) -> str | None:
    """YYYY-MM-DD, or None for anything else (empty strings, partial dates, garbage)."""
    value = text(data, key)
    return value if value is not None and _DATE.fullmatch(value) else None


def timestamp(data: object, key: str) -> str | None:
    """An ISO 8601 time stamp with its UTC offset, as given; None for anything else."""
    value = text(data, key)
    if value is None or not _DATE.match(value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value if parsed.tzinfo is not None else None


def clock_time(data: object, key: str) -> str | None:
    value = text(data, key)
    return value if value is not None and _TIME.fullmatch(value) else None


def country(value: object) -> str | None:
    """An ISO 3166-1 alpha-2 code as given, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value.upper() if value.isascii() and _COUNTRY.fullmatch(value.upper()) else None


def iso_language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value.lower() if value.isascii() and _LANGUAGE_CODE.fullmatch(value.lower()) else None


def strings(data: object, key: str) -> tuple[str, ...]:
    """The non-empty strings of a list field, in order, without repeats."""
    seen: dict[str, None] = {}
    for value in list_at(data, key):
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


def has_non_latin_letters(value: str) -> bool:
    return any(ch.isalpha() and ord(ch) > 0x24F for ch in value)


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s*\n\s*")


def html_to_text(html: object) -> str | None:
    """TVmaze's HTML summary as plain text: tags dropped, entities decoded, paragraphs kept as
    blank-line-free line breaks, whitespace collapsed. None when nothing is left."""
    if not isinstance(html, str) or not html.strip():
        return None
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    joined = "".join(collector.parts).replace("\r", "\n").replace("\x00", "")
    joined = _SPACES.sub(" ", joined)
    result = _BREAKS.sub("\n", joined).strip()
    return result or None
