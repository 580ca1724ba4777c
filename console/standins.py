"""What a command's callback talks to in the console: a stand-in interaction (member,
channel, server, response) whose replies are printed as text in the console's language.

The operator acts as an administrator of one local server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import discord
from discord import app_commands

from render.i18n import ENGLISH, Lang
from render.text import embed_to_text, plain

if TYPE_CHECKING:
    from cogs.host import Host

OUTPUT_DIR = Path("console-files")
CONSOLE_GUILD_ID = 1
CONSOLE_CHANNEL_ID = 2
CONSOLE_USER_ID = 3
AnyCommand = app_commands.Command[Any, Any, Any]
LineReader = Callable[[], Awaitable[str | None]]


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


def parse_role(text: str) -> ConsoleRole:
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
    """Prints replies as text; what the console itself says is in `lang`, the console's."""

    def __init__(self, out: TextIO, lang: Lang = ENGLISH) -> None:
        self.out = out
        self.lang = lang
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
            path = save_file(attachment)
            blocks.append(self.lang.gettext("[file written to {path}]", path=str(path)))
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


def field_label(item: discord.ui.Item[Any], lang: Lang = ENGLISH) -> str:
    """A form field's label, whether wrapped in a `ui.Label` or given on the input itself."""
    if isinstance(item, discord.ui.Label):
        return item.text
    # TextInput.label is deprecated in favour of ui.Label; its payload still carries it.
    label = item.to_component_dict().get("label")
    return str(label) if label else lang.gettext("a field")


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
        lang = self._interaction.printer.lang
        labels = [field_label(child, lang) for child in modal.children]
        self._interaction.printer.show(
            lang.gettext(
                "(A form titled “{title}” opens here on Discord, asking for: {fields}. "
                "In the console, give them as options.)",
                title=modal.title,
                fields=lang.join(labels),
            )
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
        locale: discord.Locale = discord.Locale.british_english,
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
        self.locale = locale
        self.guild_locale: discord.Locale | None = None
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
