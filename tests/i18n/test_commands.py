"""Every command, option and choice in every shipped language, as Discord accepts them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from app import HallyuBot
from cogs.translator import CommandTranslator, command_strings
from core.locales import SHIPPED
from render.i18n import LANGUAGES
from tests.fakediscord import FakeDiscord
from tests.fakediscord.command_limits import _name_char_ok

NAME_LOCATIONS = (Where.command_name, Where.group_name, Where.parameter_name)


def discord_name_ok(name: str) -> bool:
    """^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$, lower case where the script has case."""
    return 1 <= len(name) <= 32 and all(_name_char_ok(c) for c in name) and name == name.lower()


@pytest.mark.parametrize("tag", SHIPPED)
async def test_every_command_string_is_translated_and_fits_discord(
    offline_bot: HallyuBot, tag: str
) -> None:
    messages = LANGUAGES.get(tag).messages
    problems = []
    for context, english, where in command_strings(offline_bot.tree):
        text = messages.singular.get((context, english))
        if not text:
            problems.append(f"untranslated: {context} {english!r}")
        elif where in NAME_LOCATIONS and not discord_name_ok(text):
            problems.append(f"bad name: {context} {text!r}")
        elif where is Where.choice_name and not 1 <= len(text) <= 100:
            problems.append(f"choice too long: {text!r}")
        elif where not in NAME_LOCATIONS and not 1 <= len(text) <= 100:
            problems.append(f"description not 1-100: {context} {text!r}")
    assert not problems, "\n".join(problems)


async def _translated(
    tree: app_commands.CommandTree[Any], locale: discord.Locale
) -> list[dict[str, Any]]:
    translator = CommandTranslator()
    payload = [await c.get_translated_payload(tree, translator) for c in tree.get_commands()]
    for command in payload:
        assert locale.value in command["name_localizations"], command["name"]
    return payload


def _names_per_level(commands: list[dict[str, Any]], locale: str) -> dict[str, list[str]]:
    """Localised names grouped by where they must be unique (top level, each group's
    subcommands, each command's options)."""
    levels: dict[str, list[str]] = defaultdict(list)

    def walk(items: list[dict[str, Any]], where: str) -> None:
        for item in items:
            name = (item.get("name_localizations") or {}).get(locale, item["name"])
            levels[where].append(name)
            walk(item.get("options") or [], f"{where}/{item['name']}")

    walk(commands, "")
    return levels


@pytest.mark.parametrize("tag", SHIPPED)
async def test_localised_names_are_unique_at_each_level(offline_bot: HallyuBot, tag: str) -> None:
    locale = discord.Locale(tag)
    payload = await _translated(offline_bot.tree, locale)
    for where, names in _names_per_level(payload, tag).items():
        assert len(names) == len(set(names)), (tag, where or "top level", sorted(names))


async def test_a_bad_translation_is_left_out_not_uploaded() -> None:
    from cogs.translator import fits

    assert not fits(Where.command_name, "Top 10")
    assert not fits(Where.command_name, "x" * 33)
    assert not fits(Where.command_description, "")
    assert fits(Where.command_name, "ท็อป10")
    assert fits(Where.command_name, "dàn-diễn-viên")


async def test_english_and_unshipped_locales_get_no_localisation(offline_bot: HallyuBot) -> None:
    translator = CommandTranslator()
    show = offline_bot.tree.get_command("show")
    assert show is not None
    payload = await show.get_translated_payload(offline_bot.tree, translator)
    assert payload["name_localizations"]["ko"] == "드라마"
    assert payload["name_localizations"]["pt-BR"] == "dorama"
    assert "en-US" not in payload["name_localizations"]
    assert "de" not in payload["name_localizations"]


async def test_sync_uploads_localisations_valid_for_discord(
    live: tuple[FakeDiscord, HallyuBot],
) -> None:
    fake, _ = live
    put = fake.requests_to("PUT", r"/applications/\d+/commands$")
    assert put, "the tree was not synced"
    body = put[-1].json
    assert put[-1].status == 200
    by_name = {command["name"]: command for command in body}
    chart = by_name["chart"]
    assert chart["name_localizations"]["ko"] == "차트"
    assert chart["description_localizations"]["ja"] == "Netflix TOP10ランキング"
    top = next(o for o in chart["options"] if o["name"] == "top")
    assert top["name_localizations"]["th"] == "ท็อป10"
    category = next(o for o in top["options"] if o["name"] == "category")
    first = category["choices"][0]
    assert first["name_localizations"]["pt-BR"] == "Séries (língua não inglesa)"
    for command in body:
        assert set(SHIPPED) <= set(command["name_localizations"]), command["name"]
        assert set(SHIPPED) <= set(command["description_localizations"]), command["name"]
    # The fake checks every body against Discord's OpenAPI spec and command rules.
    assert not fake.violations
