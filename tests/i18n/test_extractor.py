"""What tools/i18n.py takes from the code: whole messages, never pieces of one."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from tools.i18n import KEYWORDS, fstring_lines

SOURCE = """\
raise UserError(
    f"“{query}” is too common to look up on its own: "
    "type more of the title."
)
raise NotFoundError("No show matches “{query}”.", query=query)
raise ImportFileError(deferred("Line {line}: {reason}", line=1, reason=f"{x}"))
label = lang.gettext(f"{count} weeks" "in the Top 10")
plain = UserError(f"No values, so an ordinary literal.")
"""


def extracted(folder: Path) -> list[object]:
    method = [("**.py", "tools.i18n:extract_whole_messages")]
    return [m for _, _, m, _, _ in extract_from_dir(folder, method_map=method, keywords=KEYWORDS)]


def test_an_f_string_message_gives_no_fragments(tmp_path: Path) -> None:
    (tmp_path / "raises.py").write_text(SOURCE, encoding="utf-8")
    assert extracted(tmp_path) == [
        "No show matches “{query}”.",
        "Line {line}: {reason}",
        "No values, so an ordinary literal.",
    ]


def test_only_the_lines_of_an_f_string_message_are_skipped() -> None:
    assert fstring_lines(SOURCE.encode()) == {2, 3, 7}


def test_the_english_extractor_alone_would_keep_the_fragment(tmp_path: Path) -> None:
    """Why the filter exists: Babel keeps the plain literal glued to an f-string."""
    (tmp_path / "raises.py").write_text(SOURCE, encoding="utf-8")
    found = [
        m
        for _, _, m, _, _ in extract_from_dir(
            tmp_path, method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    ]
    assert "type more of the title." in found
