"""TMDB responses (documented shapes, served by the fake) → provider records; the Bearer
token is sent and never shown."""

from __future__ import annotations

import datetime as dt
import logging

import aiohttp
import pytest

from core.providers import AltTitle, Episode, Network, ProviderRef, SeasonInfo, WatchOffer
from providers import tmdb_parse as parse
from providers.tmdb import TmdbClient
from tests.fakeproviders.tmdb import TEST_TOKEN, tmdb_show

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


async def test_the_glory_every_field(tmdb, fake_tmdb):
    show = await tmdb.show(80001)
    assert show is not None
    (request,) = fake_tmdb.requests
    assert request.path == "/tv/80001"
    assert request.param("append_to_response") == (
        "aggregate_credits,alternative_titles,translations,watch/providers,external_ids"
    )
    assert show.ref == ProviderRef("tmdb", 80001)
    assert show.url == "https://www.themoviedb.org/tv/80001"
    assert (show.name, show.original_name) == ("The Glory", "더 글로리")
    assert (show.kind, show.language, show.origin_countries) == ("drama", "ko", ("KR",))
    assert show.genres == ("Drama", "Mystery")
    assert show.networks == (Network("Netflix", None, True),)
    assert (show.premiered, show.ended, show.status) == ("2022-12-30", "2023-03-10", "Ended")
    assert show.seasons == (SeasonInfo(1, "Season 1", 16, "2022-12-30"),)
    lead = show.cast[0]
    assert (lead.name, lead.original_name, lead.character) == (
        "Song Hye-kyo",
        "송혜교",
        "Moon Dong-eun",
    )
    assert lead.episode_count == 16 and lead.person == ProviderRef("tmdb", 90001)
    assert AltTitle("더 글로리", "KR", "ko") in show.alt_titles
    assert (
        WatchOffer(
            "KR", "Netflix", "flatrate", "https://www.themoviedb.org/tv/80001/watch?locale=KR"
        )
        in show.watch
    )
    assert show.rating is None and show.rating_votes is None  # no votes, no rating
    assert show.external_id("tmdb") == "80001"


async def test_bearer_token_is_sent(tmdb, fake_tmdb):
    await tmdb.search("squid game")
    assert fake_tmdb.requests[-1].authorization == f"Bearer {TEST_TOKEN}"


async def test_token_is_never_logged_or_shown(fake_tmdb, fast_policy, caplog):
    caplog.set_level(logging.DEBUG)
    fake_tmdb.fail("429", retry_after="0.01")
    fake_tmdb.fail("500", 10, path="/tv")
    async with TmdbClient(TEST_TOKEN, fake_tmdb.url, policy=fast_policy) as client:
        await client.search("squid game")
        with pytest.raises(Exception) as raised:
            await client.show(80003)
        shown = [repr(client), str(client), repr(client.http), str(raised.value), caplog.text]
    assert caplog.records  # the retries were logged
    assert all(TEST_TOKEN not in text for text in shown)


async def test_429_with_status_code_25_is_retried(tmdb, fake_tmdb):
    fake_tmdb.fail("429", retry_after="0.05")
    hits = await tmdb.search("squid game")
    assert hits[0].ref == ProviderRef("tmdb", 80003)
    assert tmdb.stats.throttled == 1 and [r.status for r in fake_tmdb.requests] == [429, 200]


async def test_the_fakes_429_body_is_tmdbs(fake_tmdb):
    fake_tmdb.fail("429", retry_after="2")
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake_tmdb.url}/search/tv", params={"query": "x"}) as answer,
    ):
        body = await answer.json()
        assert answer.status == 429 and answer.headers["Retry-After"] == "2"
    assert body["status_code"] == 25 and body["success"] is False


async def test_search_year_filter_splits_the_same_name_shows(tmdb, fake_tmdb):
    assert [h.ref.id for h in await tmdb.search("good doctor", year=2013)] == [80007]
    assert [h.ref.id for h in await tmdb.search("The Good Doctor", year=2017)] == [80006]
    assert fake_tmdb.requests[-1].param("first_air_date_year") == "2017"
    both = {h.ref.id for h in await tmdb.search("good doctor")}
    assert both == {80006, 80007}
    korean = next(h for h in await tmdb.search("good doctor") if h.ref.id == 80007)
    assert (korean.original_name, korean.origin_countries, korean.premiered) == (
        "굿 닥터",
        ("KR",),
        "2013-08-05",
    )


async def test_search_kind_only_from_telling_genres(tmdb):
    reality = (await tmdb.search("physical 100"))[0]
    assert reality.kind == "reality"
    scripted = (await tmdb.search("squid game"))[0]
    assert scripted.kind == "unknown"  # search results carry no type: no guess


async def test_find_by_imdb_and_404(tmdb, fake_tmdb):
    assert await tmdb.lookup_imdb("tt10919420") == ProviderRef("tmdb", 80003)
    assert fake_tmdb.requests[-1].param("external_source") == "imdb_id"
    assert await tmdb.lookup_imdb("tt0000001") is None
    assert await tmdb.lookup_imdb("10919420") is None
    assert await tmdb.show(1) is None
    assert await tmdb.person(1) is None


async def test_people(tmdb):
    (hit,) = await tmdb.search_people("이정재")
    person = await tmdb.person(hit.ref.id)
    assert person is not None
    assert (person.name, person.original_name) == ("Lee Jung-jae", "이정재")
    assert person.url == "https://www.themoviedb.org/person/90011"
    (role,) = person.roles
    assert role.character == "Seong Gi-hun" and role.show.ref == ProviderRef("tmdb", 80003)
    assert role.show.origin_countries == ("KR",)


@pytest.mark.parametrize(
    ("show_type", "genres", "kind"),
    [
        ("Scripted", ["Drama"], "drama"),
        ("Miniseries", ["Crime"], "drama"),
        ("Scripted", ["Animation", "Comedy"], "animation"),
        ("Reality", [], "reality"),
        ("Documentary", [], "documentary"),
        ("News", [], "news"),
        ("Talk Show", [], "talk"),
        (None, ["Reality"], "reality"),
        (None, ["Talk"], "talk"),
        ("Video", ["Documentary"], "documentary"),
        ("Video", [], "unknown"),
        (None, ["Drama"], "unknown"),
        ("", [], "unknown"),
    ],
)
def test_kind_mapping(show_type, genres, kind):
    assert parse.kind_of(show_type, genres) == kind


def test_offers_rating_poster_episodes_and_cast_order():
    show = tmdb_show(
        7,
        "Moving",
        original_name="무빙",
        first_air_date="2023-08-09",
        status="Returning Series",
        networks=[("Disney+", "US")],
        watch={"KR": {"flatrate": ["Disney Plus"], "buy": ["Store"]}, "US": {"rent": ["Shop"]}},
        cast=[(2, "Second", None, "B", 3), (1, "First", "첫째", "A", 20)],
        vote_average=8.4,
        vote_count=312,
        poster_path="/abc.jpg",
        origin_country=(),
    )
    show["aggregate_credits"]["cast"][0]["order"] = 1
    show["aggregate_credits"]["cast"][1]["order"] = 0
    show["aggregate_credits"]["cast"][1]["roles"].append(
        {"credit_id": "x", "character": "A (young)", "episode_count": 2}
    )
    show["next_episode_to_air"] = {
        "season_number": 2,
        "episode_number": 1,
        "name": "Back",
        "air_date": "2026-02-01",
        "runtime": 60,
    }
    show["last_episode_to_air"] = {
        "season_number": 1,
        "episode_number": 20,
        "name": "End",
        "air_date": "2023-09-20",
        "runtime": None,
    }
    record = parse.show_record(show, NOW, "https://images.example/w342")
    assert [c.name for c in record.cast] == ["First", "Second"]
    assert record.cast[0].character == "A / A (young)" and record.cast[0].original_name == "첫째"
    assert record.cast[1].original_name is None
    assert (record.rating, record.rating_votes) == (8.4, 312)
    assert record.poster_url == "https://images.example/w342/abc.jpg"
    assert record.ended is None  # still running: last_air_date is not an end
    assert record.episodes == (
        Episode(1, 20, "End", "2023-09-20", None, None),
        Episode(2, 1, "Back", "2026-02-01", None, 60),
    )
    assert [(w.region, w.service, w.offer) for w in record.watch] == [
        ("KR", "Disney Plus", "flatrate"),
        ("KR", "Store", "buy"),
        ("US", "Shop", "rent"),
    ]
    # No origin list, a streaming network's country does not count, Korean language does.
    assert record.origin_countries == ("KR",)


def test_origin_list_wins_and_broadcaster_country_is_evidence():
    us = tmdb_show(
        8, "X", original_language="en", origin_country=("US",), networks=[("KBS2", "KR")]
    )
    assert parse.show_record(us, NOW).origin_countries == ("US",)
    kbs = tmdb_show(9, "Y", original_language="en", origin_country=(), networks=[("KBS2", "KR")])
    assert parse.show_record(kbs, NOW).origin_countries == ("KR",)
    none = tmdb_show(
        10, "Z", original_language="en", origin_country=(), networks=[("Netflix", "US")]
    )
    assert parse.show_record(none, NOW).origin_countries == ()


def test_cast_is_capped_at_twenty():
    show = tmdb_show(11, "Big", cast=[(i + 1, f"P{i}", None, f"C{i}", 1) for i in range(30)])
    assert len(parse.show_record(show, NOW).cast) == 20


def test_empty_token_is_refused():
    with pytest.raises(ValueError, match="token"):
        TmdbClient("  ")
