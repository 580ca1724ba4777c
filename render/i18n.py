"""The catalogs (`locales/<lang>/LC_MESSAGES/hallyu.po`) and `Lang`, one language's
messages and formats, which every renderer is handed explicitly.

The `.po` files are read directly (with Babel) the first time a language is asked for:
no compile step, so a fresh clone runs and tests with nothing but pip install.
"""

from __future__ import annotations

import datetime as dt
import gettext
import threading
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from core.i18n import Key, Messages
from core.locales import SHIPPED, SOURCE, babel_name, supported
from render import formats

DOMAIN = "hallyu"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def po_path(tag: str, root: Path = LOCALES_DIR) -> Path:
    return root / babel_name(tag) / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_messages(tag: str, root: Path = LOCALES_DIR) -> Messages:
    """Parse one language's `.po`; fuzzy and empty entries are left out (English shows)."""
    path = po_path(tag, root)
    if tag == SOURCE or not path.exists():
        return Messages(tag)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=babel_name(tag))
    singular: dict[Key, str] = {}
    plural: dict[Key, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        context = message.context or None
        msgid, string = message.id, message.string
        if isinstance(msgid, (tuple, list)):
            forms = tuple(str(form) for form in string) if isinstance(string, (tuple, list)) else ()
            if forms and all(forms):
                plural[(context, str(msgid[0]))] = forms
        elif isinstance(string, str) and string:
            singular[(context, msgid)] = string
    return Messages(tag, singular, plural, gettext.c2py(catalog.plural_expr))


@dataclass(frozen=True)
class Lang:
    """One language: `gettext`/`ngettext`/`pgettext` with named placeholders, and the
    Babel formats. Message ids are the English source text (extracted by tools/i18n.py)."""

    messages: Messages

    @property
    def tag(self) -> str:
        return self.messages.locale

    def gettext(self, message: str, /, **values: object) -> str:
        return self.messages.text(None, message, values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        return self.messages.text(context, message, values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return self.messages.plural_text(None, singular, plural, n, values)

    def npgettext(
        self, context: str, singular: str, plural: str, n: int, /, **values: object
    ) -> str:
        return self.messages.plural_text(context, singular, plural, n, values)

    def number(self, value: float) -> str:
        return formats.number(self.tag, value)

    def compact(self, value: float) -> str:
        return formats.compact(self.tag, value)

    def date(self, day: dt.date) -> str:
        return formats.date(self.tag, day)

    def short_date(self, day: dt.date) -> str:
        return formats.short_date(self.tag, day)

    def day_month(self, day: dt.date) -> str:
        return formats.day_month(self.tag, day)

    def month_year(self, day: dt.date) -> str:
        return formats.month_year(self.tag, day)

    def years(self, first: dt.date, last: dt.date) -> str:
        return formats.years(self.tag, first, last)

    def weekday(self, day: dt.date) -> str:
        return formats.weekday(self.tag, day)

    def full_date(self, day: dt.date) -> str:
        return formats.full_date(self.tag, day)

    def weekday_names(self) -> dict[str, int]:
        return formats.weekday_names(self.tag)

    def countdown(self, days: int, hours: int, minutes: int) -> str:
        return formats.countdown(self.tag, days, hours, minutes)

    def week(self, sunday: dt.date) -> str:
        return formats.week_range(self.tag, sunday)

    def join(self, items: list[str]) -> str:
        return formats.join(self.tag, items)

    def items(self, parts: list[str]) -> str:
        return formats.items(self.tag, parts)

    def duration(self, seconds: int) -> str:
        return formats.duration(self.tag, seconds)

    def country(self, iso2: str, english: str) -> str:
        return formats.country(self.tag, iso2, english)


ENGLISH = Lang(Messages(SOURCE))


class Languages:
    """Every shipped language, each parsed once on first use (thread-safe: renderers also
    run in worker threads)."""

    def __init__(self, root: Path = LOCALES_DIR) -> None:
        self.root = root
        self._loaded: dict[str, Lang] = {SOURCE: ENGLISH}
        self._lock = threading.Lock()

    def get(self, tag: str | None) -> Lang:
        """The language for a tag; English for an unknown or missing one."""
        found = supported(tag) or SOURCE
        lang = self._loaded.get(found)
        if lang is None:
            with self._lock:
                lang = self._loaded.get(found)
                if lang is None:
                    lang = Lang(load_messages(found, self.root))
                    self._loaded[found] = lang
        return lang

    def preload(self) -> None:
        """Parse every catalog now (at start), so no member's first command waits for it."""
        for tag in SHIPPED:
            self.get(tag)


LANGUAGES = Languages()
