"""TVmaze's schedules (documented shapes, served by the fake) → scheduled episodes."""

from __future__ import annotations

import datetime as dt

import pytest

from core.providers import ProviderBadResponse, ProviderRef
from providers import tvmaze_schedule as parse
from providers.tvmaze import TvmazeClient

from .data import COURT, DROP, FINALE, NEWS, TVING


@pytest.fixture
async def client(schedule_fake):
    async with TvmazeClient(schedule_fake.url, calls=1000, period=1.0) as tvmaze:
        yield tvmaze


async def test_broadcast_schedule_of_a_korean_day(client, schedule_fake):
    found = await client.schedule(dt.date(2026, 12, 2), "KR")
    assert [(e.show.ref.id, e.episode.number) for e in found] == [
        (COURT, 1),
        (NEWS, 300),
        (FINALE, 15),
    ]
    first = found[0]
    assert first.id == 9100101
    assert first.show.ref == ProviderRef("tvmaze", COURT)
    assert (first.show.name, first.show.network, first.show.streaming) == (
        "Moonlit Court",
        "tvN",
        False,
    )
    assert first.show.country == "KR" and first.show.kind == "drama"
    assert first.episode.name == "The Night Court Opens"
    assert first.airs_at == dt.datetime(2026, 12, 2, 11, 50, tzinfo=dt.UTC)
    assert not first.special
    request = schedule_fake.calls("/schedule")[0]
    assert dict(request.query) == {"country": "KR", "date": "2026-12-02"}


async def test_web_schedules_by_country_and_global(client):
    local = await client.web_schedule(dt.date(2026, 12, 4), "KR")
    assert {e.show.ref.id for e in local} == {TVING}
    assert local[0].show.streaming and local[0].show.network == "TVING"
    worldwide = await client.web_schedule(dt.date(2026, 12, 4))
    assert {e.show.ref.id for e in worldwide} == {DROP}
    assert len(worldwide) == 8
    # Netflix has no country: the Korean language makes the show Korean
    assert worldwide[0].show.korean and worldwide[0].show.network == "Netflix"


async def test_special_and_show_episode_list(client):
    answer = await client.episodes(COURT)
    assert answer is not None
    show, episodes = answer
    assert show.status == "Running"
    special = [e for e in episodes if e.special]
    assert [e.id for e in special] == [9100199]
    assert special[0].episode.number is None
    assert await client.episodes(99999999) is None


async def test_a_day_without_episodes_is_empty(client):
    assert await client.schedule(dt.date(2027, 1, 1), "KR") == []


@pytest.mark.parametrize("bad", ["", "K", "KOR", "k1", "한국", "; DROP TABLE", "@everyone"])
async def test_a_bad_country_never_reaches_tvmaze(client, schedule_fake, bad):
    with pytest.raises(ValueError, match="ISO 3166"):
        await client.schedule(dt.date(2026, 12, 2), bad)
    assert schedule_fake.requests == []


async def test_a_wrong_shape_is_a_bad_response(client, schedule_fake):
    schedule_fake.fail("shape", path="/schedule")
    with pytest.raises(ProviderBadResponse):
        await client.schedule(dt.date(2026, 12, 2), "KR")


def test_entries_without_an_id_or_season_are_skipped_and_a_missing_show_is_bad():
    show = {"id": 5, "name": "X", "language": "Korean"}
    good = {
        "id": 1,
        "season": 1,
        "number": 2,
        "airstamp": "2026-12-02T11:50:00+00:00",
        "show": show,
    }
    assert [
        e.id for e in parse.schedule([good, {"season": 1, "show": show}, {"id": 3, "show": show}])
    ] == [1]
    with pytest.raises(ProviderBadResponse, match="no show"):
        parse.schedule([{"id": 1, "season": 1}])
    with pytest.raises(ProviderBadResponse):
        parse.schedule({"not": "a list"})
    # a naive or unreadable stamp reads as missing, never as a guessed zone
    naive = {**good, "airstamp": "2026-12-02T11:50:00"}
    assert parse.schedule([naive])[0].airs_at is None
