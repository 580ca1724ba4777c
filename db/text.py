"""Text checks the store shares."""

from __future__ import annotations


def has_hangul(text: str | None) -> bool:
    """True when the text holds a Hangul syllable (a Korean title or name)."""
    return any("\uac00" <= ch <= "\ud7a3" for ch in text or "")
