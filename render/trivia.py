"""Trivia curating cards in the reader's language: entries, the entry list, removal
questions, and the words every trivia card shares (difficulty, points, buttons).

Questions, answers and aliases are what moderators (or the bundled set) wrote: shown as
written, escaped, never translated.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence

import discord

from db.trivia import TriviaEntry
from render.i18n import Lang
from render.limits import fit_embed
from render.shows import safe

COLOR = discord.Colour(0x7B61FF)
PER_PAGE = 10
SEPARATOR = " · "


class EntryHeading(enum.Enum):
    """What just happened to the entry a card shows."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
    SHOWN = "shown"


def when(moment: dt.datetime, style: str = "R") -> str:
    """A Discord timestamp: each member reads it in their own time zone and language."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def who(user_id: int) -> str:
    # A mention shows the member's current name; AllowedMentions.none() keeps it silent.
    return "Hallyu" if user_id == 0 else f"<@{user_id}>"


def spoiler(text: str) -> str:
    return f"||{safe(text)}||"


def difficulty_labels(lang: Lang) -> dict[str, str]:
    """Each difficulty as a card shows it (the stored value is the English key)."""
    return {
        "easy": lang.pgettext("trivia difficulty", "easy"),
        "medium": lang.pgettext("trivia difficulty", "medium"),
        "hard": lang.pgettext("trivia difficulty", "hard"),
    }


def difficulty_label(difficulty: str, lang: Lang) -> str:
    return difficulty_labels(lang).get(difficulty, difficulty)


def difficulty_from_label(typed: str, lang: Lang) -> str | None:
    """What a member typed in a form (`hard`, `어려움`, `Difícil`) → the stored key."""
    folded = typed.strip().casefold()
    for key, label in difficulty_labels(lang).items():
        if folded in (key, label.casefold()):
            return key
    return None


def points_text(points: int, lang: Lang) -> str:
    return lang.ngettext("{count} point", "{count} points", points, count=lang.number(points))


def answer_button(lang: Lang) -> str:
    return lang.pgettext("trivia button", "Answer")


def remove_button(lang: Lang) -> str:
    return lang.pgettext("trivia button", "Remove")


def keep_button(lang: Lang) -> str:
    return lang.pgettext("trivia button", "Keep")


def _entry_title(heading: EntryHeading, number: int, lang: Lang) -> str:
    if heading is EntryHeading.ADDED:
        return lang.gettext("Added trivia entry #{number}", number=number)
    if heading is EntryHeading.CHANGED:
        return lang.gettext("Changed trivia entry #{number}", number=number)
    if heading is EntryHeading.REMOVED:
        return lang.gettext("Removed trivia entry #{number}", number=number)
    return lang.gettext("Trivia entry #{number}", number=number)


def entry_card(entry: TriviaEntry, heading: EntryHeading, lang: Lang) -> discord.Embed:
    embed = discord.Embed(
        title=_entry_title(heading, entry.number, lang), description=safe(entry.question)
    )
    embed.colour = COLOR
    embed.add_field(
        name=lang.pgettext("trivia", "Answer"), value=spoiler(entry.answer), inline=True
    )
    embed.add_field(
        name=lang.pgettext("trivia", "Difficulty"),
        value=difficulty_label(entry.difficulty, lang),
        inline=True,
    )
    if entry.show_title:
        embed.add_field(
            name=lang.pgettext("trivia", "Show"), value=safe(entry.show_title), inline=True
        )
    if entry.aliases:
        embed.add_field(
            name=lang.pgettext("trivia", "Also accepted"),
            value=lang.items([spoiler(a) for a in entry.aliases]),
            inline=False,
        )
    history = [
        lang.gettext(
            "Added by {member} {time}", member=who(entry.created_by), time=when(entry.created_at)
        )
    ]
    if entry.updated_at != entry.created_at or entry.updated_by != entry.created_by:
        history.append(
            lang.gettext(
                "Last changed by {member} {time}",
                member=who(entry.updated_by),
                time=when(entry.updated_at),
            )
        )
    embed.add_field(name=lang.pgettext("trivia", "History"), value="\n".join(history), inline=False)
    return fit_embed(embed)


def entry_line(entry: TriviaEntry, lang: Lang) -> str:
    answer = spoiler(entry.answer)
    if entry.aliases:
        count = len(entry.aliases)
        answer += " " + lang.ngettext(
            "(+{count} alias)", "(+{count} aliases)", count, count=lang.number(count)
        )
    parts = [f"→ {answer}", difficulty_label(entry.difficulty, lang)]
    if entry.show_title:
        parts.append(safe(entry.show_title))
    parts.append(f"{who(entry.updated_by)} {when(entry.updated_at)}")
    return f"**#{entry.number}** {safe(entry.question)}\n{SEPARATOR.join(parts)}"


def _bundled_note(count: int, enabled: bool, lang: Lang) -> str:
    number = lang.number(count)
    if enabled:
        return lang.ngettext(
            "{count} bundled question (on)", "{count} bundled questions (on)", count, count=number
        )
    return lang.ngettext(
        "{count} bundled question (off)", "{count} bundled questions (off)", count, count=number
    )


def entries_page(
    entries: Sequence[TriviaEntry],
    page: int,
    total: int,
    bundled: int,
    bundled_enabled: bool,
    lang: Lang,
    show_title: str | None = None,
) -> discord.Embed:
    pages = max(1, -(-total // PER_PAGE))
    if show_title:
        title = lang.gettext("Trivia entries: {show}", show=safe(show_title))
    else:
        title = lang.gettext("Trivia entries")
    if entries:
        description = "\n\n".join(entry_line(entry, lang) for entry in entries)
    elif total:
        description = lang.gettext(
            "There is no page {page}; the last page is {pages}.",
            page=lang.number(page),
            pages=lang.number(pages),
        )
    else:
        description = lang.gettext(
            "This server has no trivia entries yet. Add one with `/trivia add`."
        )
    embed = discord.Embed(title=title, description=description, colour=COLOR)
    footer = [
        lang.gettext(
            "Page {page} of {pages}",
            page=lang.number(min(page, pages)),
            pages=lang.number(pages),
        ),
        lang.ngettext(
            "{count} entry of this server",
            "{count} entries of this server",
            total,
            count=lang.number(total),
        ),
        _bundled_note(bundled, bundled_enabled, lang),
    ]
    embed.set_footer(text=SEPARATOR.join(footer))
    return fit_embed(embed)


def removal_question(number: int, seconds: float, lang: Lang) -> str:
    whole = round(seconds)
    return lang.ngettext(
        "Remove trivia entry #{number}? Press **{remove}** to delete it or **{keep}** to keep "
        "it. Nothing is deleted unless you press {remove} within {count} second.",
        "Remove trivia entry #{number}? Press **{remove}** to delete it or **{keep}** to keep "
        "it. Nothing is deleted unless you press {remove} within {count} seconds.",
        whole,
        number=number,
        remove=remove_button(lang),
        keep=keep_button(lang),
        count=lang.number(whole),
    )


def removal_kept(number: int, timed_out: bool, lang: Lang) -> str:
    if timed_out:
        return lang.gettext(
            "No answer in time, so trivia entry #{number} was kept; nothing was removed.",
            number=number,
        )
    return lang.gettext("Trivia entry #{number} was kept; nothing was removed.", number=number)


def console_removal_prompt(number: int, lang: Lang) -> str:
    return lang.gettext(
        "Remove trivia entry #{number}? Type {yes} to confirm:",
        number=number,
        yes=console_yes(lang),
    )


def console_yes(lang: Lang) -> str:
    # Translators: the word typed in the console to confirm; keep it short and lower case.
    return lang.pgettext("console confirmation", "yes")


def export_reply(count: int, lang: Lang) -> str:
    return lang.ngettext(
        "{count} entry. Edit the file and bring it back with `/trivia import`.",
        "{count} entries. Edit the file and bring it back with `/trivia import`.",
        count,
        count=lang.number(count),
    )


def import_reply(added: int, skipped: int, lang: Lang) -> str:
    lines = [
        lang.ngettext(
            "Imported {count} entry.", "Imported {count} entries.", added, count=lang.number(added)
        )
    ]
    if skipped:
        lines.append(
            lang.ngettext(
                "{count} was already here and was skipped.",
                "{count} were already here and were skipped.",
                skipped,
                count=lang.number(skipped),
            )
        )
    return "\n".join(lines)


def bundled_reply(count: int, enabled: bool, lang: Lang) -> str:
    number = lang.number(count)
    if enabled:
        return lang.ngettext(
            "Games here use the {count} bundled question.",
            "Games here use the {count} bundled questions.",
            count,
            count=number,
        )
    return lang.ngettext(
        "Games here no longer use the {count} bundled question.",
        "Games here no longer use the {count} bundled questions.",
        count,
        count=number,
    )
