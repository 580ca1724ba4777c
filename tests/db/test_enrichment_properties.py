"""Any record a provider client can build is stored and read back unchanged, and stored once."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.providers import (
    KINDS,
    PROVIDERS,
    AltTitle,
    CastCredit,
    Episode,
    Network,
    ProviderRef,
    SeasonInfo,
    ShowRecord,
    WatchOffer,
)
from db.connection import Database
from db.enrichment import EnrichmentRepository
from tests.db.records import chart_show

NASTY = (
    "@everyone",
    "<@&123> @here",
    "'; DROP TABLE shows; --",
    '" OR 1=1 --',
    "%_\\",
    "더 글로리",
    "오징어 게임 🦑",
    "**bold** `code` ||spoiler||",
    "x" * 10_000,
    "약" * 5_000,
    "",
    " ",
)
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
maybe = st.none() | text
day = st.none() | st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
small = st.none() | st.integers(0, 10_000)
ids = st.integers(1, 10**9)
# st.datetimes takes naive bounds and attaches the zone itself.
EARLIEST, LATEST = dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)  # noqa: DTZ001
countries = st.sampled_from(("KR", "US", "JP", "ES", "GB"))


@st.composite
def records(draw: st.DrawFn, ref: ProviderRef) -> ShowRecord:
    cast = draw(
        st.lists(
            st.builds(
                CastCredit,
                person=st.builds(ProviderRef, st.just(ref.provider), ids),
                name=text,
                original_name=maybe,
                character=maybe,
                order=st.integers(0, 500),
                episode_count=small,
            ),
            max_size=20,
        )
    )
    return ShowRecord(
        ref=ref,
        name=draw(text),
        fetched_at=draw(st.datetimes(EARLIEST, LATEST, timezones=st.just(dt.UTC))),
        url=draw(maybe),
        original_name=draw(maybe),
        kind=draw(st.sampled_from(KINDS)),
        genres=tuple(draw(st.lists(text, max_size=4))),
        language=draw(st.none() | st.sampled_from(("ko", "en", "es"))),
        origin_countries=tuple(draw(st.lists(countries, max_size=3))),
        status=draw(maybe),
        premiered=draw(day),
        ended=draw(day),
        networks=tuple(
            draw(
                st.lists(st.builds(Network, text, st.none() | countries, st.booleans()), max_size=3)
            )
        ),
        seasons=tuple(
            draw(
                st.lists(
                    st.builds(SeasonInfo, st.integers(0, 99), maybe, small, day, day), max_size=4
                )
            )
        ),
        episodes=tuple(
            draw(
                st.lists(
                    st.builds(
                        Episode,
                        st.integers(0, 99),
                        st.none() | st.integers(0, 999),
                        maybe,
                        day,
                        st.none() | st.just("2022-12-30T17:00:00+09:00"),
                        small,
                    ),
                    max_size=6,
                )
            )
        ),
        overview=draw(maybe),
        rating=draw(st.none() | st.floats(0, 10, allow_nan=False)),
        rating_votes=draw(small),
        poster_url=draw(maybe),
        cast=tuple(sorted(cast, key=lambda c: c.order)),
        alt_titles=tuple(
            draw(st.lists(st.builds(AltTitle, text, st.none() | countries, maybe), max_size=4))
        ),
        watch=tuple(
            draw(
                st.lists(
                    st.builds(
                        WatchOffer,
                        countries,
                        text,
                        st.sampled_from(("flatrate", "free", "ads", "rent", "buy")),
                        maybe,
                    ),
                    max_size=4,
                )
            )
        ),
        external_ids=tuple(draw(st.lists(st.tuples(text, text), max_size=3))),
        schedule_time=draw(st.none() | st.just("21:00")),
        schedule_days=tuple(draw(st.lists(st.sampled_from(("Monday", "Friday")), max_size=2))),
        timezone=draw(st.none() | st.just("Asia/Seoul")),
    )


_numbers = itertools.count(1)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_any_record_reads_back_unchanged(db: Database, data: st.DataObject) -> None:
    repo = EnrichmentRepository(db)
    number = next(_numbers)
    show_id = await chart_show(db, f"Property Show {number}")
    provider = data.draw(st.sampled_from(PROVIDERS))
    record = data.draw(records(ProviderRef(provider, number)))
    assert await repo.store(show_id, record, "auto") is True
    assert await repo.record(show_id, provider) == record
    people = await db.fetchval("SELECT COUNT(*) FROM people")
    assert await repo.store(show_id, record, "auto") is False
    assert await db.fetchval("SELECT COUNT(*) FROM people") == people
    credits = await db.fetchval("SELECT COUNT(*) FROM credits WHERE show_id = ?", (show_id,))
    assert credits == len(record.cast)
    show = await db.fetchone("SELECT kind, country FROM shows WHERE id = ?", (show_id,))
    assert show is not None
    assert show["kind"] == record.kind
    if (
        not record.origin_countries
        and record.language != "ko"
        and not any(n.country and not n.streaming for n in record.networks)
    ):
        assert show["country"] is None  # no evidence, no mark
