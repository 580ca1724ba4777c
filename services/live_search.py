"""Live provider search for `/show` and `/actor` when the store has no answer.

Only a clear match is stored (a wrong show is worse than none); what is found goes into
the store like the job's finds, so the next lookup is local. Autocomplete never comes
here: it stays on the in-memory index.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from core.providers import (
    KOREA,
    KOREAN,
    Candidate,
    PersonHit,
    ProviderError,
    ProviderRef,
    ShowProvider,
)
from core.text import fold
from core.title_match import ChartTitle, decide, search_query
from db.connection import Database
from db.enrichment import EnrichmentError, EnrichmentRepository

log = logging.getLogger(__name__)

Notify = Callable[[], Awaitable[None]]
# An actor's newest roles, fetched to bring the person (with credits) into the store.
ROLES_FETCHED = 3
# A query no provider could answer clearly is not sent again for a while: members retype
# the same miss, and each search spends the rate limit the enrichment job also needs.
MISS_TTL = 600.0
MISSES_KEPT = 2048


class ProvidersUnreachable(Exception):
    """No configured provider could answer (down, throttled, circuit open, malformed)."""


def _is_korean(candidate: Candidate) -> bool:
    return candidate.language == KOREAN or KOREA in candidate.origin_countries


def pick_show(query: str, candidates: Sequence[Candidate]) -> ProviderRef | None:
    """The show a member meant by `query`, or None when it is not clear.

    The matcher's clear winner first. Failing that, one Korean show among several of
    exactly that name is the one a K-drama community means (`Goblin`, `Moving`); two
    Korean shows of that name stay unclear.
    """
    decision = decide(ChartTitle(show_title=query), candidates)
    if decision.status == "matched":
        return decision.ref
    key = fold(query)
    same_name = [
        c
        for c in candidates
        if key and key in {fold(n) for n in (c.name, c.original_name or "", *c.akas) if n}
    ]
    korean = [c for c in same_name if _is_korean(c)]
    if len(korean) == 1 and korean[0].kind != "film":
        return korean[0].ref
    return None


def pick_person(query: str, hits: Sequence[PersonHit]) -> PersonHit | None:
    """The one person named exactly so (case and punctuation aside), preferring a Korean
    one when several share the name; None when it stays unclear."""
    key = fold(query)
    named = [h for h in hits if fold(h.name) == key]
    if len(named) == 1:
        return named[0]
    korean = [h for h in named if h.country == KOREA]
    return korean[0] if len(korean) == 1 else None


class LiveSearch:
    """Handed the providers and the store by the bot; `notify` is told when data changed."""

    def __init__(
        self,
        db: Database,
        providers: Sequence[ShowProvider],
        *,
        notify: Notify | None = None,
    ) -> None:
        self.store = EnrichmentRepository(db)
        self.providers = list(providers)
        self.notify = notify
        self._misses: dict[tuple[str, str], float] = {}

    def _missed_lately(self, kind: str, query: str) -> bool:
        at = self._misses.get((kind, fold(query)))
        return at is not None and time.monotonic() - at < MISS_TTL

    def _missed(self, kind: str, query: str) -> None:
        if len(self._misses) >= MISSES_KEPT:
            self._misses.clear()  # bounded; forgetting misses only costs a search
        self._misses[(kind, fold(query))] = time.monotonic()

    @property
    def enabled(self) -> bool:
        return bool(self.providers)

    async def show(self, query: str) -> int | None:
        """Our show id for `query` found at a provider (stored now if new), or None when no
        provider has a clear match. ProvidersUnreachable when none could be asked."""
        text = search_query(query)
        if self._missed_lately("show", text):
            return None
        failures: list[str] = []
        for provider in self.providers:
            try:
                candidates = await provider.search(text)
                ref = pick_show(text, candidates)
                if ref is None:
                    continue
                return await self._stored_show(provider, ref)
            except ProviderError as exc:
                failures.append(str(exc))
        if failures and len(failures) == len(self.providers):
            log.info("live show search for %r: no provider answered (%s)", text, failures[0])
            raise ProvidersUnreachable(failures[0])
        self._missed("show", text)
        return None

    async def _stored_show(self, provider: ShowProvider, ref: ProviderRef) -> int | None:
        held = await self.store.show_for(ref)
        if held is not None:
            return held
        record = await provider.show(ref.id)
        if record is None:
            return None
        try:
            show_id, changed = await self.store.store_new(record)
        except EnrichmentError as exc:
            log.warning("live search could not store %s: %s", ref, exc)
            return None
        if changed and self.notify is not None:
            await self.notify()
        return show_id

    async def person(self, query: str) -> bool:
        """Bring a person a provider knows clearly into the store, with their newest
        roles' shows (and so their credits). True when something was stored or already
        there; ProvidersUnreachable when no provider could be asked."""
        if self._missed_lately("person", query):
            return False
        failures: list[str] = []
        for provider in self.providers:
            try:
                hit = pick_person(query, await provider.search_people(query))
                if hit is None:
                    continue
                record = await provider.person(hit.ref.id)
                if record is None or not record.roles:
                    continue
                # The person first (linked by the provider's id, so a namesake is not
                # merged), then their newest roles' shows, whose casts credit them.
                await self.store.store_person(record)
                refs = [role.show.ref for role in record.roles if role.show.kind != "film"]
                stored = await asyncio.gather(
                    *(self._stored_show(provider, ref) for ref in refs[:ROLES_FETCHED])
                )
                if any(show_id is not None for show_id in stored):
                    return True
            except ProviderError as exc:
                failures.append(str(exc))
        if failures and len(failures) == len(self.providers):
            log.info("live person search for %r: no provider answered (%s)", query, failures[0])
            raise ProvidersUnreachable(failures[0])
        self._missed("person", query)
        return False
