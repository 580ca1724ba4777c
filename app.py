"""The bot itself: the command tree, the Bot subclass that wires the store, the services and
the cogs together, and opening the store. The command line lives in bot.py."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import sqlite3
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.translator import CommandTranslator
from config import Settings
from core.matching import TitleIndex
from core.shards import Ownership
from core.text import plural
from db.catalog import CatalogRepository
from db.catalog_loader import load_seed
from db.connection import Database
from db.migrations import migrate
from db.rate_budget import RateBudgetFile, budget_path
from db.trivia_seed import load_trivia_seed
from providers import ProviderClient, build_providers
from providers.tvmaze import TvmazeClient
from scheduler.airing import Airing
from scheduler.cluster import Cluster
from scheduler.enrichment import EnrichmentJobs
from scheduler.pacing import Pacer
from scheduler.service import Announcements
from services.cards import Cards
from services.enrich import EnrichJob
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
        # Announcements pace themselves by every request the bot makes, on one budget
        # shared by every process of the cluster (see scheduler/pacing, db/rate_budget).
        self._budget = RateBudgetFile(budget_path(settings.database_path))
        pacer = Pacer(settings.announce_rate_limit, shared=self._budget)
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
        await self._budget.close()
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
