"""The commands through the offline console (the real callbacks), and the import CLI."""

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from app import HallyuBot
from bot import main
from cogs.charts import matching_weeks
from console import Console
from db.connection import Database
from services.chart_sources import SourceError, fetch, import_sources
from tests.charts.conftest import country_file, global_file


async def run(bot: HallyuBot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


async def test_chart_top_for_the_week_of_weak_hero_class_2(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/chart top week:2025-04-27 category:TV (Non-English)")
    assert status == 0
    assert "Netflix Top 10 · Global · TV (Non-English)" in text
    assert "A Korean show is No. 1: Weak Hero (Class 2)" in text
    assert "` 1.` Weak Hero (Class 2) 🇰🇷\n      34.9M hours · 6.1M views" in text


async def test_chart_top_defaults_to_the_newest_week(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/chart top")
    assert status == 0
    assert "Week of 28 Apr – 4 May 2025" in text
    assert "The Eternaut" in text


async def test_any_day_of_the_week_finds_it(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/chart top week:2025-04-22")
    assert status == 0 and "Week of 21–27 Apr 2025" in text


async def test_a_week_before_the_first_list_says_where_the_lists_start(
    chart_bot: HallyuBot,
) -> None:
    status, text = await run(chart_bot, "/chart top week:2019-01-01")
    assert status == 1
    assert "The lists run from the week of " in text and " to the week of " in text
    status, text = await run(chart_bot, "/chart top week:2099-01-01")
    assert status == 1
    assert "The newest is the week of " in text and "run from" not in text


async def test_country_lists_by_name_or_code(chart_bot: HallyuBot) -> None:
    for country in ("KR", "South Korea"):
        status, text = await run(chart_bot, f"/chart top week:2022-01-23 country:{country}")
        assert status == 0
        assert "Netflix Top 10 · South Korea · TV" in text
        assert "Our Beloved Summer" in text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/chart top week:someday", "“someday” is not a date; use YYYY-MM-DD"),
        ("/chart top week:2019-01-01", "No global TV (Non-English) list is stored for the week"),
        ("/chart top category:Films (English)", "No Netflix Top 10 lists are stored yet"),
        ("/chart top country:Atlantis", "No country list matches “Atlantis”"),
        ("/chart top country:@everyone", "No country list matches “@\u200beveryone”"),
        ("/chart history show:zzqqxx", "No show matches “zzqqxx”"),
        ("/chart history show:weak hero country:Narnia", "No country list matches “Narnia”"),
    ],
)
async def test_bad_input_gets_a_clear_message(
    chart_bot: HallyuBot, line: str, message: str
) -> None:
    status, text = await run(chart_bot, line)
    assert status == 1
    assert message in text
    assert "Traceback" not in text


async def test_chart_history_writes_the_picture_and_prints_its_path(
    chart_bot: HallyuBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, text = await run(chart_bot, "/chart history show:weak hero")
    assert status == 0
    assert "Weak Hero in Netflix's global Top 10" in text
    assert "Best rank: No. 1 (TV (Non-English), week of 21–27 Apr 2025)" in text
    picture = tmp_path / "console-files" / "rank-history.png"
    assert f"[file written to {picture}]" in text
    assert picture.read_bytes().startswith(b"\x89PNG")


async def test_chart_history_in_a_country_and_when_never_charted(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/chart history show:weak hero country:KR")
    assert status == 0 and "`2025-04-27` Weak Hero (Class 2): No. 1 · TV" in text
    status, text = await run(chart_bot, "/chart history show:vagabond")
    assert status == 0 and "has not been in a stored global Top 10 list" in text
    assert "file written" not in text


async def test_show_card_gains_its_chart_line(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/show weak hero")
    assert status == 0
    assert "Netflix Top 10:" in text
    assert "Best global rank: No. 1 in TV (Non-English) (week of 21–27 Apr 2025)" in text
    assert "3 weeks in the global Top 10" in text


async def test_about_shows_the_newest_week(chart_bot: HallyuBot) -> None:
    status, text = await run(chart_bot, "/about")
    assert status == 0
    assert "Newest Netflix Top 10 week: 28 Apr – 4 May 2025 (2025-05-04)" in text


async def test_autocomplete_offers_weeks_and_countries(chart_bot: HallyuBot) -> None:
    cog: Any = chart_bot.get_cog("Charts")
    assert cog is not None

    class Namespace:
        category = "TV (Non-English)"
        country: str | None = None

    class Interaction:
        namespace = Namespace()

    weeks = await cog.week_choices(Interaction(), "")
    assert [c.value for c in weeks] == ["2025-05-04", "2025-04-27", "2025-04-20", "2021-07-04"]
    assert weeks[1].name == "2025-04-27 (21–27 Apr 2025)"
    typed = await cog.week_choices(Interaction(), "2025-04-23")
    assert [c.value for c in typed] == ["2025-04-27"]
    Namespace.country = "KR"
    korea = await cog.week_choices(Interaction(), "2022")
    assert [c.value for c in korea] == ["2022-01-23", "2022-01-16"]
    countries = await cog.country_choices(Interaction(), "kor")
    assert [(c.name, c.value) for c in countries] == [("South Korea (KR)", "KR")]
    assert await cog.country_choices(Interaction(), "zz" * 3000) == []


def test_matching_weeks_orders_and_limits() -> None:
    weeks = [dt.date(2025, 5, 4) - dt.timedelta(days=7 * n) for n in range(60)]
    assert len(matching_weeks(weeks, "")) == 25
    assert matching_weeks(weeks, "2025-05")[0] == dt.date(2025, 5, 4)
    assert matching_weeks(weeks, "2025-04-30") == [dt.date(2025, 5, 4)]
    assert matching_weeks(weeks, "nonsense") == []


async def test_import_sources_reports_each_file(db: Database, tmp_path: Path) -> None:
    (tmp_path / "g.tsv").write_bytes(global_file())
    (tmp_path / "c.tsv").write_bytes(country_file())
    out, err = io.StringIO(), io.StringIO()
    status = await import_sources(db, [str(tmp_path / "g.tsv"), str(tmp_path / "c.tsv")], out, err)
    assert status == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("g.tsv: global file, 34 rows, 4 new weeks (newest 2025-05-04)")
    assert lines[1].startswith("c.tsv: countries file, 21 rows, 1 country, 3 new weeks")
    out = io.StringIO()
    assert await import_sources(db, [str(tmp_path / "g.tsv")], out, err) == 0
    assert "nothing new" in out.getvalue()


async def test_import_sources_stops_at_a_bad_file(db: Database, tmp_path: Path) -> None:
    (tmp_path / "bad.tsv").write_bytes(b"week\tcategory\nnope\n")
    err = io.StringIO()
    assert await import_sources(db, [str(tmp_path / "bad.tsv")], io.StringIO(), err) == 1
    assert "bad.tsv, line 1: not a Netflix Top 10 file" in err.getvalue()
    assert "nothing was imported" in err.getvalue()
    err = io.StringIO()
    assert await import_sources(db, [str(tmp_path / "missing.tsv")], io.StringIO(), err) == 1
    assert "cannot read" in err.getvalue()


async def test_files_are_downloaded_from_a_url(db: Database, unused_tcp_port: int) -> None:
    async def serve(request: web.Request) -> web.Response:
        if request.path.endswith("all-weeks-global.tsv"):
            return web.Response(body=global_file(), content_type="text/tab-separated-values")
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/{name}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    try:
        base = f"http://127.0.0.1:{unused_tcp_port}"
        out = io.StringIO()
        assert await import_sources(db, [f"{base}/all-weeks-global.tsv"], out, io.StringIO()) == 0
        assert out.getvalue().startswith("all-weeks-global.tsv: global file, 34 rows")
        with pytest.raises(SourceError, match="HTTP 404"):
            await fetch(f"{base}/missing.tsv")
    finally:
        await runner.cleanup()


def test_the_cli_imports_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "g.tsv").write_bytes(global_file())
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["import-netflix", str(tmp_path / "g.tsv")]) == 0
    assert "g.tsv: global file, 34 rows" in capsys.readouterr().out
    (tmp_path / "bad.tsv").write_bytes(global_file() + b"2025-05-11\tTV (Non-English)\t99\n")
    assert main(["import-netflix", str(tmp_path / "bad.tsv")]) == 1
    assert "bad.tsv, line 36: expected 9 columns, found 3" in capsys.readouterr().err
    assert os.path.exists(tmp_path / "cli.sqlite3")
