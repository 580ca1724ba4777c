"""Errors whose message is meant for the member who ran the command."""

from __future__ import annotations


class UserError(Exception):
    """Raised anywhere below a command; the error handler shows `str(exc)` ephemerally."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(UserError):
    """What the member asked for does not exist (a show, an actor, an entry)."""


class PermissionDeniedError(UserError):
    """The member lacks a permission that a runtime check requires."""
