"""Import and export files: round trips, and bad files refused whole with line and reason."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.trivia.files import (
    MAX_IMPORT_BYTES,
    ExportRow,
    ImportFileError,
    export_csv,
    export_json,
    parse_file,
)

ROWS = [
    ExportRow("Who plays **Si-eun**? @everyone", "Park Ji-hoon", ("박지훈", "PJH"), "easy", None),
    ExportRow('A "quoted", comma question?\nOn two lines', "Wavve", (), "hard", "Weak Hero"),
    ExportRow("약한영웅 🎉 is what?", "약한영웅", (), "medium", None),
]


@pytest.mark.parametrize(("export", "name"), [(export_json, "t.json"), (export_csv, "t.csv")])
def test_round_trip(export: object, name: str) -> None:
    data = export(ROWS)  # type: ignore[operator]
    parsed = parse_file(data, name)
    assert [(e.draft.question, e.draft.answer, e.draft.aliases) for e in parsed] == [
        (r.question, r.answer, r.aliases) for r in ROWS
    ]
    assert [e.show for e in parsed] == [None, "Weak Hero", None]
    assert [e.draft.difficulty for e in parsed] == ["easy", "hard", "medium"]


def test_csv_export_cannot_run_as_a_spreadsheet_formula_and_still_round_trips() -> None:
    # A cell starting with = + - @ runs as a formula when the file is opened in a
    # spreadsheet: a member's question could fetch a URL or worse on a moderator's machine.
    rows = [
        ExportRow('=HYPERLINK("http://example.com")', "+1", ("-2", "@x"), "easy", "=Show"),
        ExportRow("'Quoted' question?", "'A'", (), "easy", None),
    ]
    data = export_csv(rows)
    cells = [cell for line in data.decode().splitlines()[1:] for cell in line.split(",")]
    assert not [cell for cell in cells if cell.lstrip('"')[:1] in ("=", "+", "-", "@")]
    parsed = parse_file(data, "t.csv")
    assert [(e.draft.question, e.draft.answer, e.draft.aliases) for e in parsed] == [
        (r.question, r.answer, r.aliases) for r in rows
    ]
    assert parsed[0].show == "=Show"


JSON_CASES = [
    ("", None, "must be a list"),
    ('{"question": "q"}', None, "must be a list"),
    ("[]", None, "holds no entries"),
    ('[\n {"question": "Q?", "answer": "A"},\n {"question": "Q2?"\n', 4, "Not valid JSON"),
    ('[\n {"question": "Q?", "answer": "A"},\n "text"\n]', 3, "must be an object"),
    ('[\n {"question": "Q?", "anwser": "A"}\n]', 2, "Unknown field “anwser”"),
    ('[\n\n {"question": "Q?", "answer": ""}\n]', 3, "field “answer” is missing"),
    ('[{"question": "Q?", "answer": "A", "aliases": [1]}]', 1, "aliases must be"),
    ('[{"question": "' + "q" * 501 + '", "answer": "A"}]', 1, "limit is 500"),
    ('[\n{"question": "Same?", "answer": "A"},\n{"question": "same", "answer": "B"}]', 3, "line 2"),
    ('[{"question": "Q?", "answer": "A"}] trailing', 1, "extra text"),
    ('[{"question": "Q?", "answer": "A", "difficulty": 3}]', 1, "difficulty must be text"),
]


@pytest.mark.parametrize(("text", "line", "reason"), JSON_CASES)
def test_bad_json_is_refused_with_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(text.encode(), "trivia.json")
    assert raised.value.line == line
    assert reason in raised.value.message
    assert raised.value.message.endswith("Nothing was imported.")


CSV_CASES = [
    ("", None, "empty"),
    ("q,a\nx,y\n", 1, "header must name"),
    ("question,answer\nQ?,A\nQ2?\n", 3, "This row has 1 column; the header has 2."),
    ('question,answer\n"Q?,A\n', 2, "Not valid CSV"),
    ("question,answer,aliases\nQ?,A,a;b\nQ2?,,x\n", 3, "answer"),
]


@pytest.mark.parametrize(("text", "line", "reason"), CSV_CASES)
def test_bad_csv_is_refused_with_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        parse_file(text.encode(), "trivia.csv")
    assert raised.value.line == line
    assert reason in raised.value.message


def test_not_utf8_and_too_big() -> None:
    with pytest.raises(ImportFileError, match="UTF-8"):
        parse_file(b'[{"question": "\xff"}]', "t.json")
    with pytest.raises(ImportFileError, match="larger than"):
        parse_file(b" " * (MAX_IMPORT_BYTES + 1), "t.json")


def test_aliases_may_be_one_string() -> None:
    data = json.dumps([{"question": "Q?", "answer": "A1", "aliases": "b2; c3"}]).encode()
    assert parse_file(data, "t.json")[0].draft.aliases == ("b2", "c3")


@settings(max_examples=50)
@given(st.binary(max_size=300))
def test_garbage_is_refused_cleanly(data: bytes) -> None:
    for name in ("t.json", "t.csv"):
        try:
            parse_file(data, name)
        except ImportFileError as exc:
            assert exc.message.endswith("Nothing was imported.")
