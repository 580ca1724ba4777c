"""Keep the catalogs in step with the code.

    python tools/i18n.py extract   # locales/hallyu.pot from the code and the command tree
    python tools/i18n.py update    # merge the .pot into every locales/<lang>/…/hallyu.po
    python tools/i18n.py check     # list untranslated and fuzzy entries (exit 1 if any)

Messages come from `gettext`/`ngettext`/`pgettext`/`npgettext` calls (Babel's extractor)
and from every command, option and choice of the slash-command tree.
"""

from __future__ import annotations

import ast
import asyncio
import io
import sys
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Secret, Settings  # noqa: E402
from core.locales import SHIPPED, babel_name  # noqa: E402
from render.i18n import DOMAIN, LOCALES_DIR, po_path  # noqa: E402

POT = LOCALES_DIR / f"{DOMAIN}.pot"
SOURCE_DIRS = ("cogs", "console", "render", "scheduler", "services", "providers", "db", "core")
KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    # Messages made before their reader's language is known (core.i18n.Text).
    "deferred": None,
    "deferred_plural": (1, 2),
    "UserError": None,
    "NotFoundError": None,
    "PermissionDeniedError": None,
    "EntryError": None,
    "ImportFileError": None,
    "ConsoleUsageError": None,
}
HEADER = "Hallyu's messages. Translators: see docs/translating.md."
PO_HEADER = (
    "# {language} translations for Hallyu.\n"
    "# Distributed under the same licence as Hallyu (MIT). How to translate:\n"
    "# docs/translating.md"
)
PROJECT, VERSION, AUTHORS = "Hallyu", "0.1", "Hallyu contributors"
BUGS = "the project's issue tracker"


async def _tree_strings() -> list[tuple[str, str, str]]:
    from app import HallyuBot
    from cogs.translator import command_strings

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            discord_token=Secret(""),
            database_path=Path(scratch) / "extract.sqlite3",
            scheduler_enabled=False,
        )
        async with HallyuBot(settings) as bot:
            await bot.prepare()
            return [(ctx, text, where.name) for ctx, text, where in command_strings(bot.tree)]


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def fstring_lines(source: bytes, keywords: Collection[str] = KEYWORDS) -> set[int]:
    """Lines of marked calls whose message is an f-string with values. Babel skips the
    f-string but keeps the plain literals joined to it: fragments that never match the
    text shown, so translating them would be wasted. `extract` warns about each one."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args and _called(node.func) in keywords):
            continue
        first = node.args[0]
        if isinstance(first, ast.JoinedStr) and any(
            isinstance(part, ast.FormattedValue) for part in first.values
        ):
            lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def extract_whole_messages(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[Any]:
    """Babel's Python extractor without the fragments of f-string messages (its results
    passed on as they are: Babel's annotations of them disagree with its code)."""
    source = fileobj.read()
    skipped = fstring_lines(source, keywords)
    copy = io.BytesIO(source)
    copy.name = getattr(fileobj, "name", "")  # Babel's warning names the file
    for found in extract_python(copy, keywords, comment_tags, options):
        if found[0] not in skipped:
            yield found


def _code_messages() -> Iterable[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    for directory in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / directory,
            method_map=[("**.py", f"{__name__}:extract_whole_messages")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            yield f"{directory}/{filename}", lineno, message, comments, context


def extract() -> Catalog:
    template = Catalog(
        domain=DOMAIN,
        header_comment=f"# {HEADER}",
        project=PROJECT,
        version=VERSION,
        copyright_holder=AUTHORS,
        msgid_bugs_address=BUGS,
    )
    for path, lineno, message, comments, context in _code_messages():
        template.add(message, locations=[(path, lineno)], auto_comments=comments, context=context)
    for context, text, where in asyncio.run(_tree_strings()):
        template.add(text, context=context, auto_comments=[f"Discord: {where}"])
    POT.parent.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as handle:
        write_po(handle, template, width=100, sort_output=True, include_lineno=False)
    return template


def _read(path: Path, tag: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=babel_name(tag), domain=DOMAIN)


def update() -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    for tag in SHIPPED:
        path = po_path(tag)
        if path.exists():
            catalog = _read(path, tag)
        else:
            catalog = Catalog(locale=babel_name(tag), domain=DOMAIN)
            path.parent.mkdir(parents=True, exist_ok=True)
        language = catalog.locale.english_name if catalog.locale else tag
        catalog.header_comment = PO_HEADER.format(language=language)
        catalog.project, catalog.version, catalog.msgid_bugs_address = PROJECT, VERSION, BUGS
        catalog.last_translator = "Hallyu translators"
        catalog.language_team = f"{language} <docs/translating.md>"
        # A changed English text becomes a new, untranslated entry rather than a fuzzy
        # guess: fuzzy entries are never shown, and a guess hides that work is needed.
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                width=100,
                sort_output=True,
                ignore_obsolete=True,
                include_lineno=False,
            )


def check() -> int:
    missing = 0
    for tag in SHIPPED:
        catalog = _read(po_path(tag), tag)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                missing += 1
                print(f"{tag}: {message.context or ''} {message.id!r}")
    return 1 if missing else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        extract()
        return 0
    if command == "update":
        update()
        return 0
    if command == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
