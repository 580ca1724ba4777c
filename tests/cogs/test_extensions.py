"""Structure: every extension loads and every command is valid for Discord."""

import re

from discord import app_commands

from app import EXTENSIONS, HallyuBot

NAME = re.compile(r"^[-_\w]{1,32}$")


async def test_every_extension_loads(offline_bot: HallyuBot) -> None:
    assert set(EXTENSIONS) <= set(offline_bot.extensions)


async def test_command_names_and_descriptions_are_valid(offline_bot: HallyuBot) -> None:
    seen: set[str] = set()
    commands = list(offline_bot.tree.walk_commands())
    assert {"show", "cast", "actor", "about"} <= {c.qualified_name for c in commands}
    for command in commands:
        assert command.qualified_name not in seen
        seen.add(command.qualified_name)
        assert NAME.match(command.name) and command.name == command.name.lower()
        assert 1 <= len(command.description) <= 100
        if isinstance(command, app_commands.Command):
            params = command.parameters
            assert len(params) <= 25
            for param in params:
                assert NAME.match(param.name) and param.name == param.name.lower()
                assert 1 <= len(param.description) <= 100, (command.name, param.name)
                assert len(param.choices) <= 25
    payload = [c.to_dict(offline_bot.tree) for c in offline_bot.tree.get_commands()]
    assert len(payload) <= 100
