"""The offline console: the bot's own slash commands, typed in a terminal.

Commands are found in the real command tree and their real callbacks run with a
stand-in interaction (console/standins.py) that prints replies as text, so the console
can never drift from what Discord members see. With `--locale`, replies, the console's
own words and the command names are those a member with that Discord language reads.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import discord
from discord import AppCommandOptionType as Opt
from discord import app_commands

from cogs.errors import handle_error
from console.names import Spelling, by_typed_path, choice_name
from console.options import ConsoleUsageError, split_options
from console.standins import (
    CONSOLE_GUILD_ID,
    AnyCommand,
    ConsoleAttachment,
    ConsoleChannel,
    ConsoleInteraction,
    ConsolePrinter,
    ConsoleUser,
    LineReader,
    parse_role,
    read_stdin_line,
)
from core.errors import UserError
from core.locales import SOURCE
from render.i18n import LANGUAGES

if TYPE_CHECKING:
    from cogs.host import Host

__all__ = ["CONSOLE_GUILD_ID", "Console", "ConsoleUsageError", "split_options"]


class Console:
    def __init__(
        self,
        bot: Host,
        out: TextIO = sys.stdout,
        read_line: LineReader = read_stdin_line,
        *,
        locale: str = SOURCE,
    ) -> None:
        self.bot = bot
        self.lang = LANGUAGES.get(locale)
        self.printer = ConsolePrinter(out, self.lang)
        self.read_line = read_line
        # Replies come in this language, as for a Discord member whose client uses it.
        self.locale = discord.Locale.british_english if locale == SOURCE else discord.Locale(locale)

    def commands(self) -> dict[str, Spelling]:
        """Each command by every path it may be typed as (English, and the console's)."""
        found = (c for c in self.bot.tree.walk_commands() if isinstance(c, app_commands.Command))
        return by_typed_path(found, self.lang)

    def resolve(self, line: str) -> tuple[Spelling, str]:
        if not line.startswith("/"):
            raise ConsoleUsageError("commands start with /, e.g. /show weak hero (try /help)")
        words = line[1:].split(" ")
        known = self.commands()
        for length in (3, 2, 1):
            name = " ".join(words[:length]).lower()
            if name in known:
                return known[name], " ".join(words[length:])
        raise ConsoleUsageError("unknown command /{command} (try /help)", command=words[0])

    def options(self, spelling: Spelling, rest: str) -> dict[str, str]:
        """The typed options by parameter name, whichever language named them."""
        typed = spelling.typed_names()
        listed = list(spelling.options.values())
        values: dict[str, str] = {}
        for name, value in split_options(rest, list(typed), spelling.path, listed).items():
            param = typed.get(name, name)
            if param in values:
                raise ConsoleUsageError(
                    "option {option} is given twice", option=spelling.options[param]
                )
            values[param] = value
        return values

    def convert(self, spelling: Spelling, raw: dict[str, str]) -> dict[str, Any]:
        command = spelling.command
        bare = raw.pop("\0bare", None)
        if bare is not None:
            first = next((p for p in command.parameters if p.required), None)
            first = first or (command.parameters[0] if command.parameters else None)
            if first is None or first.name in raw:
                raise ConsoleUsageError(
                    "/{command}: unexpected text “{text}”", command=spelling.path, text=bare
                )
            raw[first.name] = bare
        kwargs: dict[str, Any] = {}
        for param in command.parameters:
            if param.name not in raw:
                if param.required:
                    raise ConsoleUsageError(
                        "/{command}: {option} is required",
                        command=spelling.path,
                        option=spelling.options[param.name],
                    )
                continue
            kwargs[param.name] = self.value(param, raw[param.name], spelling.options[param.name])
        return kwargs

    def value(self, param: app_commands.Parameter, text: str, shown: str) -> Any:
        if param.choices:
            for choice in param.choices:
                names = (choice.name, choice_name(self.lang, choice), str(choice.value))
                if text.lower() in (name.lower() for name in names):
                    return choice.value
            # Choice names may hold commas themselves ("the whole list, Korean titles marked").
            options = " | ".join(choice_name(self.lang, choice) for choice in param.choices)
            raise ConsoleUsageError(
                "{option} must be one of: {choices}", option=shown, choices=options
            )
        converters: dict[Opt, Callable[[str], Any]] = {
            Opt.string: str,
            Opt.integer: int,
            Opt.number: float,
            Opt.boolean: lambda t: {"true": True, "yes": True, "false": False, "no": False}[
                t.lower()
            ],
            Opt.channel: lambda t: ConsoleChannel(name=t.lstrip("#") or "console"),
            Opt.user: lambda t: ConsoleUser(),
            Opt.role: parse_role,
            Opt.attachment: lambda t: ConsoleAttachment(Path(t).expanduser()),
        }
        convert = converters.get(param.type, str)
        try:
            value = convert(text)
        except (ValueError, KeyError):
            raise ConsoleUsageError(
                "{option}: “{text}” is not a valid value", option=shown, text=text
            ) from None
        if isinstance(value, int | float) and not isinstance(value, bool):
            low, high = param.min_value, param.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                raise ConsoleUsageError(
                    "{option} must be between {low} and {high}", option=shown, low=low, high=high
                )
        if isinstance(value, ConsoleAttachment) and not value.path.is_file():
            raise ConsoleUsageError(
                "{option}: no file at {path}", option=shown, path=str(value.path)
            )
        return value

    async def execute(self, line: str) -> int:
        """Run one line; 0 on success (errors shown to the member count as success), 2 on usage."""
        line = line.strip()
        if line in ("/help", "help"):
            self.print_help()
            return 0
        try:
            spelling, rest = self.resolve(line)
            kwargs = self.convert(spelling, self.options(spelling, rest))
        except ConsoleUsageError as exc:
            problem = exc.text.render(self.lang)
            print(self.lang.gettext("error: {problem}", problem=problem), file=self.printer.out)
            return 2
        return await self.run(spelling.command, kwargs)

    async def run(self, command: AnyCommand, kwargs: dict[str, Any]) -> int:
        interaction = ConsoleInteraction(
            self.bot, self.printer, command, self.read_line, locale=self.locale
        )
        fake = cast(discord.Interaction[Any], interaction)
        try:
            binding = command.binding
            check = getattr(binding, "interaction_check", None)
            if check is not None and not await discord.utils.maybe_coroutine(check, fake):
                return 1
            for predicate in command.checks:
                if not await discord.utils.maybe_coroutine(predicate, fake):
                    raise app_commands.CheckFailure("check failed")
            if binding is not None:
                await command.callback(binding, fake, **kwargs)
            else:
                await command.callback(fake, **kwargs)  # type: ignore[call-arg]
        except (UserError, app_commands.AppCommandError) as exc:
            await handle_error(fake, exc)
            return 1
        except Exception as exc:  # shown with a code, as Discord members see it
            await handle_error(fake, app_commands.CommandInvokeError(command, exc))
            return 1
        return 0

    def print_help(self) -> None:
        out, lang = self.printer.out, self.lang
        print(
            lang.gettext("Commands (options as name:value; bare text fills the first one):"),
            file=out,
        )
        spellings = {id(s.command): s for s in self.commands().values()}.values()
        for spelling in sorted(spellings, key=lambda s: s.path):
            options = " ".join(
                f"{spelling.options[p.name]}:…" if p.required else f"[{spelling.options[p.name]}:…]"
                for p in spelling.command.parameters
            )
            usage = f"/{spelling.path} {options}".rstrip()
            print(f"  {usage}  — {spelling.description}", file=out)
        leave = lang.gettext("leave the console")
        print(f"  /quit  — {leave}", file=out)

    async def repl(self) -> int:
        out = self.printer.out
        while True:
            print("hallyu> ", end="", file=out, flush=True)
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line or line.strip() in ("/quit", "/exit", "quit", "exit"):
                print("", file=out)
                return 0
            if line.strip():
                await self.execute(line)
                self.printer.count = 0
