"""What a trivia entry may hold: limits, alias parsing and the one place that enforces them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import UserError
from core.i18n import deferred, deferred_plural
from core.text import normalize

MAX_QUESTION = 500
MAX_ANSWER = 100
MAX_ALIASES = 10
MAX_ENTRIES_PER_SERVER = 5000
DIFFICULTIES = ("easy", "medium", "hard")
POINTS = {"easy": 1, "medium": 2, "hard": 3}
ALIAS_SEPARATOR = ";"


class EntryError(UserError):
    """A field breaks a rule; the message names the field and the rule (a template with
    its values, translated for whoever reads it)."""


@dataclass(frozen=True)
class EntryDraft:
    """A validated entry before it is stored (or compared with a stored one)."""

    question: str
    answer: str
    aliases: tuple[str, ...]
    difficulty: str
    show_id: int | None = None

    @property
    def normalized(self) -> str:
        return normalize(self.question)


def split_aliases(text: str | None) -> list[str]:
    """`a; b ;; c` → [a, b, c]: the form members type in one slash-command option."""
    if not text:
        return []
    return [part.strip() for part in text.split(ALIAS_SEPARATOR) if part.strip()]


def _one_line(value: str) -> str:
    # Collapse runs of whitespace (and newlines from a modal) so a card stays one tidy block.
    return " ".join(value.split())


def clean_question(value: str) -> str:
    question = value.strip()
    if not normalize(question):
        raise EntryError("The question needs some letters or numbers.")
    if len(question) > MAX_QUESTION:
        raise EntryError(
            deferred_plural(
                "The question is {count} character long; the limit is {limit}.",
                "The question is {count} characters long; the limit is {limit}.",
                len(question),
                count=len(question),
                limit=MAX_QUESTION,
            )
        )
    return question


def clean_answer(value: str) -> str:
    answer = _one_line(value)
    if not normalize(answer):
        raise EntryError("The answer needs some letters or numbers.")
    if len(answer) > MAX_ANSWER:
        raise EntryError(
            deferred_plural(
                "The answer is {count} character long; the limit is {limit}.",
                "The answer is {count} characters long; the limit is {limit}.",
                len(answer),
                count=len(answer),
                limit=MAX_ANSWER,
            )
        )
    return answer


def clean_alias(value: str) -> str:
    alias = _one_line(value)
    # The alias is quoted (cut short) so the moderator sees which of several is meant.
    quoted = alias[:40]
    if not normalize(alias):
        raise EntryError(
            deferred("The alias “{alias}” needs some letters or numbers.", alias=quoted)
        )
    if len(alias) > MAX_ANSWER:
        raise EntryError(
            deferred_plural(
                "The alias “{alias}” is {count} character long; the limit is {limit}.",
                "The alias “{alias}” is {count} characters long; the limit is {limit}.",
                len(alias),
                alias=quoted,
                count=len(alias),
                limit=MAX_ANSWER,
            )
        )
    if ALIAS_SEPARATOR in alias:
        raise EntryError(
            deferred(
                "An alias cannot contain “{separator}” (it separates aliases).",
                separator=ALIAS_SEPARATOR,
            )
        )
    return alias


def clean_aliases(values: Iterable[str], answer: str) -> tuple[str, ...]:
    """Validated, with repeats (after folding) and copies of the answer dropped."""
    seen = {normalize(answer)}
    kept: list[str] = []
    for raw in values:
        alias = clean_alias(raw)
        key = normalize(alias)
        if key in seen:
            continue
        seen.add(key)
        kept.append(alias)
    if len(kept) > MAX_ALIASES:
        raise EntryError(
            deferred_plural(
                "{count} alias given; at most {limit} are allowed.",
                "{count} aliases given; at most {limit} are allowed.",
                len(kept),
                count=len(kept),
                limit=MAX_ALIASES,
            )
        )
    return tuple(kept)


def clean_difficulty(value: str | None) -> str:
    difficulty = (value or "medium").strip().lower()
    if difficulty not in DIFFICULTIES:
        # The file format's own words: imports spell them in English whatever the language.
        raise EntryError(
            deferred("The difficulty must be one of {choices}.", choices=", ".join(DIFFICULTIES))
        )
    return difficulty


def draft(
    question: str,
    answer: str,
    aliases: Iterable[str] = (),
    difficulty: str | None = None,
    show_id: int | None = None,
) -> EntryDraft:
    """Validate every field at once; raises EntryError naming the first bad one."""
    clean = clean_answer(answer)
    return EntryDraft(
        question=clean_question(question),
        answer=clean,
        aliases=clean_aliases(aliases, clean),
        difficulty=clean_difficulty(difficulty),
        show_id=show_id,
    )
