"""What a trivia entry may hold: limits, alias parsing and the one place that enforces them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import UserError
from core.text import normalize, plural

MAX_QUESTION = 500
MAX_ANSWER = 100
MAX_ALIASES = 10
MAX_ENTRIES_PER_SERVER = 5000
DIFFICULTIES = ("easy", "medium", "hard")
POINTS = {"easy": 1, "medium": 2, "hard": 3}
ALIAS_SEPARATOR = ";"


class EntryError(UserError):
    """A field breaks a rule; the message names the field and the rule."""


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
            f"The question is {len(question)} characters long; the limit is {MAX_QUESTION}."
        )
    return question


def clean_answer(value: str, what: str = "The answer") -> str:
    answer = _one_line(value)
    if not normalize(answer):
        raise EntryError(f"{what} needs some letters or numbers (“{answer[:40]}” has none).")
    if len(answer) > MAX_ANSWER:
        raise EntryError(f"{what} is {len(answer)} characters long; the limit is {MAX_ANSWER}.")
    return answer


def clean_aliases(values: Iterable[str], answer: str) -> tuple[str, ...]:
    """Validated, with repeats (after folding) and copies of the answer dropped."""
    seen = {normalize(answer)}
    kept: list[str] = []
    for raw in values:
        alias = clean_answer(raw, f"The alias “{_one_line(raw)[:40]}”")
        if ALIAS_SEPARATOR in alias:
            raise EntryError(f"An alias cannot contain “{ALIAS_SEPARATOR}” (it separates aliases).")
        key = normalize(alias)
        if key in seen:
            continue
        seen.add(key)
        kept.append(alias)
    if len(kept) > MAX_ALIASES:
        raise EntryError(
            f"{plural(len(kept), 'alias', 'aliases')} given; at most {MAX_ALIASES} are allowed."
        )
    return tuple(kept)


def clean_difficulty(value: str | None) -> str:
    difficulty = (value or "medium").strip().lower()
    if difficulty not in DIFFICULTIES:
        raise EntryError(f"Difficulty must be one of {', '.join(DIFFICULTIES)}.")
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
