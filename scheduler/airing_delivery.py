"""Episode posts: which follows are due, and exactly one post per episode per follow.

The protocol is the chart announcements' (scheduler.delivery): claim in the ledger, look
in the channel when an earlier attempt may have posted, send with a deterministic nonce,
complete. The Poster, the error classes, the backoff and the pacing are shared with it.
All episodes due for one follow in one pass go out as one post: a double episode, or
after downtime one catch-up naming what was missed, never a flood. Each post is in its
follow's language (else the server's); a pass renders each language's card of an episode
once, however many channels it goes to.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from core.airing import ScheduledEpisode, ended_nonce, is_late, marker, nonce
from core.locales import resolve
from core.shards import Ownership
from db.airing import AiringRepository
from db.airing_follows import DueEpisode, Follow, FollowRepository
from db.airing_ledger import DEFAULT_LEASE, ENDED, AiringLedger, Claim, episode_item
from render.airing import EpisodeCard, ended_post, episode_card, episode_post
from render.announce import OutgoingMessage
from render.i18n import LANGUAGES, Lang, Languages
from scheduler.delivery import (
    Outcome,
    PassReport,
    PermanentDeliveryError,
    Poster,
    TransientDeliveryError,
    backoff,
    fan_out,
    no_locale,
)

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 16
#: (episode ids, language, catch-up) → the card.
CardKey = tuple[tuple[int, ...], str, bool]


@dataclass
class PassCache:
    """What one pass shares between its follows: every follow of an episode needs the same
    stored episodes and, per language, the same card. Lives for one pass only, so a
    refresh between passes (a reschedule, a new title) is always seen."""

    episodes: dict[tuple[str, tuple[int, ...]], list[ScheduledEpisode]] = field(
        default_factory=dict
    )
    cards: dict[CardKey, EpisodeCard] = field(default_factory=dict)


class EpisodePoster:
    """One per process; passes never overlap."""

    def __init__(
        self,
        schedule: AiringRepository,
        follows: FollowRepository,
        ledger: AiringLedger,
        poster: Poster,
        *,
        delay: dt.timedelta = dt.timedelta(0),
        concurrency: int = DEFAULT_CONCURRENCY,
        ownership: Ownership | None = None,
        lease: dt.timedelta = DEFAULT_LEASE,
        guild_locale: Callable[[int], str | None] = no_locale,
        languages: Languages = LANGUAGES,
    ) -> None:
        self.schedule = schedule
        self.follows = follows
        self.ledger = ledger
        self.poster = poster
        self.delay = delay
        self.concurrency = max(1, concurrency)
        #: The shards whose guilds this process posts to (all without SHARD_IDS).
        self.ownership = ownership or Ownership()
        self.lease = lease
        #: A server's Discord locale (preferred_locale) from the client's guild cache.
        self.guild_locale = guild_locale
        self.languages = languages
        self._cache: PassCache | None = None
        self._lock = asyncio.Lock()

    def language_of(self, follow: Follow) -> Lang:
        """The follow's own language, else the server's choice, else its Discord
        locale, else English."""
        tag = resolve((follow.language, follow.server_language, self.guild_locale(follow.guild_id)))
        return self.languages.get(tag)

    def card(
        self, follow: Follow, episodes: list[ScheduledEpisode], lang: Lang, catch_up: bool
    ) -> EpisodeCard:
        cache = self._cache or PassCache()
        key = (tuple(e.id for e in episodes), lang.tag, catch_up)
        found = cache.cards.get(key)
        if found is None:
            found = cache.cards[key] = episode_card(follow.show, episodes, lang, catch_up=catch_up)
        return found

    async def episodes(self, follow: Follow, episode_ids: list[int]) -> list[ScheduledEpisode]:
        cache = self._cache or PassCache()
        key = (follow.show.ref.provider, tuple(episode_ids))
        found = cache.episodes.get(key)
        if found is None:
            found = await self.schedule.episodes(follow.show.ref.provider, episode_ids)
            cache.episodes[key] = found
        return found

    async def run_pass(self, now: dt.datetime) -> PassReport:
        """Post every due episode, then the one-time "finished airing" notes."""
        async with self._lock:
            report = PassReport()
            due = await self.follows.due(now - self.delay, self.ownership)
            by_follow: dict[int, list[DueEpisode]] = defaultdict(list)
            for item in due:
                by_follow[item.follow.id].append(item)
            report.checked = report.due = len(by_follow)
            jobs = [(v[0].follow, [i.episode_id for i in v]) for v in by_follow.values()]
            self._cache = PassCache()
            try:
                await self._fan_out(jobs, now, report)
            finally:
                self._cache = None
            for follow in await self.follows.ended_unnoted(self.ownership):
                if follow.id not in by_follow:
                    report.outcomes[await self.note_ended(follow, now)] += 1
        if report.due:
            log.info("episode pass: %s", report)
        return report

    async def _fan_out(
        self, jobs: list[tuple[Follow, list[int]]], now: dt.datetime, report: PassReport
    ) -> None:
        async def send(job: tuple[Follow, list[int]]) -> Outcome:
            return await self.deliver(job[0], job[1], now)

        await fan_out(
            jobs, self.concurrency, send, lambda job: f"episode post for follow {job[0].id}", report
        )

    async def deliver(self, follow: Follow, episode_ids: list[int], now: dt.datetime) -> Outcome:
        episodes = await self.episodes(follow, episode_ids)
        if not episodes:
            return Outcome.NO_DATA
        newest = episodes[-1]
        items = [episode_item(e.id) for e in episodes]
        claim = await self.ledger.claim(
            follow.id,
            items,
            nonce(follow.id, newest.id),
            marker(follow.id, newest.id),
            now,
            self.lease,
        )
        if claim is None:
            rows = await self.ledger.rows(follow.id, items)
            sent = rows and all(row.state == "sent" for row in rows)
            return Outcome.ALREADY if sent else Outcome.BACKING_OFF
        catch_up = any(
            e.airs_at is not None and is_late(e.airs_at, now, self.delay) for e in episodes
        )
        wanted = [e for e in episodes if episode_item(e.id) in claim.items]
        card = self.card(follow, wanted, self.language_of(follow), catch_up)
        message = episode_post(follow.id, card, follow.role_id)
        return await self._attempt(follow, claim, message, now)

    async def _recover(self, follow: Follow, claim: Claim, now: dt.datetime) -> bool:
        """Look in the channel for the posts of earlier attempts and complete what they
        covered. True when one was found; the items it did not cover wait for the next
        pass (they are re-claimed there under their own reference and nonce)."""
        by_reference: dict[str, list[str]] = defaultdict(list)
        for row in claim.earlier:
            by_reference[row.reference].append(row.item)
        since = min(row.claimed_at for row in claim.earlier)
        recovered: set[str] = set()
        for reference, items in by_reference.items():
            found = await self.poster.find(follow.channel_id, reference, since)
            if found is not None:
                await self.ledger.complete(follow.id, items, found, now)
                log.info("follow %d: found the earlier post %s", follow.id, reference)
                recovered.update(items)
        if not recovered:
            return False
        rest = [item for item in claim.items if item not in recovered]
        if rest:
            await self.ledger.fail(follow.id, rest, "left for the next pass", now, now=now)
        return True

    async def _attempt(
        self, follow: Follow, claim: Claim, message: OutgoingMessage, now: dt.datetime
    ) -> Outcome:
        try:
            if claim.earlier and await self._recover(follow, claim, now):
                return Outcome.RECOVERED
            message_id = await self.poster.send(follow.channel_id, message, claim.nonce)
        except PermanentDeliveryError as exc:
            await self.ledger.fail(
                follow.id, claim.items, str(exc), None, pause_reason=exc.why, now=now
            )
            log.warning("follow %d paused: %s", follow.id, exc)
            return Outcome.PAUSED
        except TransientDeliveryError as exc:
            retry = now + backoff(claim.attempts)
            await self.ledger.fail(follow.id, claim.items, str(exc), retry, now=now)
            log.warning("follow %d: %s; retry after %s", follow.id, exc, retry)
            return Outcome.FAILED
        await self.ledger.complete(follow.id, claim.items, message_id, now)
        return Outcome.SENT

    async def note_ended(self, follow: Follow, now: dt.datetime) -> Outcome:
        """Say once that the show finished airing."""
        claim = await self.ledger.claim(
            follow.id, [ENDED], ended_nonce(follow.id), marker(follow.id, None), now, self.lease
        )
        if claim is None:
            rows = await self.ledger.rows(follow.id, [ENDED])
            if rows and rows[0].state == "sent":
                await self.follows.note_ended(follow.id, now)
                return Outcome.ALREADY
            return Outcome.BACKING_OFF
        last = await self.schedule.last_episode(follow.show.ref, now)
        message = ended_post(follow.id, follow.show, last, self.language_of(follow))
        outcome = await self._attempt(follow, claim, message, now)
        if outcome in (Outcome.SENT, Outcome.RECOVERED):
            await self.follows.note_ended(follow.id, now)
        return outcome
