"""The catalogs' quality bar: complete, the source's placeholders, CLDR's plural forms,
and in step with the code."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app import HallyuBot
from cogs.translator import command_strings
from core.i18n import placeholders
from core.locales import SHIPPED, babel_name
from render.i18n import LOCALES_DIR, po_path
from tests.i18n.test_commands import discord_name_ok
from tools.i18n import _code_messages

POT = LOCALES_DIR / "hallyu.pot"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def entries(catalog: Catalog) -> dict[tuple[str | None, str], Message]:
    found = {}
    for message in catalog:
        if message.id:
            msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            found[(message.context or None, msgid)] = message
    return found


def forms(message: Message) -> list[str]:
    string = message.string
    return [str(s or "") for s in string] if isinstance(string, (tuple, list)) else [string or ""]


def sources(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


@pytest.mark.parametrize("tag", SHIPPED)
def test_every_message_is_translated_with_the_sources_placeholders(tag: str) -> None:
    template = entries(read(POT))
    catalog = read(po_path(tag), babel_name(tag))
    translated = entries(catalog)
    problems = []
    for key, source in template.items():
        message = translated.get(key)
        if message is None:
            problems.append(f"missing: {key}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        texts = forms(message)
        if not all(text.strip() for text in texts):
            problems.append(f"empty: {key}")
            continue
        wanted = frozenset().union(*(placeholders(s) for s in sources(source)))
        used = [placeholders(text) for text in texts]
        if isinstance(source.id, (tuple, list)):
            # A plural form may leave out the count ("one" often says it in words), but
            # never names one the code does not pass, and the forms together use them all.
            if any(not names <= wanted for names in used) or frozenset().union(*used) != wanted:
                problems.append(f"placeholders: {key} {texts}")
        elif used[0] != wanted:
            problems.append(f"placeholders: {key} {texts[0]!r}")
        if any(text != unicodedata.normalize("NFC", text) for text in texts):
            problems.append(f"not NFC: {key}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("tag", SHIPPED)
def test_plural_forms_are_cldrs(tag: str) -> None:
    catalog = read(po_path(tag), babel_name(tag))
    rule = get_plural(babel_name(tag))
    assert catalog.num_plurals == rule.num_plurals
    assert catalog.plural_expr == rule.plural_expr
    for message in catalog:
        if message.id and isinstance(message.id, (tuple, list)):
            assert len(forms(message)) == rule.num_plurals, (tag, message.id)


async def test_the_template_has_every_message_of_the_code(offline_bot: HallyuBot) -> None:
    """Run `python tools/i18n.py extract && python tools/i18n.py update` and translate
    the new entries when this fails (docs/translating.md)."""
    template = set(entries(read(POT)))
    code = {
        (context or None, message[0] if isinstance(message, (tuple, list)) else message)
        for _, _, message, _, context in _code_messages()
    }
    tree = {(context, text) for context, text, _ in command_strings(offline_bot.tree)}
    assert sorted(map(str, (code | tree) - template)) == []
    # Commands of work not merged yet may be translated ahead; no other entry is stale.
    ahead = {
        key
        for key in template - (code | tree)
        if key[0] and key[0].startswith(COMMANDS_AND_CHOICES)
    }
    assert sorted(map(str, template - (code | tree) - ahead)) == []


COMMANDS = ("command name: ", "command description: ", "option name: ", "option description: ")
COMMANDS_AND_CHOICES = (*COMMANDS, "choice")


@pytest.mark.parametrize("tag", SHIPPED)
def test_every_translated_command_string_fits_discord(tag: str) -> None:
    """Also those translated ahead of their command, so none fails the sync once it lands."""
    for (context, _), message in entries(read(po_path(tag), babel_name(tag))).items():
        if not context or not context.startswith(COMMANDS_AND_CHOICES):
            continue
        [text] = forms(message)
        if context.startswith(("command name: ", "option name: ")):
            assert discord_name_ok(text), (tag, context, text)
        else:
            assert 1 <= len(text) <= 100, (tag, context, text)
