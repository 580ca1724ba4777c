"""Hallyu's entry point: the Bot subclass and the command line (run, cluster, console, sync,
import)."""

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
import datetime as dt
import logging
import sqlite3
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands
from dotenv import load_dotenv

from cogs.translator import CommandTranslator
from config import Settings, SettingsError
from core.locales import SOURCE, SUPPORTED
from core.matching import TitleIndex
from core.shards import Ownership
from core.text import plural
from db.catalog import CatalogRepository
from db.catalog_loader import CatalogFormatError, load_catalog, load_seed
from db.connection import Database
from db.migrations import MigrationError, migrate
from db.trivia_seed import load_trivia_seed
from providers import ProviderClient, build_providers
from providers.tvmaze import TvmazeClient
from scheduler.airing import Airing
from scheduler.cluster import Cluster, StoreTimeline
from scheduler.enrichment import EnrichmentJobs
from scheduler.pacing import Pacer
from scheduler.service import Announcements
from services.cards import Cards
from services.enrich import EnrichJob
from services.enrich_cli import add_enrichment_commands
from services.languages import ServerLanguages
from services.live import LiveData
from services.live_search import LiveSearch
from services.pictures import PictureWorker

log = logging.getLogger("hallyu")

# Loaded in this order; errors first so its handler is in place before any command runs.
EXTENSIONS: tuple[str, ...] = (
    "cogs.errors",
    "cogs.shows",
    "cogs.meta",
    "cogs.trivia",
    "cogs.charts",
    "cogs.announce",
    "cogs.airing",
    "cogs.settings",
)

EXIT_USAGE = 2
# `sync --guild` without an id: the DEV_GUILD_ID setting's server.
DEV_GUILD = -1


class HallyuTree(app_commands.CommandTree["HallyuBot"]):
    """Extensions load and the title index builds while the gateway connects: a command
    arriving in those first milliseconds waits for them, and so does a sync."""

    async def interaction_check(self, interaction: discord.Interaction[HallyuBot]) -> bool:
        await self.client.started()
        return True

    async def sync(
        self, *, guild: discord.abc.Snowflake | None = None
    ) -> list[app_commands.AppCommand]:
        await self.client.started()
        return await super().sync(guild=guild)


class HallyuBot(commands.AutoShardedBot):
    """Owns the database, the title index and the extensions; closes all of it in close()."""

    def __init__(self, settings: Settings) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need nothing privileged
        # Announcements pace themselves by every request the bot makes, on one timeline
        # shared by every process of the cluster (see scheduler/pacing, scheduler/cluster).
        self._timeline = StoreTimeline(lambda: self._db, settings.database_path)
        pacer = Pacer(settings.announce_rate_limit, shared=self._timeline)
        cluster = Cluster(
            lambda: self.db,
            name=settings.cluster_name,
            ownership=Ownership.of(settings.shard_count, settings.shard_ids),
            lease=dt.timedelta(seconds=settings.cluster_lease_seconds),
        )
        sharding: dict[str, Any] = {"shard_count": settings.shard_count}
        if settings.shard_ids is not None:
            sharding["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            http_trace=pacer.trace_config(),
            tree_cls=HallyuTree,
            **sharding,
        )
        self.settings = settings
        self.started_at = dt.datetime.now(dt.UTC)
        # One data generation for the process: writers bump it, memos compare against it.
        self.live = LiveData()
        self.cards = Cards(self.live)
        self.pictures = PictureWorker(self.live.generation)
        self.languages = ServerLanguages(self.live)
        self._db: Database | None = None
        self.providers: list[ProviderClient] = []
        self._live_search: LiveSearch | None = None
        # Enrichment runs only in the process elected for once-only jobs.
        self.enrichment = EnrichmentJobs(self.enrich_job, elect=cluster.leads)
        self.announcements = Announcements(
            self, pacer=pacer, after_import=self.enrichment.kick, cluster=cluster
        )
        self._start_up: asyncio.Future[None] | None = None
        #: Why a background start-up failed (the bot closed itself).
        self.start_up_error: Exception | None = None
        # Schedules come from the TVmaze client the providers share (set in prepare()).
        self.airing = Airing(
            self,
            None,
            delay=dt.timedelta(minutes=settings.airing_delay_minutes),
            concurrency=settings.announce_concurrency,
            cluster=cluster,
            owns_source=False,
        )

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the database is not open yet (prepare() has not run)")
        return self._db

    @property
    def catalog(self) -> CatalogRepository:
        return CatalogRepository(self.db)

    @property
    def titles(self) -> TitleIndex:
        return self.live.titles

    async def prepare(self, *, in_background: bool = False) -> None:
        """Everything a start needs except Discord: used by run, console and tests alike.

        `in_background`: the extensions load and the title index builds while the gateway
        connects (`started()` says when); a failure there closes the bot.
        """
        if self._db is None:
            self._db = await prepare_database(self.settings.database_path)
            await self.live.attach(self._db, background=in_background)
        else:
            await self.live.changed()
        if not self.providers:
            self.providers = make_providers(self.settings)
        if self.airing.source is None:
            self.airing.source = next(
                (p for p in self.providers if isinstance(p, TvmazeClient)), None
            )
        if in_background:
            self._start_up = asyncio.ensure_future(self._start_up_in_background())
        else:
            await self._finish_start_up()

    async def _finish_start_up(self) -> None:
        for extension in EXTENSIONS:
            if extension not in self.extensions:
                await self.load_extension(extension)
                # Let the gateway's handshake move on between two imports.
                await asyncio.sleep(0)
        if self.tree.translator is None:
            # Before any sync: command names and descriptions go up in every language.
            await self.tree.set_translator(CommandTranslator())
        await self.live.ready()
        # Other processes' imports (a console, `import-netflix`) are noticed within seconds.
        self.live.watch()
        if not gc.isenabled():
            # Collect again once start-up's objects exist, and keep them out of its scans.
            gc.freeze()
            gc.enable()

    async def _start_up_in_background(self) -> None:
        try:
            await self._finish_start_up()
        except Exception as exc:
            log.critical("start-up failed; closing", exc_info=exc)
            self.start_up_error = exc
            await self.close()
            raise

    async def started(self) -> None:
        """Return once the extensions are loaded and the title index is built."""
        task = self._start_up
        if task is not None and task is not asyncio.current_task():
            await asyncio.shield(task)

    async def refresh_titles(self) -> None:
        """This process changed the store: rebuild the index and drop every memo."""
        await self.live.changed()

    def enrich_job(self) -> EnrichJob | None:
        """The enrichment job over the configured providers (None when there are none)."""
        if not self.providers:
            return None
        return EnrichJob(self.db, self.providers, notify=self.refresh_titles)

    @property
    def live_search(self) -> LiveSearch:
        if self._live_search is None:
            self._live_search = LiveSearch(self.db, self.providers, notify=self.refresh_titles)
        return self._live_search

    async def setup_hook(self) -> None:
        await self.prepare(in_background=True)
        await self.announcements.cluster.start()
        if self.settings.scheduler_enabled:
            self.announcements.start()
            self.enrichment.start()
            self.airing.start()

    async def close(self) -> None:
        # Stop the jobs first: a delivery pass must not outlive the connection and the DB.
        if self._start_up is not None and self._start_up is not asyncio.current_task():
            await asyncio.gather(self._start_up, return_exceptions=True)
        await self.enrichment.stop()
        await self.live.stop()
        await self.pictures.close()
        await self.announcements.stop()
        await self.airing.stop()
        await self.announcements.cluster.stop()
        for provider in self.providers:
            await provider.close()
        await super().close()
        await self.announcements.pacer.close()
        log.info("pacing: %s", self.announcements.pacer.report())
        await self._timeline.close()
        if self._db is not None:
            log.info("store: %s", self._db.lock_wait_report())
            await self._db.close()
            self._db = None

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


def make_providers(settings: Settings) -> list[ProviderClient]:
    """TVmaze always, TMDB when its token is set (see .env.example)."""
    return build_providers(
        tvmaze_url=settings.tvmaze_api_url,
        tmdb_url=settings.tmdb_api_url,
        tmdb_token=settings.tmdb_api_token.reveal(),
        tvmaze_rate=(settings.tvmaze_rate_limit, 10.0),
        tmdb_rate=(settings.tmdb_rate_limit, 1.0),
        timeout=settings.provider_timeout,
        attempts=settings.provider_retries + 1,
    )


class DatabaseUnavailableError(Exception):
    """DATABASE_PATH cannot be created or opened; the message says which and why."""


async def prepare_database(path: Path) -> Database:
    """Open, migrate and seed: idempotent, so every start may call it."""
    try:
        if await asyncio.to_thread(Path(path).is_dir):
            # Checked first: a failed connect leaves aiosqlite's thread behind, which
            # prints its own traceback at exit.
            raise IsADirectoryError(21, "it is a folder")
        db = await Database.open(path)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DatabaseUnavailableError(
            f"cannot open the database {path} ({reason}); set DATABASE_PATH to a file "
            "in a folder this user can write"
        ) from None
    try:
        version = await migrate(db)
        seeded = await load_seed(db)
        trivia = await load_trivia_seed(db)
    except BaseException:
        await db.close()
        raise
    log.info(
        "database %s at schema %d; bundled catalog %s; bundled trivia %s",
        path,
        version,
        "unchanged" if seeded.skipped else f"loaded ({plural(seeded.shows, 'show')})",
        "unchanged" if trivia is None else f"loaded ({plural(trivia, 'entry', 'entries')})",
    )
    return db


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
