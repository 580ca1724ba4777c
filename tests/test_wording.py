"""Counts read right everywhere: no reply, card or console line builds a plural by hand."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = (
    "app.py",
    "bot.py",
    "config.py",
    "cogs",
    "console",
    "render",
    "services",
    "scheduler",
    "db",
    "core",
)
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


# A catalog message's plural form ("{count} weeks" beside "{count} week") is chosen by the
# language's plural rule (render/i18n.py), so it is no hand-made plural.
PLURAL_ARGUMENT = {"ngettext": 1, "npgettext": 2, "deferred_plural": 1}


def plural_form_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        index = PLURAL_ARGUMENT.get(str(name))
        if index is not None and len(node.args) > index:
            argument = node.args[index]
            lines.update(range(argument.lineno, (argument.end_lineno or argument.lineno) + 1))
    return lines


def test_no_hand_made_plurals_in_replies_cards_or_console_text() -> None:
    found = []
    for path in app_files():
        source = path.read_text(encoding="utf-8")
        exempt = plural_form_lines(source)
        found += [
            f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for number, line in enumerate(source.splitlines(), 1)
            if HAND_MADE.search(line) and number not in exempt
        ]
    assert found == []


def test_a_catalog_plural_form_is_not_hand_made() -> None:
    source = 'lang.ngettext(\n    "{n} week in Top 10",\n    "{n} weeks in Top 10",\n    n,\n)\n'
    assert plural_form_lines(source) == {3}
    assert plural_form_lines('f"{n} weeks"') == set()


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
