"""The delivery engine: which subscriptions are due, and exactly-once posting to each.

For every (subscription, week) the ledger row is claimed before sending and completed
after Discord confirms. A claim left by an earlier attempt (a crash, a timeout, a 5xx
whose outcome is unknown) is first checked against the channel: if the bot's post with
that week's reference is there, the row is completed without sending again. Sends also
carry a per-(subscription, week) nonce that Discord deduplicates, a second guard for the
few minutes after a crash.

In a cluster each process runs passes only for guilds on its own shards, and a claim
names its process and lasts for a lease that the process renews while it lives: another
process never touches a live claim, and a claim whose process died is recovered (checked
against the channel) once its lease has run out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from core.announce import due_week, marker, nonce, skipped_weeks
from core.audience import KoreanMode
from core.i18n import Text
from core.locales import resolve
from core.shards import Ownership
from db.announce import DEFAULT_LEASE, AnnouncementRepository, Claim, Subscription
from db.server_languages import ServerLanguageRepository
from render.announce import Kind, OutgoingMessage, RenderedChart, announcement
from render.i18n import ENGLISH, LANGUAGES, Lang, Languages

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_CONCURRENCY = 16
FIRST_RETRY = dt.timedelta(minutes=2)
MAX_RETRY = dt.timedelta(hours=2)


class ChartFeed(Protocol):
    """Where the weeks and their rendered Top 10 come from (the chart store)."""

    async def latest_week(self, category: str, country_iso2: str | None) -> dt.date | None: ...

    async def render(
        self,
        category: str,
        country_iso2: str | None,
        week: dt.date,
        korean: KoreanMode = "all",
        lang: Lang = ENGLISH,
    ) -> RenderedChart | None: ...


class Poster(Protocol):
    """Posts to and looks in channels; raises DeliveryError subclasses on failure."""

    async def send(self, channel_id: int, message: OutgoingMessage, nonce: str | None) -> int: ...

    async def find(self, channel_id: int, reference: str, since: dt.datetime) -> int | None: ...


class DeliveryError(Exception):
    """A send or lookup failed; `str()` is the short error kept in the ledger."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: rate limits, Discord 5xx, timeouts, connection errors."""


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help until an admin acts (403, 404, a rejected message)."""

    def __init__(self, error: str, reason: str | Text) -> None:
        super().__init__(error)
        #: What the server's admins read in `/announce status`, in their language.
        self.why = reason if isinstance(reason, Text) else Text(reason)
        #: The same in English.
        self.reason = self.why.english


class Outcome(enum.Enum):
    SENT = "sent"
    RECOVERED = "recovered"  # an earlier attempt had posted it; now confirmed
    ALREADY = "already"  # sent before, or being sent right now
    HELD = "held elsewhere"  # another live process holds the claim
    BACKING_OFF = "backing off"
    FAILED = "failed"  # will be retried on a later pass
    PAUSED = "paused"  # the subscription is paused with the reason
    NO_DATA = "no data"


@dataclass
class PassReport:
    checked: int = 0
    due: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    def count(self, outcome: Outcome) -> int:
        return self.outcomes[outcome]

    def __str__(self) -> str:
        parts = ", ".join(f"{n} {o.value}" for o, n in self.outcomes.items() if n)
        return f"{self.checked} checked, {self.due} due" + (f": {parts}" if parts else "")


async def fan_out(
    items: Sequence[T],
    concurrency: int,
    send: Callable[[T], Awaitable[Outcome]],
    describe: Callable[[T], str],
    report: PassReport,
) -> None:
    """Send every item with at most `concurrency` at a time, counting outcomes in `report`."""
    queue: asyncio.Queue[T] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            item = queue.get_nowait()
            try:
                outcome = await send(item)
            except Exception:
                # A bug or a database error for one item must not stop the others; its
                # rows stay claimed and are checked against the channel on the next pass.
                log.exception("%s failed", describe(item))
                outcome = Outcome.FAILED
            report.outcomes[outcome] += 1

    workers = [asyncio.create_task(worker()) for _ in range(min(concurrency, len(items)))]
    try:
        await asyncio.gather(*workers)
    finally:
        # Cancelled (shutdown): stop every worker; rows they claimed stay claimed
        # and are checked against the channel on the next start.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 … minutes after each failed attempt, at most 2 hours."""
    delay: dt.timedelta = FIRST_RETRY * 2 ** min(max(0, attempts - 1), 10)
    return min(delay, MAX_RETRY)


@dataclass(frozen=True)
class Due:
    subscription: Subscription
    week: dt.date
    skipped: int
    lang: Lang


def no_locale(guild_id: int) -> str | None:
    return None


class DeliveryEngine:
    """One per process: it knows which deliveries are in flight right now."""

    def __init__(
        self,
        repo: AnnouncementRepository,
        feed: ChartFeed,
        poster: Poster,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        ownership: Ownership | None = None,
        process: str = "",
        lease: dt.timedelta = DEFAULT_LEASE,
        guild_locale: Callable[[int], str | None] = no_locale,
        languages: Languages = LANGUAGES,
    ) -> None:
        self.repo = repo
        self.feed = feed
        self.poster = poster
        self.concurrency = max(1, concurrency)
        #: The shards whose guilds this process delivers to (all without SHARD_IDS).
        self.ownership = ownership or Ownership()
        #: The id its claims carry, and how long one lasts without renewal.
        self.process = process
        self.lease = lease
        #: A server's Discord locale (the bot's guild cache), the last choice but English.
        self.guild_locale = guild_locale
        self.languages = languages
        self._pass_lock = asyncio.Lock()
        self._in_flight: set[tuple[int, dt.date]] = set()
        # One rendering per (list, week, Korean mode, language) and pass, however many
        # channels share it: the first worker to need it starts it, the others await it.
        self._charts: dict[
            tuple[str, str | None, dt.date, KoreanMode, str], asyncio.Task[RenderedChart | None]
        ] = {}

    def language(self, sub: Subscription, server_choice: str | None) -> Lang:
        """The subscription's language, else the server's `/settings language` choice,
        else its Discord locale, else English."""
        tag = resolve((sub.language, server_choice, self.guild_locale(sub.guild_id)))
        return self.languages.get(tag)

    async def language_of(self, sub: Subscription) -> Lang:
        """`language` for one subscription outside a pass (reads the server's choice)."""
        if sub.language is not None:
            return self.language(sub, None)
        return self.language(sub, await ServerLanguageRepository(self.repo.db).get(sub.guild_id))

    async def due(self, now: dt.datetime) -> tuple[int, list[Due]]:
        """How many active subscriptions there are, and those due at `now`."""
        checks = await self.repo.due_checks(self.ownership)
        newest: dict[tuple[str, str | None], dt.date | None] = {}
        due: list[Due] = []
        for check in checks:
            sub = check.subscription
            if sub.chart_key not in newest:
                newest[sub.chart_key] = await self.feed.latest_week(*sub.chart_key)
            week = due_week(
                sub.schedule,
                created_at=sub.created_at,
                last_sent=check.last_sent_week,
                newest=newest[sub.chart_key],
                now=now,
            )
            if week is not None:
                skipped = skipped_weeks(check.last_sent_week, week)
                due.append(Due(sub, week, skipped, self.language(sub, check.server_language)))
        return len(checks), due

    async def run_pass(self, now: dt.datetime) -> PassReport:
        """Post every due announcement (the scheduler's delivery job and the startup
        catch-up both call this). Passes never overlap; a pass started while another runs
        waits for it and then finds nothing left to do."""
        async with self._pass_lock:
            self._charts.clear()
            report = PassReport()
            report.checked, due = await self.due(now)
            report.due = len(due)
            await self._fan_out(due, now, report)
            self._charts.clear()
        if report.due:
            log.info("announcement pass: %s", report)
        return report

    async def _fan_out(self, due: list[Due], now: dt.datetime, report: PassReport) -> None:
        async def send(item: Due) -> Outcome:
            return await self.deliver(item.subscription, item.week, now, item.skipped, item.lang)

        await fan_out(
            due,
            self.concurrency,
            send,
            lambda item: f"delivery to subscription {item.subscription.id}",
            report,
        )

    async def chart(self, sub: Subscription, week: dt.date, lang: Lang) -> RenderedChart | None:
        key = (sub.category, sub.country_iso2, week, sub.korean, lang.tag)
        rendering = self._charts.get(key)
        if rendering is None:
            rendering = asyncio.ensure_future(
                self.feed.render(sub.category, sub.country_iso2, week, sub.korean, lang)
            )
            self._charts[key] = rendering
        # Shielded: one waiter cancelled (shutdown) does not cancel it for the others.
        return await asyncio.shield(rendering)

    async def deliver(
        self,
        sub: Subscription,
        week: dt.date,
        now: dt.datetime,
        skipped: int = 0,
        lang: Lang | None = None,
    ) -> Outcome:
        """Post `week` to `sub` unless it was already posted: claim, check, send, confirm.
        `lang`: the subscription's language when the caller resolved it already."""
        key = (sub.id, week)
        if key in self._in_flight:
            return Outcome.ALREADY
        lang = lang or await self.language_of(sub)
        chart = await self.chart(sub, week, lang)
        if chart is None:
            return Outcome.NO_DATA
        self._in_flight.add(key)
        try:
            claim = await self.repo.claim(
                sub.id, week, nonce(sub.id, week), now, process=self.process, lease=self.lease
            )
            if claim is None:
                pending = await self.repo.delivery(sub.id, week)
                if pending is not None and pending.state == "sent":
                    return Outcome.ALREADY
                if pending is not None and pending.state == "claimed":
                    return Outcome.HELD
                return Outcome.BACKING_OFF
            return await self._attempt(sub, claim, chart, skipped, now, lang)
        finally:
            self._in_flight.discard(key)

    async def _attempt(
        self,
        sub: Subscription,
        claim: Claim,
        chart: RenderedChart,
        skipped: int,
        now: dt.datetime,
        lang: Lang,
    ) -> Outcome:
        reference = marker(sub.id, claim.week)
        try:
            if claim.previous is not None:
                found = await self.poster.find(sub.channel_id, reference, claim.previous.claimed_at)
                if found is not None:
                    await self.repo.complete(sub.id, claim.week, found, now)
                    log.info("subscription %d week %s: found the earlier post", sub.id, claim.week)
                    return Outcome.RECOVERED
            message = announcement(sub, chart, claim.week, skipped=skipped, lang=lang)
            message_id = await self.poster.send(sub.channel_id, message, claim.nonce)
        except PermanentDeliveryError as exc:
            await self.repo.fail(sub.id, claim.week, str(exc), None, pause_reason=exc.why, now=now)
            log.warning("subscription %d paused: %s", sub.id, exc)
            return Outcome.PAUSED
        except TransientDeliveryError as exc:
            retry = now + backoff(claim.attempts)
            await self.repo.fail(sub.id, claim.week, str(exc), retry, now=now)
            log.warning(
                "subscription %d week %s: %s; retry after %s", sub.id, claim.week, exc, retry
            )
            return Outcome.FAILED
        await self.repo.complete(sub.id, claim.week, message_id, now)
        return Outcome.SENT

    async def force(self, sub: Subscription, now: dt.datetime) -> tuple[Outcome, dt.date | None]:
        """Post the newest week now, outside the schedule (recorded as that week's post)."""
        week = await self.feed.latest_week(*sub.chart_key)
        if week is None:
            return Outcome.NO_DATA, None
        last = await self.repo.last_sent(sub.id)
        skipped = skipped_weeks(last.week if last else None, week)
        return await self.deliver(sub, week, now, skipped), week

    async def preview(
        self, sub: Subscription, kind: Kind = "post"
    ) -> tuple[OutgoingMessage, dt.date] | None:
        """The announcement of the newest week as it would be posted (None: no data)."""
        week = await self.feed.latest_week(*sub.chart_key)
        if week is None:
            return None
        lang = await self.language_of(sub)
        chart = await self.feed.render(sub.category, sub.country_iso2, week, sub.korean, lang)
        if chart is None:
            return None
        return announcement(sub, chart, week, kind=kind, lang=lang), week

    async def send_test(self, sub: Subscription) -> tuple[int, dt.date] | None:
        """Post the newest week now, marked as a test; the ledger is not touched."""
        built = await self.preview(sub, "test")
        if built is None:
            return None
        message, week = built
        return await self.poster.send(sub.channel_id, message, None), week
