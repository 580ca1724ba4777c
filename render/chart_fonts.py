"""The fonts a chart picture is drawn with, per language, and what they can draw.

matplotlib bundles DejaVu Sans only: Latin, Greek, Cyrillic and Vietnamese, but no
Hangul, kana, Han or Thai. Hallyu installs Noto Sans CJK (one collection: Korean,
Japanese, Traditional and Simplified Chinese faces) and Noto Sans Thai from PyPI and
registers them here; fonts installed on the machine are used too. Where none can draw a
label (a machine without those packages), the picture shows the English label rather
than empty boxes.

Imported in the picture worker only (it loads matplotlib).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import Any

# Each packaged font: (module, where its file is inside the module's folder).
_PACKAGED = (
    ("noto_cjk_sans_otc", "NotoSansCJK-Regular.ttc"),
    ("fontpkg_noto_sans_thai", "files/NotoSansThai[wdth,wght].ttf"),
)
_CJK = {"ko": "Noto Sans CJK KR", "ja": "Noto Sans CJK JP", "zh-TW": "Noto Sans CJK TC"}
# Used when installed on the machine instead (or as well).
_SYSTEM = ("NanumGothic", "Malgun Gothic", "AppleGothic", "Noto Sans KR", "Noto Sans Thai")
BASE = "DejaVu Sans"


def _packaged_files() -> list[Path]:
    found = []
    for module, name in _PACKAGED:
        try:
            package = importlib.import_module(module)
        except ImportError:
            continue
        path = Path(str(package.__file__)).parent / name
        if path.exists():
            found.append(path)
    return found


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Family name → file of every font matplotlib knows, the packaged ones added."""
    from matplotlib import font_manager

    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path in _packaged_files():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    return {font.name: font.fname for font in font_manager.fontManager.ttflist}


@lru_cache(maxsize=16)
def families(tag: str) -> list[str]:
    """The family list to draw a language's text with (matplotlib falls back along it
    glyph by glyph): DejaVu Sans first, then the language's own CJK face (a Han
    character is drawn the way that language writes it), then every other fallback."""
    installed = _installed()
    wanted = [BASE, _CJK.get(tag, _CJK["ko"]), *_CJK.values(), "Noto Sans Thai", *_SYSTEM]
    return list(dict.fromkeys(name for name in wanted if name in installed))


@lru_cache(maxsize=1)
def _faces() -> list[Any]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    installed = _installed()
    files = dict.fromkeys(
        [font_manager.findfont(BASE), *(installed[name] for name in families("ko")[1:])]
    )
    return [FT2Font(path) for path in files]


def can_draw(ch: str) -> bool:
    return ch.isspace() or any(face.get_char_index(ord(ch)) for face in _faces())


def drawable(text: str) -> str:
    """Drop characters no available font can draw (they would render as empty boxes)."""
    kept = "".join(ch for ch in text if can_draw(ch))
    return " ".join(kept.split())


def legible(text: str, english: str) -> str:
    """A translated label, or its English where a font for it is missing."""
    return text if all(can_draw(ch) for ch in text) else english
