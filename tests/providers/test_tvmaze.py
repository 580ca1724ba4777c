"""TVmaze responses (documented shapes, served by the fake) → provider records."""

from __future__ import annotations

import datetime as dt

import pytest

from core.providers import AltTitle, Network, ProviderBadResponse, ProviderRef, SeasonInfo
from providers import tvmaze_parse as parse
from providers.fields import language_code
from tests.fakeproviders.tvmaze import tvmaze_show


async def test_the_glory_every_field(tvmaze):
    show = await tvmaze.show(60001)
    assert show is not None
    assert show.ref == ProviderRef("tvmaze", 60001)
    assert show.name == "The Glory"
    assert show.url == "https://www.tvmaze.com/shows/60001/the-glory"
    assert show.kind == "drama"
    assert show.language == "ko"
    # Netflix is a web channel with no country: the Korean language decides the origin.
    assert show.networks == (Network("Netflix", None, True),)
    assert show.origin_countries == ("KR",)
    assert show.original_name == "더 글로리"
    assert AltTitle("더 글로리", "KR") in show.alt_titles
    assert show.genres == ("Drama", "Thriller")
    assert (show.premiered, show.ended, show.status) == ("2022-12-30", "2023-03-10", "Ended")
    assert show.seasons == (SeasonInfo(1, None, 16, "2022-12-30", "2023-03-10"),)
    assert len(show.episodes) == 16
    first, last = show.episodes[0], show.episodes[-1]
    assert (first.season, first.number, first.airdate) == (1, 1, "2022-12-30")
    assert first.airstamp == "2022-12-30T08:00:00+00:00"
    assert (last.number, last.airdate) == (16, "2023-03-10")
    assert [c.name for c in show.cast[:2]] == ["Song Hye-kyo", "Lee Do-hyun"]
    assert show.cast[0].character == "Moon Dong-eun"
    assert show.cast[0].person == ProviderRef("tvmaze", 70001)
    assert [c.order for c in show.cast] == list(range(len(show.cast)))
    assert show.overview is not None and "<" not in show.overview
    assert show.overview.startswith("The Glory follows Moon Dong-eun")
    assert show.rating is None  # the fixture gives none: never a default
    assert show.external_id("tvmaze") == "60001"
    assert show.fetched_at.tzinfo is dt.UTC


async def test_show_is_one_request_with_every_embed(tvmaze, fake_tvmaze):
    await tvmaze.show(60003)
    (request,) = fake_tvmaze.requests
    assert request.path == "/shows/60003"
    assert sorted(v for k, v in request.query if k == "embed[]") == [
        "akas",
        "cast",
        "episodes",
        "seasons",
    ]


async def test_reality_shows_are_reality(tvmaze):
    for show_id in (60002, 60005):
        show = await tvmaze.show(show_id)
        assert show is not None and show.kind == "reality"
        assert show.origin_countries == ("KR",)


@pytest.mark.parametrize(
    ("query", "kind", "origin", "network"),
    [
        ("my mister", "drama", ("KR",), "tvN"),
        ("reply 1988", "drama", ("KR",), "tvN"),
        ("goblin", "drama", ("KR",), "tvN"),
        ("moving", "drama", ("KR",), "Disney+"),
        ("culinary class wars", "reality", ("KR",), "Netflix"),
        ("raw", "sports", ("US",), "USA Network"),
    ],
)
async def test_chart_titles_members_ask_for(tvmaze, query, kind, origin, network):
    (hit, *_) = await tvmaze.search(query)
    show = await tvmaze.show(hit.ref.id)
    assert show is not None
    assert (show.kind, show.origin_countries) == (kind, origin)
    assert show.networks[0].name == network


async def test_same_name_shows_keep_their_own_countries(tvmaze):
    korean = await tvmaze.show(60007)
    american = await tvmaze.show(60006)
    assert korean is not None and american is not None
    assert korean.origin_countries == ("KR",)  # KBS2 is a Korean broadcaster
    assert korean.networks == (Network("KBS2", "KR", False),)
    assert korean.timezone == "Asia/Seoul"
    assert american.origin_countries == ("US",)
    assert american.language == "en"
    assert american.original_name is None
    assert american.external_id("imdb") == "tt6470478"


async def test_search_finds_names_akas_and_hangul(tvmaze):
    hits = await tvmaze.search("good doctor")
    assert [h.ref.id for h in hits[:2]] == [60007, 60006]
    assert hits[0].provider_score == 1.0 and hits[0].origin_countries == ("KR",)
    assert hits[0].networks == ("KBS2",) and hits[0].premiered == "2013-08-05"
    assert (await tvmaze.search("더 글로리"))[0].name == "The Glory"
    assert (await tvmaze.search("PHYSICAL 100!"))[0].kind == "reality"
    assert (await tvmaze.search("weak class hero"))[0].ref.id == 60004


async def test_search_input_edges(tvmaze, fake_tvmaze):
    assert await tvmaze.search("   ") == []
    assert fake_tvmaze.requests == []
    await tvmaze.search("x" * 10_000)
    assert len(fake_tvmaze.requests[-1].param("q") or "") == 200
    for odd in ("@everyone", "'; DROP TABLE shows; --", "🔥🔥", "**bold**"):
        assert isinstance(await tvmaze.search(odd), list)


async def test_single_search(tvmaze):
    show = await tvmaze.single_search("squid game")
    assert show is not None and show.ref.id == 60003 and len(show.cast) == 7
    assert await tvmaze.single_search("zzzz qqqq") is None


async def test_lookup_follows_the_redirect_by_reading_it(tvmaze, fake_tvmaze):
    assert await tvmaze.lookup_imdb("tt10919420") == ProviderRef("tvmaze", 60003)
    assert [r.status for r in fake_tvmaze.requests] == [301]  # the show is not fetched
    assert await tvmaze.lookup_imdb("not-an-id") is None
    assert len(fake_tvmaze.requests) == 1


async def test_lookup_answered_with_the_show_itself(tvmaze, fake_tvmaze):
    fake_tvmaze.lookup_redirects = False
    assert await tvmaze.lookup_imdb("tt6470478") == ProviderRef("tvmaze", 60006)
    fake_tvmaze.fail("malformed", path="/lookup")
    with pytest.raises(ProviderBadResponse, match="malformed"):
        await tvmaze.lookup_imdb("tt6470478")


async def test_people(tvmaze):
    (hit,) = [h for h in await tvmaze.search_people("Lee Jung-jae") if h.name == "Lee Jung-jae"]
    person = await tvmaze.person(hit.ref.id)
    assert person is not None and person.url == "https://www.tvmaze.com/people/70011"
    (role,) = person.roles
    assert role.character == "Seong Gi-hun"
    assert role.show.ref == ProviderRef("tvmaze", 60003)
    assert role.show.language == "ko" and role.show.kind == "drama"


@pytest.mark.parametrize(
    ("show_type", "kind"),
    [
        ("Scripted", "drama"),
        ("Reality", "reality"),
        ("Variety", "variety"),
        ("Documentary", "documentary"),
        ("Animation", "animation"),
        ("Talk Show", "talk"),
        ("Game Show", "game"),
        ("News", "news"),
        ("Sports", "sports"),
        ("Award Show", "unknown"),
        ("Panel Show", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
        (42, "unknown"),
    ],
)
def test_kind_mapping(show_type, kind):
    assert parse.kind_of(show_type) == kind


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Korean", "ko"),
        (" korean ", "ko"),
        ("English", "en"),
        ("Japanese", "ja"),
        ("Chinese", "zh"),
        ("Spanish", "es"),
        ("Thai", "th"),
        ("Klingon", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_language_mapping(name, code):
    assert language_code(name) == code


NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_origin_rules():
    # A Korean broadcaster decides even for an English-language show.
    kbs = tvmaze_show(1, "A", language="English", network=("KBS2", "KR", "Asia/Seoul"))
    assert parse.show_record(kbs, NOW).origin_countries == ("KR",)
    # A streaming service's country is not the show's origin.
    wavve = tvmaze_show(
        2, "B", language="English", web_channel="Wavve", web_channel_country=("KR", "Asia/Seoul")
    )
    assert parse.show_record(wavve, NOW).origin_countries == ()
    # A Korean-language streaming original with no other evidence is Korean.
    netflix = tvmaze_show(3, "C", language="Korean", web_channel="Netflix")
    assert parse.show_record(netflix, NOW).origin_countries == ("KR",)
    # Nothing to go on: unknown, never a default.
    bare = tvmaze_show(4, "D", language=None, type=None)
    record = parse.show_record(bare, NOW)
    assert (record.origin_countries, record.kind, record.language) == ((), "unknown", None)


def test_cast_is_capped_at_twenty_and_episodes_keep_specials():
    show = tvmaze_show(
        5,
        "E",
        cast=[(100 + i, f"Actor {i}", f"Role {i}") for i in range(25)],
        episodes=[
            {
                "season": 1,
                "number": 1,
                "name": "Pilot",
                "airdate": "2024-01-01",
                "airstamp": "2024-01-01T12:00:00+00:00",
                "runtime": 60,
            },
            {
                "season": 1,
                "number": None,
                "name": "Special",
                "airdate": "",
                "airstamp": None,
                "runtime": None,
                "type": "significant_special",
            },
        ],
        rating=8.1,
    )
    show["image"] = {"medium": "https://static.tvmaze.com/m.jpg", "original": "https://o.jpg"}
    show["schedule"] = {"time": "21:00", "days": ["Friday", "Saturday"]}
    record = parse.show_record(show, NOW)
    assert len(record.cast) == 20 and record.cast[-1].name == "Actor 19"
    pilot, special = record.episodes
    assert (pilot.number, pilot.runtime, pilot.airstamp) == (1, 60, "2024-01-01T12:00:00+00:00")
    assert (special.number, special.airdate, special.name) == (None, None, "Special")
    assert record.rating == 8.1
    assert record.poster_url == "https://static.tvmaze.com/m.jpg"
    assert (record.schedule_time, record.schedule_days) == ("21:00", ("Friday", "Saturday"))


def test_wrong_types_read_as_missing_not_as_facts():
    show = tvmaze_show(6, "F")
    show.update(
        premiered="soon",
        genres=["Drama", 5, None, ""],
        rating={"average": "9"},
        network={"name": 7},
        schedule="daily",
        _embedded={"cast": "nobody"},
    )
    record = parse.show_record(show, NOW)
    assert record.premiered is None and record.rating is None and record.cast == ()
    assert record.genres == ("Drama",) and record.networks == ()
