"""Hallyu's entry point: the Bot subclass and the command line (run, cluster, console, sync,
import)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands
from dotenv import load_dotenv

from config import Settings, SettingsError
from core.matching import TitleIndex
from core.shards import Ownership
from core.text import plural
from db.catalog import CatalogRepository
from db.catalog_loader import CatalogFormatError, load_catalog, load_seed
from db.connection import Database
from db.migrations import MigrationError, migrate
from db.trivia_seed import load_trivia_seed
from providers.http import RetryPolicy
from providers.tvmaze import TvmazeClient
from scheduler.airing import Airing
from scheduler.cluster import Cluster, StoreTimeline
from scheduler.pacing import Pacer
from scheduler.service import Announcements
from services.cards import Cards
from services.live import LiveData

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
)

EXIT_USAGE = 2


class HallyuBot(commands.AutoShardedBot):
    """Owns the database, the title index and the extensions; closes all of it in close()."""

    def __init__(self, settings: Settings) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need nothing privileged
        # Announcements pace themselves by every request the bot makes, on one timeline
        # shared by every process of the cluster (see scheduler/pacing, scheduler/cluster).
        pacer = Pacer(
            settings.announce_rate_limit,
            shared=StoreTimeline(lambda: self._db, settings.database_path),
        )
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
            **sharding,
        )
        self.settings = settings
        self.started_at = dt.datetime.now(dt.UTC)
        # One data generation for the process: writers bump it, memos compare against it.
        self.live = LiveData()
        self.cards = Cards(self.live)
        self._db: Database | None = None
        self.announcements = Announcements(self, pacer=pacer, cluster=cluster)
        self.airing = Airing(
            self,
            TvmazeClient(
                settings.tvmaze_api_url,
                calls=settings.tvmaze_rate_limit,
                policy=RetryPolicy(
                    timeout=settings.provider_timeout, attempts=settings.provider_retries + 1
                ),
            ),
            pacer=pacer,
            delay=dt.timedelta(minutes=settings.airing_delay_minutes),
            concurrency=settings.announce_concurrency,
            cluster=cluster,
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

    async def prepare(self) -> None:
        """Everything a start needs except Discord: used by run, console and tests alike."""
        if self._db is None:
            self._db = await prepare_database(self.settings.database_path)
            await self.live.attach(self._db)
        else:
            await self.live.changed()
        for extension in EXTENSIONS:
            if extension not in self.extensions:
                await self.load_extension(extension)
        # Other processes' imports (a console, `import-netflix`) are noticed within seconds.
        self.live.watch()

    async def refresh_titles(self) -> None:
        """This process changed the store: rebuild the index and drop every memo."""
        await self.live.changed()

    async def setup_hook(self) -> None:
        await self.prepare()
        await self.announcements.cluster.start()
        if self.settings.scheduler_enabled:
            self.announcements.start()
            self.airing.start()

    async def close(self) -> None:
        # Stop the jobs first: a delivery pass must not outlive the connection and the DB.
        await self.live.stop()
        await self.announcements.stop()
        await self.airing.stop()
        await self.announcements.cluster.stop()
        await super().close()
        if self._db is not None:
            log.info("store: %s", self._db.lock_wait_report())
            await self._db.close()
            self._db = None

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


async def prepare_database(path: Path) -> Database:
    """Open, migrate and seed: idempotent, so every start may call it."""
    db = await Database.open(path)
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


async def run_bot(settings: Settings) -> int:
    async with HallyuBot(settings) as bot:
        await bot.start(settings.discord_token.reveal())
    return 0


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    async with HallyuBot(settings) as bot:
        await bot.login(settings.discord_token.reveal())
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
        return await import_sources(
            db, sources or (settings.netflix_global_url, settings.netflix_countries_url)
        )
    finally:
        await db.close()


async def console(settings: Settings, command: str | None) -> int:
    from console import Console

    async with HallyuBot(settings) as bot:
        await bot.prepare()
        runner = Console(bot)
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
    syn = sub.add_parser("sync", help="register the slash commands with Discord")
    syn.add_argument("--guild", type=int, metavar="ID", help="only in this server (instant)")
    imp = sub.add_parser("import-catalog", help="load shows from a catalog JSON file")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    net = sub.add_parser(
        "import-netflix",
        help="import Netflix's weekly Top 10 files (global or per country, TSV)",
        description="With no PATH_OR_URL, downloads the files named by NETFLIX_GLOBAL_URL "
        "and NETFLIX_COUNTRIES_URL.",
    )
    net.add_argument("sources", nargs="*", metavar="PATH_OR_URL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    load_dotenv()
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"error: {exc} (see .env.example)", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level)
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
                "or run `python bot.py console` for the offline console.",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        if command == "run":
            return asyncio.run(run_bot(settings))
        if command == "cluster":
            from scheduler.launcher import run_cluster

            return run_cluster(settings, args.processes, [sys.executable, __file__, "run"])
        if command == "sync":
            return asyncio.run(sync_commands(settings, args.guild))
        if command == "import-catalog":
            return asyncio.run(import_catalog(settings, args.files))
        if command == "import-netflix":
            return asyncio.run(import_netflix(settings, args.sources))
        return asyncio.run(console(settings, args.line))
    except MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN; check it in .env.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Import ourselves by name so extensions that import `bot` share these classes.
    import bot

    sys.exit(bot.main())
