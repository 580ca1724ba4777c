"""Trivia export and import files (JSON or CSV), validated whole before anything is stored.

A bad file is rejected with the line and the reason; nothing of it is imported.
JSON: a list of objects with `question`, `answer`, and optionally `aliases` (a list),
`difficulty` and `show`. CSV: a header row `question,answer,aliases,difficulty,show`,
aliases separated by `;`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import UserError
from core.i18n import Text, deferred
from core.text import plural
from core.trivia.fields import (
    ALIAS_SEPARATOR,
    MAX_ENTRIES_PER_SERVER,
    EntryDraft,
    EntryError,
    draft,
    split_aliases,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
COLUMNS = ("question", "answer", "aliases", "difficulty", "show")
_REQUIRED = ("question", "answer")


class ImportFileError(UserError):
    """The file cannot be imported; the message names the line and the reason."""

    def __init__(self, reason: str | Text, line: int | None = None) -> None:
        why = reason if isinstance(reason, Text) else Text(reason)
        if line is None:
            # deferred() so that the extractor finds these templates (super() is no keyword).
            super().__init__(deferred("{reason} Nothing was imported.", reason=why))
        else:
            super().__init__(
                deferred("Line {line}: {reason} Nothing was imported.", line=line, reason=why)
            )
        self.line = line
        self.reason = why.english


@dataclass(frozen=True)
class FileEntry:
    line: int
    draft: EntryDraft
    show: str | None


@dataclass(frozen=True)
class ExportRow:
    question: str
    answer: str
    aliases: tuple[str, ...]
    difficulty: str
    show: str | None


def _text(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_IMPORT_BYTES // 1024} KB.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError("The file is not UTF-8 text.", line) from None


def _json_items(text: str) -> list[tuple[int, Any]]:
    """The top-level list's items with the line each starts on (json.loads loses lines)."""
    decoder = json.JSONDecoder()

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def line_at(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    pos = skip(0)
    if pos >= len(text) or text[pos] != "[":
        raise ImportFileError("A JSON trivia file must be a list of entries: [ {...}, ... ].")
    pos = skip(pos + 1)
    items: list[tuple[int, Any]] = []
    if pos < len(text) and text[pos] == "]":
        pos += 1
    else:
        while True:
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise ImportFileError(f"Not valid JSON: {exc.msg}.", exc.lineno) from None
            items.append((line_at(pos), value))
            pos = skip(end)
            if pos < len(text) and text[pos] == ",":
                pos = skip(pos + 1)
                continue
            if pos < len(text) and text[pos] == "]":
                pos += 1
                break
            raise ImportFileError("Not valid JSON: expected “,” or “]”.", line_at(pos))
    if skip(pos) < len(text):
        raise ImportFileError("Not valid JSON: extra text after the list.", line_at(skip(pos)))
    return items


def _entry(line: int, item: Any) -> FileEntry:
    if not isinstance(item, dict):
        raise ImportFileError("Each entry must be an object with a question and an answer.", line)
    unknown = sorted(set(item) - set(COLUMNS))
    if unknown:
        raise ImportFileError(
            f"Unknown field “{str(unknown[0])[:40]}” (known: {', '.join(COLUMNS)}).", line
        )
    for name in _REQUIRED:
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise ImportFileError(f"The {name} is missing or not text.", line)
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = split_aliases(aliases)
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ImportFileError("aliases must be a list of text.", line)
    for name in ("difficulty", "show"):
        if item.get(name) is not None and not isinstance(item[name], str):
            raise ImportFileError(f"{name} must be text.", line)
    try:
        clean = draft(item["question"], item["answer"], aliases, item.get("difficulty") or None)
    except EntryError as exc:
        raise ImportFileError(exc.message, line) from None
    show = (item.get("show") or "").strip() or None
    return FileEntry(line=line, draft=clean, show=show)


def _csv_items(text: str) -> list[tuple[int, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    items: list[tuple[int, Any]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The CSV file is empty.")
        names = [name.strip().lower() for name in header]
        for name in _REQUIRED:
            if name not in names:
                raise ImportFileError(
                    f"The CSV header must name the columns {', '.join(COLUMNS)}.", 1
                )
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(names):
                    raise ImportFileError(
                        f"{len(row)} columns where the header has {len(names)}.", start
                    )
                cells = [_uninert(cell) for cell in row]
                items.append((start, dict(zip(names, cells, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"Not valid CSV: {exc}.", reader.line_num) from None
    return items


def parse_file(raw: bytes, filename: str) -> list[FileEntry]:
    """Every entry of the file, validated; raises ImportFileError at the first problem."""
    text = _text(raw)
    is_csv = filename.lower().endswith(".csv")
    items = _csv_items(text) if is_csv else _json_items(text)
    if not items:
        raise ImportFileError("The file holds no entries.")
    if len(items) > MAX_ENTRIES_PER_SERVER:
        raise ImportFileError(
            f"The file holds {plural(len(items), 'entry', 'entries')}; "
            f"a server may have {MAX_ENTRIES_PER_SERVER}."
        )
    entries: list[FileEntry] = []
    seen: dict[str, int] = {}
    for line, item in items:
        entry = _entry(line, item)
        key = entry.draft.normalized
        if key in seen:
            raise ImportFileError(f"The same question is already on line {seen[key]}.", line)
        seen[key] = line
        entries.append(entry)
    return entries


def export_json(rows: Sequence[ExportRow]) -> bytes:
    data = [
        {
            "question": row.question,
            "answer": row.answer,
            "aliases": list(row.aliases),
            "difficulty": row.difficulty,
            **({"show": row.show} if row.show else {}),
        }
        for row in rows
    ]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


# A cell starting with one of these runs as a formula when the file is opened in a
# spreadsheet; the export quotes it with a leading apostrophe, the import takes it off.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def _uninert(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def export_csv(rows: Sequence[ExportRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = [
            row.question,
            row.answer,
            f"{ALIAS_SEPARATOR} ".join(row.aliases),
            row.difficulty,
            row.show or "",
        ]
        writer.writerow([_inert(cell) for cell in cells])
    return out.getvalue().encode()
