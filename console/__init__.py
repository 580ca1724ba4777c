"""The offline console: the bot's own slash commands, typed in a terminal.

Commands are found in the real command tree and their real callbacks run with a
stand-in interaction that prints replies as text, so the console can never drift from
what Discord members see. The operator acts as an administrator of one local server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import discord
from discord import AppCommandOptionType as Opt
from discord import app_commands

from cogs.errors import handle_error
from console.options import ConsoleUsageError, split_options
from core.errors import UserError
from render.text import embed_to_text, plain

if TYPE_CHECKING:
    from cogs.host import Host

OUTPUT_DIR = Path("console-files")
CONSOLE_GUILD_ID = 1
CONSOLE_CHANNEL_ID = 2
CONSOLE_USER_ID = 3
AnyCommand = app_commands.Command[Any, Any, Any]
LineReader = Callable[[], Awaitable[str | None]]

__all__ = ["Console", "ConsoleUsageError", "split_options"]


async def read_stdin_line() -> str | None:
    """One line from standard input (None at its end), read in a thread."""
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None


@dataclass
class ConsoleUser:
    id: int = CONSOLE_USER_ID
    name: str = "console"
    display_name: str = "Console operator"
    bot: bool = False
    guild_permissions: discord.Permissions = field(default_factory=discord.Permissions.all)
    roles: list[Any] = field(default_factory=list)

    @property
    def mention(self) -> str:
        return "@console"


@dataclass
class ConsoleChannel:
    id: int = CONSOLE_CHANNEL_ID
    name: str = "console"
    guild_id: int = CONSOLE_GUILD_ID

    @property
    def mention(self) -> str:
        return f"#{self.name}"


@dataclass
class ConsoleRole:
    """A `role` option, given by its id (`123` or `<@&123>`): the console has no role list."""

    id: int
    name: str = "role"

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


def _role(text: str) -> ConsoleRole:
    return ConsoleRole(int(text.strip().removeprefix("<@&").removesuffix(">")))


@dataclass
class ConsoleGuild:
    id: int = CONSOLE_GUILD_ID
    name: str = "Console"
    owner_id: int = CONSOLE_USER_ID


@dataclass
class ConsoleAttachment:
    """An `attachment` option given as a local file path."""

    path: Path

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    async def read(self) -> bytes:
        return await asyncio.to_thread(self.path.read_bytes)


class ConsoleMessage:
    def __init__(self, printer: ConsolePrinter) -> None:
        self._printer = printer
        self.id = 0

    async def edit(self, **kwargs: Any) -> ConsoleMessage:
        if any(kwargs.get(key) for key in ("content", "embed", "embeds", "attachments")):
            self._printer.show(**kwargs)
        return self

    async def delete(self) -> None:
        return None


class ConsolePrinter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def show(
        self,
        content: str | None = None,
        *,
        embed: discord.Embed | None = None,
        embeds: list[discord.Embed] | None = None,
        view: discord.ui.View | None = None,
        file: discord.File | None = None,
        files: list[discord.File] | None = None,
        **_: Any,
    ) -> None:
        blocks: list[str] = []
        if content:
            blocks.append(plain(content))
        for item in ([embed] if embed else []) + list(embeds or []):
            blocks.append(embed_to_text(item))
        for attachment in ([file] if file else []) + list(files or []):
            blocks.append(f"[file written to {save_file(attachment)}]")
        if view is not None:
            described = describe_view(view)
            if described:
                blocks.append(described)
        if blocks:
            if self.count:
                print("", file=self.out)
            print("\n\n".join(blocks), file=self.out)
            self.count += 1


def save_file(attachment: discord.File) -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    path = OUTPUT_DIR / Path(attachment.filename or "file").name
    attachment.fp.seek(0)
    path.write_bytes(attachment.fp.read())
    return path.resolve()


def describe_view(view: discord.ui.View) -> str:
    """Interactive parts cannot be pressed in a terminal: say what they offer instead."""
    own = getattr(view, "console_text", None)
    if callable(own):
        text = own()
        if text:
            return str(text)
    parts = []
    for child in view.children:
        if isinstance(child, discord.ui.Button) and child.label:
            parts.append(f"[{child.label}]")
        elif isinstance(child, discord.ui.Select):
            parts += [f"  - {option.label}" for option in child.options]
    return "\n".join(parts)


def field_label(item: discord.ui.Item[Any]) -> str:
    """A form field's label, whether wrapped in a `ui.Label` or given on the input itself."""
    if isinstance(item, discord.ui.Label):
        return item.text
    # TextInput.label is deprecated in favour of ui.Label; its payload still carries it.
    return str(item.to_component_dict().get("label") or "a field")


class ConsoleResponse:
    def __init__(self, interaction: ConsoleInteraction) -> None:
        self._interaction = interaction
        self._done = False

    def is_done(self) -> bool:
        return self._done

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        self._done = True
        self._interaction.printer.show(content, **kwargs)

    async def edit_message(self, content: str | None = None, **kwargs: Any) -> None:
        self._done = True
        self._interaction.printer.show(content, **kwargs)

    async def defer(self, **_: Any) -> None:
        self._done = True

    async def send_modal(self, modal: discord.ui.Modal) -> None:
        self._done = True
        labels = [field_label(child) for child in modal.children]
        self._interaction.printer.show(
            f"(A form titled “{modal.title}” opens here on Discord, asking for: "
            f"{', '.join(labels)}. In the console, give them as options.)"
        )


class ConsoleFollowup:
    def __init__(self, interaction: ConsoleInteraction) -> None:
        self._interaction = interaction

    async def send(self, content: str | None = None, **kwargs: Any) -> ConsoleMessage:
        self._interaction.printer.show(content, **kwargs)
        return ConsoleMessage(self._interaction.printer)


class ConsoleInteraction:
    """Duck-types the parts of `discord.Interaction` that Hallyu's commands use."""

    is_console = True

    def __init__(
        self,
        bot: Host,
        printer: ConsolePrinter,
        command: AnyCommand,
        read_line: LineReader = read_stdin_line,
    ) -> None:
        self.client = bot
        self.printer = printer
        self._read_line = read_line
        self.command = command
        self.user = ConsoleUser()
        self.guild = ConsoleGuild()
        self.guild_id = CONSOLE_GUILD_ID
        self.channel = ConsoleChannel()
        self.channel_id = CONSOLE_CHANNEL_ID
        self.permissions = discord.Permissions.all()
        self.app_permissions = discord.Permissions.all()
        self.created_at = dt.datetime.now(dt.UTC)
        self.locale = discord.Locale.british_english
        self.response = ConsoleResponse(self)
        self.followup = ConsoleFollowup(self)
        self.id = 0

    async def original_response(self) -> ConsoleMessage:
        return ConsoleMessage(self.printer)

    async def edit_original_response(self, **kwargs: Any) -> ConsoleMessage:
        self.printer.show(**kwargs)
        return ConsoleMessage(self.printer)

    async def delete_original_response(self) -> None:
        """A deferred answer printed nothing, so there is nothing to take back."""

    async def ask(self, prompt: str) -> str | None:
        """Read one line from the terminal (for commands that play in the console)."""
        print(prompt, file=self.printer.out, flush=True)
        return await self._read_line()


class Console:
    def __init__(
        self, bot: Host, out: TextIO = sys.stdout, read_line: LineReader = read_stdin_line
    ) -> None:
        self.bot = bot
        self.printer = ConsolePrinter(out)
        self.read_line = read_line

    def commands(self) -> dict[str, AnyCommand]:
        found: dict[str, AnyCommand] = {}
        for command in self.bot.tree.walk_commands():
            if isinstance(command, app_commands.Command):
                found[command.qualified_name] = command
        return found

    def resolve(self, line: str) -> tuple[AnyCommand, str]:
        if not line.startswith("/"):
            raise ConsoleUsageError("commands start with /, e.g. /show weak hero (try /help)")
        words = line[1:].split(" ")
        known = self.commands()
        for length in (3, 2, 1):
            name = " ".join(words[:length]).lower()
            if name in known:
                return known[name], " ".join(words[length:])
        raise ConsoleUsageError(f"unknown command /{words[0]} (try /help)")

    def convert(self, command: AnyCommand, raw: dict[str, str]) -> dict[str, Any]:
        params = {p.name: p for p in command.parameters}
        bare = raw.pop("\0bare", None)
        if bare is not None:
            first = next((p for p in command.parameters if p.required), None)
            first = first or (command.parameters[0] if command.parameters else None)
            if first is None or first.name in raw:
                raise ConsoleUsageError(f"/{command.qualified_name}: unexpected text “{bare}”")
            raw[first.name] = bare
        kwargs: dict[str, Any] = {}
        for name, param in params.items():
            if name not in raw:
                if param.required:
                    raise ConsoleUsageError(f"/{command.qualified_name}: {name} is required")
                continue
            kwargs[name] = self.value(param, raw[name])
        return kwargs

    @staticmethod
    def value(param: app_commands.Parameter, text: str) -> Any:
        if param.choices:
            for choice in param.choices:
                if text.lower() in (choice.name.lower(), str(choice.value).lower()):
                    return choice.value
            options = ", ".join(choice.name for choice in param.choices)
            raise ConsoleUsageError(f"{param.name} must be one of: {options}")
        converters: dict[Opt, Callable[[str], Any]] = {
            Opt.string: str,
            Opt.integer: int,
            Opt.number: float,
            Opt.boolean: lambda t: {"true": True, "yes": True, "false": False, "no": False}[
                t.lower()
            ],
            Opt.channel: lambda t: ConsoleChannel(name=t.lstrip("#") or "console"),
            Opt.user: lambda t: ConsoleUser(),
            Opt.role: _role,
            Opt.attachment: lambda t: ConsoleAttachment(Path(t).expanduser()),
        }
        convert = converters.get(param.type, str)
        try:
            value = convert(text)
        except (ValueError, KeyError):
            raise ConsoleUsageError(f"{param.name}: “{text}” is not a valid value") from None
        if isinstance(value, int | float) and not isinstance(value, bool):
            low, high = param.min_value, param.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                raise ConsoleUsageError(f"{param.name} must be between {low} and {high}")
        if isinstance(value, ConsoleAttachment) and not value.path.is_file():
            raise ConsoleUsageError(f"{param.name}: no file at {value.path}")
        return value

    async def execute(self, line: str) -> int:
        """Run one line; 0 on success (errors shown to the member count as success), 2 on usage."""
        line = line.strip()
        if line in ("/help", "help"):
            self.print_help()
            return 0
        try:
            command, rest = self.resolve(line)
            names = [p.name for p in command.parameters]
            kwargs = self.convert(command, split_options(rest, names, command.qualified_name))
        except ConsoleUsageError as exc:
            print(f"error: {exc}", file=self.printer.out)
            return 2
        interaction = ConsoleInteraction(self.bot, self.printer, command, self.read_line)
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
        out = self.printer.out
        print("Commands (options as name:value; bare text fills the first one):", file=out)
        for name, command in sorted(self.commands().items()):
            options = " ".join(
                f"{p.name}:…" if p.required else f"[{p.name}:…]" for p in command.parameters
            )
            print(f"  /{name} {options}".rstrip() + f"  — {command.description}", file=out)
        print("  /quit  — leave the console", file=out)

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
