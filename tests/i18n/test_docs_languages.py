"""The README's language table and the translators' guide name what is shipped."""

from __future__ import annotations

from pathlib import Path

from core.locales import NATIVE_NAMES, SHIPPED, babel_name

ROOT = Path(__file__).resolve().parents[2]


def section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n#", 1)[0]


def test_the_readme_lists_every_shipped_language_and_how_to_add_one() -> None:
    languages = section((ROOT / "README.md").read_text(encoding="utf-8"), "### Languages\n")
    rows = [line for line in languages.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(SHIPPED)
    for tag, row in zip(SHIPPED, rows, strict=True):
        assert f"`{tag}`" in row and NATIVE_NAMES[tag] in row
        assert f"`locales/{babel_name(tag)}/`" in row
    assert "(docs/translating.md)" in languages


def test_the_guide_names_every_shipped_language() -> None:
    guide = section((ROOT / "docs" / "translating.md").read_text(encoding="utf-8"), "Shipped:")
    assert all(f"(`{tag}`)" in guide for tag in SHIPPED)
