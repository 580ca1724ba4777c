"""Errors whose message is meant for the member who ran the command.

The message is kept as its English source and values (`core.i18n.Text`) and translated
into the member's language by the error handler, because where it is raised (a lookup,
a date parser) nobody knows who will read it. tools/i18n.py extracts the first argument
of these classes, so `raise NotFoundError("No show matches “{query}”.", query=text)` is
all a raiser writes.
"""

from __future__ import annotations

from core.i18n import Text, Translator


class UserError(Exception):
    """Raised anywhere below a command; the error handler shows it ephemerally."""

    def __init__(self, message: str | Text, /, **values: object) -> None:
        self.text = message if isinstance(message, Text) else Text(message, values)
        super().__init__(self.text.english)

    @property
    def message(self) -> str:
        """In English (logs, tests, the console's source language)."""
        return self.text.english

    def render(self, lang: Translator) -> str:
        return self.text.render(lang)


class NotFoundError(UserError):
    """What the member asked for does not exist (a show, an actor, an entry)."""


class PermissionDeniedError(UserError):
    """The member lacks a permission that a runtime check requires."""
