"""The fakes themselves: documented shapes, search behaviour, programmatic shows, the log."""

from __future__ import annotations

import aiohttp

from tests.fakeproviders.tmdb import TEST_TOKEN, FakeTmdb, tmdb_show
from tests.fakeproviders.tvmaze import FakeTvmaze, load_shows, tvmaze_show


async def get(url: str, **params: str) -> tuple[int, object, dict[str, str]]:
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.get(url, params=params, allow_redirects=False) as answer,
    ):
        body = await answer.json(content_type=None) if answer.status != 301 else None
        return answer.status, body, dict(answer.headers)


def test_fixture_files_have_the_show_shape():
    shows = load_shows()
    assert len(shows) >= 7
    for show in shows:
        assert {"id", "url", "name", "type", "language", "network", "webChannel"} <= show.keys()
        assert {"cast", "akas", "seasons", "episodes"} <= show["_embedded"].keys()


async def test_tvmaze_search_shape_and_scores(fake_tvmaze):
    status, body, _ = await get(f"{fake_tvmaze.url}/search/shows", q="the good doctor!")
    assert status == 200 and isinstance(body, list)
    assert body[0]["show"]["name"] == "The Good Doctor" and body[0]["score"] == 1.0
    assert all(0 < hit["score"] <= 1 and "_embedded" not in hit["show"] for hit in body)
    assert [h["score"] for h in body] == sorted((h["score"] for h in body), reverse=True)


async def test_tvmaze_embeds_only_what_is_asked(fake_tvmaze):
    _, body, _ = await get(f"{fake_tvmaze.url}/shows/60001", **{"embed[]": "cast"})
    assert isinstance(body, dict) and list(body["_embedded"]) == ["cast"]
    _, plain, _ = await get(f"{fake_tvmaze.url}/shows/60001")
    assert isinstance(plain, dict) and "_embedded" not in plain


async def test_tvmaze_lookup_redirects_and_404s(fake_tvmaze):
    status, _, headers = await get(f"{fake_tvmaze.url}/lookup/shows", imdb="tt10919420")
    assert status == 301 and headers["Location"].endswith("/shows/60003")
    status, body, _ = await get(f"{fake_tvmaze.url}/lookup/shows", imdb="tt1")
    assert status == 404 and isinstance(body, dict) and body["status"] == 404


async def test_shows_can_be_added_in_bulk():
    async with FakeTvmaze() as fake:
        fake.add_shows(tvmaze_show(i, f"Synthetic Show {i}") for i in range(1, 2001))
        status, body, _ = await get(f"{fake.url}/search/shows", q="synthetic show 1234")
        assert status == 200 and isinstance(body, list)
        assert body[0]["show"]["id"] == 1234 and len(body) <= 10
    async with FakeTmdb() as fake_tmdb:
        fake_tmdb.add_show(tmdb_show(5, "Added Later", first_air_date="2024-05-05"))
        _, page, _ = await get(f"{fake_tmdb.url}/search/tv", query="added later")
        assert isinstance(page, dict) and page["results"][0]["id"] == 5
        assert page["results"][0]["genre_ids"] == [18]


async def test_tmdb_wants_the_bearer_token(fake_tmdb):
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake_tmdb.url}/search/tv", params={"query": "x"}) as answer,
    ):
        body = await answer.json()
    assert answer.status == 401 and body["status_code"] == 7
    assert fake_tmdb.requests[-1].authorization is None


async def test_request_log_and_windows(fake_tvmaze):
    for _ in range(3):
        await get(f"{fake_tvmaze.url}/shows/60001")
    assert len(fake_tvmaze.calls("/shows/60001")) == 3
    assert fake_tvmaze.max_in_window(60) == 3
    assert fake_tvmaze.requests[0].at <= fake_tvmaze.requests[-1].at
    fake_tvmaze.fail("500")
    fake_tvmaze.reset()
    assert fake_tvmaze.requests == [] and fake_tvmaze.faults == []
    status, _, _ = await get(f"{fake_tvmaze.url}/shows/60001")
    assert status == 200


async def test_tmdb_translations_and_alternative_titles_have_the_documented_shape(fake_tmdb):
    # tv/{id}/translations: {translations: [{iso_3166_1, iso_639_1, name, english_name,
    # data: {name, overview, homepage, tagline}}]}; alternative_titles: {results:
    # [{iso_3166_1, title, type}]}, appended under their own keys.
    status, body, _ = await get(
        f"{fake_tmdb.url}/tv/80003", append_to_response="alternative_titles,translations"
    )
    assert status == 200 and isinstance(body, dict)
    translations = body["translations"]["translations"]
    japanese = next(t for t in translations if t["iso_639_1"] == "ja")
    assert japanese == {
        "iso_3166_1": "JP",
        "iso_639_1": "ja",
        "name": "日本語",
        "english_name": "Japanese",
        "data": {"name": "イカゲーム", "overview": "", "homepage": "", "tagline": ""},
    }
    for alternative in body["alternative_titles"]["results"]:
        assert set(alternative) == {"iso_3166_1", "title", "type"}
