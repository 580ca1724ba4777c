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
from core.i18n import Text, deferred, deferred_plural
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
    """The file cannot be imported; the message names the line and the reason.

    The reason is a template with its values (`deferred(...)`), or a literal the extractor
    finds as this class's first argument; the member reads both in their language."""

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


def too_large() -> ImportFileError:
    return ImportFileError(
        deferred("The file is larger than {size} KB.", size=MAX_IMPORT_BYTES // 1024)
    )


def _text(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise too_large()
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
                # The parser's own words (English) are the detail; the line says where.
                problem = deferred("Not valid JSON: {problem}.", problem=exc.msg)
                raise ImportFileError(problem, exc.lineno) from None
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
        reason = deferred(
            "Unknown field “{field}” (known: {known}).",
            field=str(unknown[0])[:40],
            known=", ".join(COLUMNS),
        )
        raise ImportFileError(reason, line)
    for name in _REQUIRED:
        if not isinstance(item.get(name), str) or not item[name].strip():
            reason = deferred("The field “{field}” is missing or not text.", field=name)
            raise ImportFileError(reason, line)
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = split_aliases(aliases)
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ImportFileError("aliases must be a list of text.", line)
    for name in ("difficulty", "show"):
        if item.get(name) is not None and not isinstance(item[name], str):
            raise ImportFileError(deferred("{field} must be text.", field=name), line)
    try:
        clean = draft(item["question"], item["answer"], aliases, item.get("difficulty") or None)
    except EntryError as exc:
        raise ImportFileError(exc.text, line) from None
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
                reason = deferred(
                    "The CSV header must name the columns {columns}.", columns=", ".join(COLUMNS)
                )
                raise ImportFileError(reason, 1)
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(names):
                    reason = deferred_plural(
                        "This row has {count} column; the header has {expected}.",
                        "This row has {count} columns; the header has {expected}.",
                        len(row),
                        count=len(row),
                        expected=len(names),
                    )
                    raise ImportFileError(reason, start)
                cells = [_uninert(cell) for cell in row]
                items.append((start, dict(zip(names, cells, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = deferred("Not valid CSV: {problem}.", problem=str(exc))
        raise ImportFileError(problem, reader.line_num) from None
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
            deferred_plural(
                "The file holds {count} entry; a server may have {limit}.",
                "The file holds {count} entries; a server may have {limit}.",
                len(items),
                count=len(items),
                limit=MAX_ENTRIES_PER_SERVER,
            )
        )
    entries: list[FileEntry] = []
    seen: dict[str, int] = {}
    for line, item in items:
        entry = _entry(line, item)
        key = entry.draft.normalized
        if key in seen:
            reason = deferred("The same question is already on line {line}.", line=seen[key])
            raise ImportFileError(reason, line)
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
