"""The bot's view of the store: the data generation, the title index, and the watcher that
notices other processes' commits (an `import-netflix` run in another terminal, say)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from core.generation import Generation
from core.matching import TitleIndex
from db.catalog import build_title_index
from db.connection import Database
from db.generation import data_state

log = logging.getLogger(__name__)

#: Seconds between two `PRAGMA data_version` checks: one tiny query, never on a reply's path.
WATCH_INTERVAL = 1.5


class LiveData:
    """Owned by the bot. Writers in this process call `changed()` after they commit;
    the watcher calls it when another process has committed."""

    def __init__(self, generation: Generation | None = None) -> None:
        self.generation = generation or Generation()
        self.titles = TitleIndex()
        self._db: Database | None = None
        self._version: int | None = None
        self._mark: str | None = None
        self._rebuild = asyncio.Lock()
        self._watcher: asyncio.Task[None] | None = None
        self._first: asyncio.Future[None] | None = None
        #: Title index rebuilds so far (tests and logs read it).
        self.rebuilds = 0

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("LiveData has no database yet (attach() has not run)")
        return self._db

    async def attach(self, db: Database, *, background: bool = False) -> None:
        """Start from `db`'s current data: note its version, build the index (or start
        building it: then `ready()` says when it is there)."""
        self._db = db
        self._version, self._mark = await data_state(db)
        if background:
            self._first = asyncio.ensure_future(self.rebuild())
        else:
            await self.rebuild()

    async def ready(self) -> None:
        """Return once the first title index is built (at once, almost always)."""
        if self._first is not None:
            if not self._first.done():
                await asyncio.shield(self._first)
            self._first = None

    async def rebuild(self) -> None:
        """Build the title index in the reader thread and swap it in whole."""
        async with self._rebuild:
            self.titles = await self.db.read(build_title_index)
            self.rebuilds += 1

    async def changed(self) -> None:
        """The stored data changed: rebuild the index, then make every memo stale.

        In this order, whatever is memoised under the new generation was resolved with
        the new index; anything cached meanwhile belongs to the old one and is dropped.
        """
        # Noted first: a commit landing after this is seen by the next check, while this
        # process's own bulk writes (on their own connection) do not count twice.
        self._version, self._mark = await data_state(self.db)
        await self.rebuild()
        self.generation.bump()

    async def check(self) -> bool:
        """One watcher tick: True when another connection changed the data we answer from.

        `PRAGMA data_version` moves on any other connection's commit; the change mark
        (db/generation.py) only when shows, people, charts or provider facts changed, so
        another process's heartbeats or trivia scores cost nothing here.
        """
        version, mark = await data_state(self.db)
        if version == self._version:
            return False
        self._version = version
        if mark == self._mark:
            return False
        log.info("the store was changed by another process: refreshing")
        await self.changed()
        return True

    def watch(self, interval: float = WATCH_INTERVAL) -> None:
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.create_task(self._watch(interval), name="hallyu-data-watch")

    async def _watch(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self.check()
            except Exception:
                # A locked or briefly unreadable store must not end the watching.
                log.warning("checking the store for changes failed", exc_info=True)

    async def stop(self) -> None:
        if self._first is not None:
            await asyncio.gather(self._first, return_exceptions=True)
            self._first = None
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
