"""Hallyu's command line: run the bot or a cluster of it, the offline console, sync, import
and enrich. The bot itself is in app.py."""

from __future__ import annotations

import gc

if __name__ == "__main__":
    # Start-up creates hundreds of thousands of objects that all live on (modules, the
    # title index); collecting while they are made only costs time. prepare() turns the
    # collector back on and freezes them out of its scans.
    gc.disable()

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiohttp
import discord
from dotenv import load_dotenv

from app import DatabaseUnavailableError, HallyuBot, make_providers, prepare_database
from config import Settings, SettingsError
from core.catalog_format import CatalogFormatError
from core.locales import SOURCE, SUPPORTED
from core.text import plural
from db.catalog_loader import load_catalog
from db.migrations import MigrationError
from services.enrich_cli import add_enrichment_commands

log = logging.getLogger("hallyu")

EXIT_USAGE = 2
# `sync --guild` without an id: the DEV_GUILD_ID setting's server.
DEV_GUILD = -1


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", stream=sys.stderr
    )
    # Hallyu has no voice features; the missing-voice-library warnings are noise.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    # discord.py logs every gateway event at DEBUG; keep ours readable.
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
    # APScheduler logs two lines per job run; the jobs log what they did themselves.
    quiet = max(logging.WARNING, logging.getLevelName(level))
    logging.getLogger("apscheduler.executors").setLevel(quiet)


def point_at_discord(settings: Settings) -> None:
    """DISCORD_API_URL / DISCORD_GATEWAY_URL (a local fake, a proxy) replace Discord's
    endpoints, which discord.py keeps as class attributes."""
    if settings.discord_api_url:
        discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url:
        import yarl
        from discord.gateway import DiscordWebSocket

        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class DiscordUnreachableError(Exception):
    """Discord could not be reached or refused the token; the message is one line."""


@contextlib.asynccontextmanager
async def reaching_discord() -> AsyncIterator[None]:
    """Turn a failed connection or a rejected token into one clear line for the operator
    (instead of aiohttp's traceback), raised as DiscordUnreachableError."""
    try:
        yield
    except discord.LoginFailure:
        raise DiscordUnreachableError(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the bot's token again "
            "from the Developer Portal (Bot → Reset Token) into .env."
        ) from None
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DiscordUnreachableError(
            f"cannot reach Discord ({reason}); check the network connection and try again, "
            "or run `.venv/bin/python bot.py console` to use the commands offline."
        ) from None


async def run_bot(settings: Settings) -> int:
    async with HallyuBot(settings) as bot, reaching_discord():
        await bot.start(settings.discord_token.reveal())
    if bot.start_up_error is not None:
        raise bot.start_up_error
    return 0


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    async with HallyuBot(settings) as bot, reaching_discord():
        await bot.login(settings.discord_token.reveal())
        await bot.started()
        if guild_id is None:
            synced = await bot.tree.sync()
            registered = plural(len(synced), "command")
            print(f"Registered {registered} globally (they may take a while to show).")
        else:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            print(f"Registered {plural(len(synced), 'command')} in server {guild_id}.")
    return 0


async def import_catalog(settings: Settings, files: Sequence[Path]) -> int:
    db = await prepare_database(settings.database_path)
    try:
        for path in files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
                return 1
            try:
                result = await load_catalog(db, raw, path.name)
            except CatalogFormatError as exc:
                print(f"error: {exc} (nothing was imported from this file)", file=sys.stderr)
                return 1
            shows, people = plural(result.shows, "show"), plural(result.people, "person", "people")
            print(f"{path.name}: {shows}, {people} imported")
    finally:
        await db.close()
    return 0


async def import_netflix(settings: Settings, sources: Sequence[str]) -> int:
    from services.chart_sources import import_sources

    db = await prepare_database(settings.database_path)
    try:
        return await import_sources(db, sources or settings.netflix_urls)
    finally:
        await db.close()


async def enrichment(settings: Settings, args: argparse.Namespace) -> int:
    """`enrich`, `catalog review` and `catalog link` (services/enrich_cli.py)."""
    from services import enrich_cli

    db = await prepare_database(settings.database_path)
    reviewing = args.command == "catalog" and args.catalog_command == "review"
    providers = [] if reviewing else make_providers(settings)
    try:
        if args.command == "enrich":
            return await enrich_cli.run_enrich(db, providers, limit=args.limit, only=args.provider)
        if reviewing:
            return await enrich_cli.review(db, show_all=args.show_all)
        return await enrich_cli.link(db, args.title, args.ref, providers=providers)
    finally:
        for provider in providers:
            await provider.close()
        await db.close()


async def console(settings: Settings, command: str | None, locale: str = SOURCE) -> int:
    from console import Console

    async with HallyuBot(settings) as bot:
        await bot.prepare()
        runner = Console(bot, locale=locale)
        if command is not None:
            return await runner.execute(command)
        return await runner.repl()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Hallyu, a Discord bot for K-drama fan communities.",
        epilog="With no command, runs the bot (or the offline console without DISCORD_TOKEN).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="connect to Discord and serve commands (the default)")
    clu = sub.add_parser(
        "cluster",
        help="run N bot processes over one store, each with its own shards",
        description="Starts N `run` processes with contiguous shard ranges (SHARD_COUNT, "
        "default N) and restarts one that dies.",
    )
    clu.add_argument("--processes", type=int, default=2, metavar="N")
    con = sub.add_parser("console", help="run the slash commands offline in this terminal")
    con.add_argument(
        "-c", dest="line", metavar="COMMAND", help='one command, e.g. "/show weak hero"'
    )
    con.add_argument(
        "--locale", choices=SUPPORTED, default=SOURCE, help="answer in this language (e.g. ko)"
    )
    syn = sub.add_parser("sync", help="register the slash commands with Discord")
    syn.add_argument(
        "--guild",
        type=int,
        nargs="?",
        const=DEV_GUILD,
        metavar="ID",
        help="only in this server (instant); without ID, the server DEV_GUILD_ID names",
    )
    imp = sub.add_parser("import-catalog", help="load shows from a catalog JSON file")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    net = sub.add_parser(
        "import-netflix",
        help="import Netflix's Top 10 files (weekly global or per country, or Most Popular; TSV)",
        description="With no PATH_OR_URL, downloads the files named by NETFLIX_GLOBAL_URL, "
        "NETFLIX_COUNTRIES_URL and NETFLIX_MOST_POPULAR_URL.",
    )
    net.add_argument("sources", nargs="*", metavar="PATH_OR_URL")
    add_enrichment_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    load_dotenv()
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"error: {exc} (see .env.example)", file=sys.stderr)
        return EXIT_USAGE
    point_at_discord(settings)
    command = args.command or "run"
    needs_token = command in ("run", "sync", "cluster")
    if needs_token and not settings.discord_token:
        if command == "run" and sys.stdin.isatty():
            print("DISCORD_TOKEN is not set: starting the offline console instead.")
            print("Type /help for the commands, /quit to leave.")
            command = "console"
            args.line = None
        else:
            print(
                "error: DISCORD_TOKEN is not set; put it in .env (see .env.example) "
                "or run `.venv/bin/python bot.py console` for the offline console.",
                file=sys.stderr,
            )
            return EXIT_USAGE
    quiet = command == "console" and not settings.log_level_set
    configure_logging("WARNING" if quiet else settings.log_level)
    try:
        if command == "run":
            return asyncio.run(run_bot(settings))
        if command == "cluster":
            from scheduler.launcher import run_cluster

            return run_cluster(settings, args.processes, [sys.executable, __file__, "run"])
        if command == "sync":
            guild = args.guild
            if guild == DEV_GUILD:
                guild = settings.dev_guild_id
                if guild is None:
                    print(
                        "error: `sync --guild` needs a server id, or DEV_GUILD_ID set "
                        "(see .env.example)",
                        file=sys.stderr,
                    )
                    return EXIT_USAGE
            return asyncio.run(sync_commands(settings, guild))
        if command == "import-catalog":
            return asyncio.run(import_catalog(settings, args.files))
        if command == "import-netflix":
            return asyncio.run(import_netflix(settings, args.sources))
        if command in ("enrich", "catalog"):
            return asyncio.run(enrichment(settings, args))
        locale = getattr(args, "locale", SOURCE)
        if args.line is None and sys.stdin.isatty():
            from console.repl import Terminal

            return Terminal(lambda: HallyuBot(settings), locale=locale).run()
        return asyncio.run(console(settings, args.line, locale))
    except MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (DiscordUnreachableError, DatabaseUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Import ourselves by name so extensions that import `bot` share these classes.
    import bot

    sys.exit(bot.main())
