"""Finding the show a member named for `/airing next` and `/airing follow`: the stored
schedule first, then (for a follow) TVmaze's search for a Korean show not in it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from core.airing import AiringShow
from core.errors import NotFoundError, UserError
from core.i18n import deferred_plural
from core.providers import Candidate, ProviderError, ProviderRef
from core.text import clip, normalize
from db.airing import AiringRepository, Changed

log = logging.getLogger(__name__)

KOREA = "KR"
MAX_QUERY = 200


class Searcher(Protocol):
    async def search(self, query: str, year: int | None = None) -> list[Candidate]: ...


class LookupHost(Protocol):
    """What the lookup needs from the airing service."""

    @property
    def schedule(self) -> AiringRepository: ...

    @property
    def source(self) -> Searcher | None: ...

    async def refresh_show(self, ref: ProviderRef, now: dt.datetime) -> list[Changed]: ...


class ShowLookup:
    def __init__(self, airing: LookupHost) -> None:
        self.airing = airing

    async def find(self, text: str, now: dt.datetime, *, live: bool = False) -> AiringShow:
        """The show a member named: `tvmaze:ID` (from the suggestions) or a title. The
        stored schedule first; with `live`, TVmaze's search for a Korean show not in it
        (whose episodes are then fetched and stored). Raises UserError with the reason."""
        raw = " ".join(text.split())
        if not raw:
            raise UserError("Name a show, e.g. `show:Moonlit Court` (the suggestions help).")
        if len(raw) > MAX_QUERY:
            raise UserError(
                deferred_plural(
                    "That is too long for a show title (at most {count} character).",
                    "That is too long for a show title (at most {count} characters).",
                    MAX_QUERY,
                    count=MAX_QUERY,
                )
            )
        try:
            ref: ProviderRef | None = ProviderRef.parse(raw)
        except ValueError:
            ref = None
        if ref is not None:
            stored = await self.airing.schedule.show(ref)
            if stored is not None:
                return stored
            if not live:
                raise NotFoundError("{show} is not in the stored schedule.", show=str(ref))
            return await self._fetch(ref, now)
        found = await self.airing.schedule.find(raw, limit=6)
        exact = [show for show in found if normalize(show.name) == normalize(raw)]
        if len(exact) == 1 or (len(found) == 1 and not exact):
            return (exact or found)[0]
        if len(found) > 1:
            names = "; ".join(f"{s.name} ({s.network})" if s.network else s.name for s in found[:5])
            raise UserError(
                "Several shows match: {shows}. Pick one from the list.", shows=clip(names, 900)
            )
        if not live or self.airing.source is None:
            raise NotFoundError(
                "No show by that name is in the stored Korean schedule (the next 14 days)."
            )
        return await self._search(raw, now)

    async def on_follow(self, ref: ProviderRef, now: dt.datetime) -> None:
        """A newly followed show: fetch its own episode list once, so episodes beyond the
        14-day schedule and its end are known. The schedule already holds what airs soon,
        so a provider failure here only waits for the daily refresh."""
        if await self.airing.schedule.episodes_fetched(ref):
            return
        try:
            await self.airing.refresh_show(ref, now)
        except ProviderError as exc:
            log.warning("episodes of %s not fetched on follow: %s", ref, exc)

    async def _search(self, raw: str, now: dt.datetime) -> AiringShow:
        assert self.airing.source is not None
        try:
            hits = await self.airing.source.search(raw)
        except ProviderError as exc:
            raise UserError(
                "TVmaze could not be searched just now ({error}). Try again later.", error=str(exc)
            ) from exc
        korean = [hit for hit in hits if KOREA in hit.origin_countries or hit.language == "ko"]
        exact = [hit for hit in korean if normalize(hit.name) == normalize(raw)]
        if not korean:
            raise NotFoundError("TVmaze knows no Korean show by that name.")
        pick = (exact or korean)[0]
        if not exact and len(korean) > 1:
            names = "; ".join(
                f"{h.name} ({h.premiered})" if h.premiered else h.name for h in korean[:5]
            )
            raise UserError(
                "Several Korean shows match: {shows}. Use the exact title.", shows=clip(names, 900)
            )
        return await self._fetch(pick.ref, now)

    async def _fetch(self, ref: ProviderRef, now: dt.datetime) -> AiringShow:
        try:
            await self.airing.refresh_show(ref, now)
        except ProviderError as exc:
            raise UserError(
                "TVmaze could not be reached just now ({error}). Try again later.", error=str(exc)
            ) from exc
        stored = await self.airing.schedule.show(ref)
        if stored is None:
            raise NotFoundError("TVmaze has no show {show}.", show=str(ref))
        return stored
