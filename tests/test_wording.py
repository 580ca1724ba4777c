"""Counts read right everywhere: no reply, card or console line builds a plural by hand."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ("bot.py", "config.py", "cogs", "console", "render", "services", "scheduler", "db", "core")
# A placeholder followed by a plural noun ("{n} entries") reads "1 entries" when n is 1;
# `core.text.plural` picks the word (a named constant, "{MAX_ALIASES} aliases", is exempt:
# its value is fixed where it is written). `'s' if` is the same mistake made by hand.
COUNT_WORDS = (
    "entries|aliases|questions|points|weeks|shows|seasons|episodes|people|credits|sources"
    "|countries|rows|subscriptions|notes|titles|lines|commands|announcements|days|were"
)
HAND_MADE = re.compile(
    r"\{(?!plural\()(?![A-Z_]+\})[^{}]*\} (?:more |new |earlier |bundled )?"
    r"(?:" + COUNT_WORDS + r")\b|['\"]s['\"] if "
)


def app_files() -> list[Path]:
    files: list[Path] = []
    for name in APP:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def test_no_hand_made_plurals_in_replies_cards_or_console_text() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in app_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_MADE.search(line)
    ]
    assert found == []


def test_the_scan_recognises_hand_made_plurals() -> None:
    for line in (
        'f"Imported {result.added} entries."',
        'f" (+{len(entry.aliases)} aliases)"',
        "f\"{weeks} week{'s' if weeks != 1 else ''}\"",
        'f" {result.skipped} were already here"',
    ):
        assert HAND_MADE.search(line), line
    assert not HAND_MADE.search("f\"Imported {plural(result.added, 'entry', 'entries')}.\"")
    assert not HAND_MADE.search('f"{STOP_AFTER} titles failed in a row"')
