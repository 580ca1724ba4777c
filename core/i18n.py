"""Looking a message up in one language's catalog and filling its named placeholders.

Pure: the catalog is handed in already parsed (render/i18n.py reads the `.po` files).
Messages use named `{placeholders}` only; a translation is a whole sentence, never pieces
glued together, so each language can order the words its own way.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

# (msgctxt, msgid): the context tells apart one English word used in two places.
Key = tuple[str | None, str]

_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """The `{names}` a message uses (`{{` and `}}` are literal braces)."""
    try:
        return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name is not None)
    except ValueError:
        return frozenset()


def fill(template: str, values: Mapping[str, object]) -> str:
    """`str.format` with named values only (raises if the template names another)."""
    return template.format_map(values)


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@dataclass(frozen=True)
class Messages:
    """One language's translations. Missing or unusable entries fall back to the English
    source, so a half-translated catalog shows English, never an error."""

    locale: str
    singular: Mapping[Key, str] = field(default_factory=dict)
    plural: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    # CLDR's plural rule as gettext's `Plural-Forms` expression: n → index into msgstr[].
    plural_index: Callable[[int], int] = _english_plural

    def text(self, context: str | None, message: str, values: Mapping[str, object]) -> str:
        translated = self.singular.get((context, message)) or message
        return _safe_fill(translated, message, values)

    def plural_text(
        self,
        context: str | None,
        singular: str,
        plural: str,
        n: int,
        values: Mapping[str, object],
    ) -> str:
        source = singular if n == 1 else plural
        forms = self.plural.get((context, singular))
        translated = source
        if forms:
            index = self.plural_index(n)
            if 0 <= index < len(forms) and forms[index]:
                translated = forms[index]
        return _safe_fill(translated, source, values)


def _safe_fill(translated: str, source: str, values: Mapping[str, object]) -> str:
    try:
        return fill(translated, values)
    except (KeyError, IndexError, ValueError, AttributeError):
        pass
    # A translation naming a placeholder the code does not pass: the source still fits;
    # and text that is no template at all (a brace typed by a member) is shown as it is.
    try:
        return fill(source, values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return source


class Translator(Protocol):
    """What a deferred message needs to become text: one language (render.i18n.Lang)."""

    def gettext(self, message: str, /, **values: object) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str: ...


@dataclass(frozen=True)
class Text:
    """A message whose language is not known where it is made (an error raised below the
    cogs, a line the scheduler logs and posts): kept as its English source and values,
    translated when someone reads it. Values may be `Text` themselves (a sentence placed
    in another), translated with it."""

    singular: str
    values: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None
    n: int = 1

    def render(self, lang: Translator) -> str:
        values = {
            name: value.render(lang) if isinstance(value, Text) else value
            for name, value in self.values.items()
        }
        if self.plural is None:
            return lang.gettext(self.singular, **values)
        return lang.ngettext(self.singular, self.plural, self.n, **values)

    @property
    def english(self) -> str:
        return self.render(ENGLISH_SOURCE)


def deferred(message: str, /, **values: object) -> Text:
    """Mark a message for translation later (tools/i18n.py extracts the first argument)."""
    return Text(message, values)


def deferred_plural(singular: str, plural: str, n: int, /, **values: object) -> Text:
    return Text(singular, values, plural, n)


class _Source:
    """The English source itself: no catalog, English plural rule."""

    _messages = Messages("en")

    def gettext(self, message: str, /, **values: object) -> str:
        return self._messages.text(None, message, values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return self._messages.plural_text(None, singular, plural, n, values)


ENGLISH_SOURCE: Translator = _Source()
