"""Each subscription's language: stored (migration 013, real SQLite), resolved at each post
(its own, else the server's `/settings language`, else the server's Discord locale, else
English), and rendered once per language per pass however many channels share it."""

import datetime as dt

import pytest

from core.announce import Schedule
from core.i18n import deferred
from db.announce import AnnouncementRepository, Subscription
from db.connection import Database
from db.server_languages import ServerLanguageRepository
from render.announce import OutgoingMessage
from scheduler.delivery import DeliveryEngine, Outcome
from scheduler.poster import classify

from .conftest import W, WeeksFeed, at
from .test_engine import ScriptedPoster

CREATED = at("2025-04-01T00:00:00+00:00")
SLOT = at("2025-04-29T18:00:00+00:00")
TUESDAY = Schedule(1, 18 * 60, "UTC")


async def subscribe(
    repo: AnnouncementRepository, guild_id: int, channel_id: int, language: str | None = None
) -> Subscription:
    sub, created = await repo.subscribe(
        guild_id=guild_id,
        channel_id=channel_id,
        category="TV (Non-English)",
        country_iso2=None,
        schedule=TUESDAY,
        role_id=None,
        by=1,
        now=CREATED,
        language=language,
    )
    assert created
    return sub


async def test_the_column_is_nullable_and_stored_as_given(db: Database) -> None:
    columns = {
        row["name"]: row for row in await db.fetchall("PRAGMA table_info(announce_subscriptions)")
    }
    assert columns["language"]["type"] == "TEXT"
    assert columns["language"]["notnull"] == 0 and columns["language"]["dflt_value"] is None
    repo = AnnouncementRepository(db)
    server = await subscribe(repo, 1, 10)
    korean = await subscribe(repo, 1, 11, "ko")
    assert server.language is None and korean.language == "ko"
    assert [s.language for s in await repo.in_guild(1)] == [None, "ko"]
    # An edit stores the language given (None: back to the server's), nothing else moves.
    changed = await repo.update(
        korean.id,
        channel_id=korean.channel_id,
        category=korean.category,
        country_iso2=korean.country_iso2,
        schedule=korean.schedule,
        role_id=korean.role_id,
        language="pt-BR",
        now=CREATED,
    )
    assert changed.language == "pt-BR" and changed.schedule == korean.schedule
    reset = await repo.update(
        korean.id,
        channel_id=changed.channel_id,
        category=changed.category,
        country_iso2=changed.country_iso2,
        schedule=changed.schedule,
        role_id=changed.role_id,
        language=None,
        now=CREATED,
    )
    assert reset.language is None
    # Setting up the same channel and list again keeps the chosen language.
    again, created = await repo.subscribe(
        guild_id=1,
        channel_id=10,
        category="TV (Non-English)",
        country_iso2=None,
        schedule=TUESDAY,
        role_id=None,
        by=1,
        now=CREATED,
        language="ja",
    )
    assert not created and again.language is None


async def test_due_checks_read_the_servers_choice_in_the_same_query(db: Database) -> None:
    repo = AnnouncementRepository(db)
    await subscribe(repo, 1, 10)
    await subscribe(repo, 2, 20, "ko")
    await ServerLanguageRepository(db).set(1, "ja", 9, CREATED)
    checks = {c.subscription.guild_id: c for c in await repo.due_checks()}
    assert checks[1].server_language == "ja" and checks[1].subscription.language is None
    assert checks[2].server_language is None and checks[2].subscription.language == "ko"


async def test_pause_reasons_are_translated_when_read(db: Database) -> None:
    from render.i18n import LANGUAGES

    repo = AnnouncementRepository(db)
    sub = await subscribe(repo, 1, 10)
    reason = deferred("Paused by {member} with `/announce pause`.", member="민지 {not a field}")
    await repo.pause(sub.id, reason, CREATED)
    stored = await repo.get(sub.id)
    assert stored is not None and stored.paused_reason == reason
    assert stored.paused_reason.english == "Paused by 민지 {not a field} with `/announce pause`."
    korean = stored.paused_reason.render(LANGUAGES.get("ko"))
    assert korean == "민지 {not a field} 님이 `/알림 일시정지`로 멈췄어요."
    # A reason written before reasons were stored as messages reads as it was written.
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE announce_subscriptions SET paused_reason = ? WHERE id = ?",
            ("I lost access to <#10>.", sub.id),
        )
    legacy = await repo.get(sub.id)
    assert legacy is not None and legacy.paused_reason is not None
    assert legacy.paused_reason.render(LANGUAGES.get("ko")) == "I lost access to <#10>."


async def test_a_discord_refusal_pauses_with_a_reason_each_admin_reads(db: Database) -> None:
    import discord

    from render.i18n import LANGUAGES

    class Response:  # what discord.py reads of an HTTP response
        status = 403
        reason = "Forbidden"

    refusal = discord.Forbidden(Response(), {"code": 50001, "message": "Missing Access"})
    repo = AnnouncementRepository(db)
    sub = await subscribe(repo, 1, 10)
    feed = WeeksFeed()
    feed.add(W)
    poster = ScriptedPoster([classify(refusal, 10)])
    report = await DeliveryEngine(repo, feed, poster).run_pass(SLOT)
    assert report.count(Outcome.PAUSED) == 1
    paused = await repo.get(sub.id)
    assert paused is not None and paused.paused_reason is not None
    assert paused.paused_reason.english == "I can no longer see <#10> (Discord: Missing Access)."
    assert paused.paused_reason.render(LANGUAGES.get("pt-BR")) == (
        "Não consigo mais ver <#10> (Discord: Missing Access)."
    )


class RecordingPoster:
    """Sends succeed; each channel's post is kept as its text and footer."""

    def __init__(self) -> None:
        self.messages: dict[int, str] = {}

    async def send(self, channel_id: int, message: OutgoingMessage, nonce: str | None) -> int:
        self.messages[channel_id] = f"{message.content}\n{message.embed.footer.text}"
        return 1000 + len(self.messages)

    async def find(self, channel_id: int, reference: str, since: dt.datetime) -> int | None:
        return None


@pytest.fixture
async def mixed(db: Database) -> AnnouncementRepository:
    """Seven channels in four servers, in five languages between them."""
    repo = AnnouncementRepository(db)
    await subscribe(repo, 1, 10, "ko")
    await subscribe(repo, 1, 11, "ko")
    await subscribe(repo, 1, 12)  # server 1 chose Japanese
    await subscribe(repo, 2, 20, "pt-BR")
    await subscribe(repo, 2, 21)  # server 2: no choice, Discord locale French
    await subscribe(repo, 3, 30)  # server 3: no choice, a locale Hallyu does not speak
    await subscribe(repo, 4, 40)  # server 4: not in the guild cache
    await ServerLanguageRepository(db).set(1, "ja", 9, CREATED)
    return repo


async def test_one_pass_renders_each_language_once_and_posts_each_in_its_own(mixed) -> None:
    feed = WeeksFeed()
    feed.add(W)
    poster = RecordingPoster()
    locales = {1: "ko", 2: "fr", 3: "de"}
    engine = DeliveryEngine(mixed, feed, poster, guild_locale=locales.get)
    report = await engine.run_pass(SLOT)
    assert report.count(Outcome.SENT) == 7
    # One rendering per language, not per channel.
    assert sorted(feed.languages) == ["en", "fr", "ja", "ko", "pt-BR"]
    languages = {
        channel: text.rsplit("(", 1)[1].rstrip(")") for channel, text in poster.messages.items()
    }
    assert languages == {
        10: "ko",
        11: "ko",
        12: "ja",  # the server's choice beats its Discord locale (ko)
        20: "pt-BR",
        21: "fr",  # no choice: the server's Discord locale
        30: "en",  # a locale Hallyu does not speak: English
        40: "en",
    }
    # Nothing is rendered or sent again on the next pass.
    again = await engine.run_pass(SLOT + dt.timedelta(minutes=1))
    assert again.due == 0 and len(feed.languages) == 5


async def test_a_changed_server_language_counts_at_the_next_post(mixed, db) -> None:
    feed = WeeksFeed()
    feed.add(W)
    engine = DeliveryEngine(mixed, feed, RecordingPoster())
    [sub] = [s for s in await mixed.in_guild(1) if s.language is None]
    assert (await engine.language_of(sub)).tag == "ja"
    await ServerLanguageRepository(db).set(1, None, 9, CREATED)
    assert (await engine.language_of(sub)).tag == "en"
    preview = await engine.preview(sub)
    assert preview is not None and feed.languages == ["en"]
