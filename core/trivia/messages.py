"""What the trivia store tells a curator when it refuses a change, as messages translated
for whoever reads them (the store itself knows no language, and the extractor reads the
templates here)."""

from __future__ import annotations

from core.i18n import Text, deferred, deferred_plural
from core.trivia.fields import MAX_ENTRIES_PER_SERVER


def no_entry(number: int) -> Text:
    return deferred("This server has no trivia entry #{number}.", number=number)


def asked_already(number: int) -> Text:
    return deferred("Entry #{number} already asks that question.", number=number)


def server_full() -> Text:
    return deferred(
        "This server already has {limit} trivia entries, the limit. Remove some first.",
        limit=MAX_ENTRIES_PER_SERVER,
    )


def changed_since_asked(number: int) -> Text:
    return deferred(
        "Trivia entry #{number} was changed, removed or replaced since you asked; "
        "nothing was removed.",
        number=number,
    )


def too_many_to_import(fresh: int, present: int) -> Text:
    return deferred_plural(
        "Importing {count} new entry would take this server past {limit} (it has {present}). "
        "Nothing was imported.",
        "Importing {count} new entries would take this server past {limit} (it has "
        "{present}). Nothing was imported.",
        fresh,
        count=fresh,
        limit=MAX_ENTRIES_PER_SERVER,
        present=present,
    )
