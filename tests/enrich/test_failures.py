"""Provider trouble during a run: nothing half-written, one log line per kind, retry later."""

from __future__ import annotations

import logging

import pytest

from db.connection import Database
from providers import TvmazeClient
from services.enrich import STOP_AFTER, EnrichJob
from tests.enrich.conftest import KNOWN, tvmaze_client
from tests.fakeproviders.server import FaultKind
from tests.fakeproviders.tvmaze import FakeTvmaze

JOB_LOG = "services.enrich"


async def provider_rows(db: Database) -> dict[str, int]:
    tables = ("provider_shows", "provider_episodes", "provider_seasons", "person_provider_ids")
    return {t: int(await db.fetchval(f"SELECT COUNT(*) FROM {t}")) for t in tables}


def job_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == JOB_LOG]


@pytest.mark.parametrize("kind", ["429", "503", "malformed", "shape"])
async def test_a_failing_provider_is_left_alone_with_nothing_written(
    chart_db: Database,
    tvmaze: TvmazeClient,
    fake_tvmaze: FakeTvmaze,
    caplog: pytest.LogCaptureFixture,
    kind: FaultKind,
) -> None:
    fake_tvmaze.fail(kind, times=10_000, retry_after="0")
    caplog.set_level(logging.INFO)

    summary = await EnrichJob(chart_db, [tvmaze], workers=1).run()

    assert summary.count("matched") == 0
    assert summary.count("failed") == STOP_AFTER
    assert summary.stopped() == {"tvmaze": f"{STOP_AFTER} titles failed in a row"}
    assert await provider_rows(chart_db) == dict.fromkeys(
        ("provider_shows", "provider_episodes", "provider_seasons", "person_provider_ids"), 0
    )
    failed = await chart_db.fetchall("SELECT * FROM match_state")
    assert len(failed) == STOP_AFTER
    assert all(f["status"] == "failed" and f["retry_after"] for f in failed)
    lines = job_lines(caplog)
    # One line per kind of failure seen (the first ones, then the open circuit), one
    # for stopping: never one per title.
    assert 2 <= len(lines) <= 3, lines
    assert sum("failed in a row" in line for line in lines) == 1
    if kind == "429":
        assert summary.throttled >= 1


async def test_a_truncated_show_is_not_stored_and_is_retried_later(
    chart_db: Database, tvmaze: TvmazeClient, fake_tvmaze: FakeTvmaze
) -> None:
    # Searches answer; every show fetch is cut off half-way.
    fake_tvmaze.fail("truncated", times=10_000, path="/shows/")

    summary = await EnrichJob(chart_db, [tvmaze], workers=1).run()

    assert summary.count("matched") == 0 and summary.count("failed") >= 1
    assert (await provider_rows(chart_db))["provider_shows"] == 0
    glory = await chart_db.fetchone(
        "SELECT s.kind, s.country, m.status FROM shows s JOIN match_state m "
        "ON m.show_id = s.id WHERE s.title = 'The Glory'"
    )
    assert glory is not None and tuple(glory) == ("unknown", None, "failed")

    # The next run (the provider fixed) picks the failed titles up once their time comes.
    fake_tvmaze.faults.clear()
    await chart_db.raw.execute("UPDATE match_state SET retry_after = NULL")
    again = await EnrichJob(chart_db, [tvmaze]).run()
    assert again.count("matched") == len(KNOWN)


async def test_timeouts_and_a_provider_that_is_down(
    chart_db: Database, fake_tvmaze: FakeTvmaze, caplog: pytest.LogCaptureFixture
) -> None:
    fake_tvmaze.hang_seconds = 2.0
    fake_tvmaze.fail("hang", times=10_000)
    slow = tvmaze_client(fake_tvmaze, timeout=0.2)
    try:
        summary = await EnrichJob(chart_db, [slow], workers=1).run()
    finally:
        await slow.close()
    assert summary.count("failed") == STOP_AFTER and summary.count("matched") == 0

    # Nothing listens on the fake's port any more: connection refused.
    await chart_db.raw.execute("UPDATE match_state SET retry_after = NULL")
    await fake_tvmaze.close()
    down = tvmaze_client(fake_tvmaze)
    caplog.clear()
    try:
        summary = await EnrichJob(chart_db, [down]).run()
    finally:
        await down.close()
    assert summary.count("matched") == 0
    assert summary.stopped()
    assert await provider_rows(chart_db) == dict.fromkeys(
        ("provider_shows", "provider_episodes", "provider_seasons", "person_provider_ids"), 0
    )
    assert len(job_lines(caplog)) <= 3
