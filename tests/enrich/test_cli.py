"""`bot.py enrich` and `bot.py catalog review|link`, run as an owner runs them."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from config import Settings
from db.connection import Database
from services import enrich_cli
from tests.enrich.conftest import KNOWN
from tests.fakeproviders.tvmaze import FakeTvmaze

ROOT = Path(__file__).resolve().parents[2]


async def run_cli(
    settings: Settings, *args: str, tvmaze: str = "http://127.0.0.1:9"
) -> tuple[int, str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TMDB_", "TVMAZE_", "DISCORD_"))
    }
    env.update(
        DATABASE_PATH=str(settings.database_path),
        TVMAZE_API_URL=tvmaze,
        LOG_LEVEL="WARNING",
        PYTHONIOENCODING="utf-8",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_enrich_then_review_then_link(
    settings: Settings, chart_db: Database, fake_tvmaze: FakeTvmaze
) -> None:
    code, out, err = await run_cli(settings, "enrich", tvmaze=fake_tvmaze.url)
    assert code == 0, err
    assert f"matched {len(KNOWN)} / ambiguous 1 / not found " in out
    assert "/ failed 0" in out and "429s 0" in out
    assert "Traceback" not in err

    code, out, err = await run_cli(settings, "catalog", "review")
    assert code == 0, err
    lines = out.splitlines()
    # The curated Weak Hero is ambiguous against TVmaze's "Weak Hero Class 1": listed
    # with its candidate, as `provider:id Name (year, country, network)`.
    assert "“Weak Hero” (ambiguous, tvmaze)" in lines
    assert any(line.strip().startswith("tvmaze:60004 Weak Hero Class 1 (2022") for line in lines)
    # Titles no provider offered anything for are one count, not a page each.
    assert "“La Reina del Sur” (not found, tvmaze)" not in lines
    assert any("without candidates are not listed" in line and "--all" in line for line in lines)
    assert lines.index("“Weak Hero” (ambiguous, tvmaze)") == 0
    code, out, err = await run_cli(settings, "catalog", "review", "--all")
    assert code == 0, err
    assert "“La Reina del Sur” (not found, tvmaze)" in out.splitlines()
    assert "not listed" not in out

    code, out, err = await run_cli(settings, "catalog", "link", "Weak Hero", "tvmaze:60004")
    assert code == 0, err
    assert "linked to tvmaze:60004" in out
    code, out, _ = await run_cli(settings, "catalog", "review")
    assert "Weak Hero" not in out

    # The next run fetches the linked show directly.
    code, out, err = await run_cli(settings, "enrich", "--limit", "5", tvmaze=fake_tvmaze.url)
    assert code == 0, err
    assert "matched 1 / ambiguous 0" in out
    assert any(r.path == "/shows/60004" for r in fake_tvmaze.requests)


async def test_a_link_to_a_show_the_provider_does_not_know(
    settings: Settings, chart_db: Database, fake_tvmaze: FakeTvmaze
) -> None:
    # Online, the ref is checked at once: refused, nothing stored.
    code, out, err = await run_cli(
        settings, "catalog", "link", "Physical: 100", "tvmaze:999999", tvmaze=fake_tvmaze.url
    )
    assert code == 1, (out, err)
    assert "TVmaze does not know tvmaze:999999" in err
    assert await chart_db.fetchval("SELECT COUNT(*) FROM match_decisions") == 0

    # Offline, it is accepted with a note that the next enrich run checks it ...
    code, out, err = await run_cli(settings, "catalog", "link", "Physical: 100", "tvmaze:999999")
    assert code == 0, err
    assert "linked to tvmaze:999999" in out and "the next enrich run checks" in out
    # ... which logs the provider's "no such show" and keeps the title in review.
    code, out, err = await run_cli(settings, "enrich", tvmaze=fake_tvmaze.url)
    assert code == 0, err
    assert "tvmaze:999999, which tvmaze does not know" in err
    code, out, err = await run_cli(settings, "catalog", "review")
    assert code == 0, err
    assert "“Physical: 100” (linked to tvmaze:999999, which TVmaze does not know)" in out
    assert "1 with a link the provider does not know" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("catalog", "link", "No Such Show", "tvmaze:1"), 1, "no chart title or show"),
        (("catalog", "link", "The Glory", "tvmaze:abc"), 2, "must be a whole number"),
        (("catalog", "link", "The Glory", "imdb:tt123"), 2, "unknown provider"),
        (("catalog", "link", "", "none"), 1, "give the chart title"),
        (("enrich", "--limit", "0"), 2, "--limit: must be at least 1"),
        (("enrich", "--provider", "tmdb"), 2, "tmdb is not configured"),
        (("catalog",), 2, "ACTION"),
    ],
)
async def test_bad_input_gets_a_clear_error_and_changes_nothing(
    settings: Settings, chart_db: Database, args: tuple[str, ...], code: int, message: str
) -> None:
    before = await chart_db.fetchval("SELECT COUNT(*) FROM match_decisions")
    got, out, err = await run_cli(settings, *args)
    assert got == code, (out, err)
    assert message in err
    assert "Traceback" not in err
    assert await chart_db.fetchval("SELECT COUNT(*) FROM match_decisions") == before


async def test_link_none_and_an_unreachable_provider(
    settings: Settings, chart_db: Database
) -> None:
    code, out, err = await run_cli(settings, "catalog", "link", "the glory", "none")
    assert code == 0, err
    assert "“The Glory” is never to be matched" in out
    # Nothing listens on the provider's port: a summary, a failure exit, no traceback.
    code, out, err = await run_cli(settings, "enrich", "--limit", "4")
    assert code == 1
    assert "stopped early" in out and "Traceback" not in err
    assert await chart_db.fetchval("SELECT COUNT(*) FROM provider_shows") == 0


BAD_TITLES = [
    "@everyone",
    "'; DROP TABLE shows; --",
    "더 글로리",
    "🔥🔥",
    "**The Glory**",
    "x" * 10_000,
]


@examples(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.one_of(st.text(max_size=300), st.sampled_from(BAD_TITLES)),
    ref=st.one_of(st.text(max_size=40), st.sampled_from(["none", "tvmaze:60001", "tmdb:"])),
)
async def test_link_takes_any_input_without_a_traceback(
    chart_db: Database, title: str, ref: str
) -> None:
    before = await chart_db.fetchall("SELECT * FROM match_decisions")
    code = await enrich_cli.link(chart_db, title, ref, io.StringIO())
    assert code in (0, 1, 2)
    if code != 0:
        assert await chart_db.fetchall("SELECT * FROM match_decisions") == before
