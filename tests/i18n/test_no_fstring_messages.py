"""Every message members read is extracted whole: no error, deferred message or gettext
call in the code gets an f-string, which the extractor skips ("Skipping f-string") and
no catalog could translate."""

from __future__ import annotations

from pathlib import Path

from core.audience import parse_region
from core.errors import UserError
from render.i18n import LANGUAGES
from tools.i18n import KEYWORDS, SOURCE_DIRS, fstring_lines

ROOT = Path(__file__).resolve().parents[2]


def fstring_messages() -> dict[str, list[int]]:
    """Source file → lines of marked calls whose message is an f-string, found as
    `tools/i18n.py extract` finds them (the lines it skips)."""
    found: dict[str, list[int]] = {}
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            lines = fstring_lines(path.read_bytes(), KEYWORDS)
            if lines:
                found[path.relative_to(ROOT).as_posix()] = sorted(lines)
    return found


def test_the_check_sees_what_the_extractor_skips() -> None:
    """The keywords cover the errors members read and deferred messages."""
    assert {"UserError", "NotFoundError", "PermissionDeniedError", "deferred"} <= set(KEYWORDS)
    source = b'raise NotFoundError(f"No show {name}.")\nx = deferred(f"{n} weeks")\n'
    assert fstring_lines(source, KEYWORDS) == {1, 2}


def test_no_message_is_an_fstring() -> None:
    assert fstring_messages() == {}, "use named placeholders: UserError('… {name} …', name=…)"


def test_a_region_refusal_reads_in_the_members_language() -> None:
    """Was an f-string the extractor skipped: it reached every member in English."""
    try:
        parse_region("Atlantis")
    except UserError as refused:
        assert refused.render(LANGUAGES.get("ja")) == (
            "その地域はISO 3166の国コード（KR、US、FRなど）でも国名でもありません。"
        )
        assert "ISO 3166" in refused.render(LANGUAGES.get("fr"))
        assert refused.render(LANGUAGES.get("fr")).startswith("Cette région")
    else:
        raise AssertionError("Atlantis is no country")
