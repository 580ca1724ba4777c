"""`/announce` in the offline console: the real callbacks, printed as text."""

import io

from app import HallyuBot
from console import Console

from .conftest import W, WeeksFeed, attach


async def run(bot: HallyuBot, line: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await Console(bot, out).execute(line)
    return status, out.getvalue()


async def test_setup_status_and_off_in_the_console(offline_bot):
    attach(offline_bot, WeeksFeed())
    status, text = await run(offline_bot, "/announce setup #console time:20:30 timezone:Asia/Seoul")
    assert status == 0, text
    assert "Set up announcement #1" in text and "every Tuesday at 20:30 (Asia/Seoul)" in text
    status, text = await run(offline_bot, "/announce status")
    assert "Weekly Top 10 announcements" in text
    assert "No chart data for this list has been imported yet." in text
    assert "UTC" in text, "Discord timestamps become readable dates in a terminal"
    status, text = await run(offline_bot, "/announce setup #console role:<@&77>")
    assert status == 0 and "already has announcement #1" in text and "Pings <@&77>" in text
    assert "changed: role." in text and "every Tuesday at 20:30 (Asia/Seoul)" in text
    status, text = await run(offline_bot, "/announce status")
    assert "Pings <@&77>" in text
    status, text = await run(offline_bot, "/announce post")
    assert status == 1 and "The console cannot post to Discord" in text
    status, text = await run(offline_bot, "/announce off")
    assert "Removed announcement #1" in text


async def test_preview_in_the_console(offline_bot):
    feed = attach(offline_bot, WeeksFeed()).announcements.feed
    status, text = await run(offline_bot, "/announce preview")
    assert status == 1 and "No chart data is imported yet" in text
    assert isinstance(feed, WeeksFeed)
    feed.add(W)
    status, text = await run(offline_bot, "/announce preview")
    assert status == 0
    assert "Top of the week ending 2025-04-27" in text
    assert "with `/announce setup` the weekly post would look like this" in text
    assert "ref " not in text and "only" not in text
    status, text = await run(offline_bot, "/announce test")
    assert status == 1 and "No announcements are set up" in text


async def test_bad_options_in_the_console(offline_bot):
    attach(offline_bot, WeeksFeed())
    for line, message in (
        ("/announce setup #console time:7:99", "is not a time of day"),
        ("/announce setup #console timezone:Nowhere/City", "not a time zone I know"),
        ("/announce setup #console country:Atlantis", "not an ISO 3166 country code"),
        ("/announce setup #console country:ZZ", "not an ISO 3166 country code"),
        ("/announce setup #console category:Anime", "category must be one of"),
        ("/announce resume subscription:42", "No announcements are set up"),
    ):
        status, text = await run(offline_bot, line)
        assert status != 0 and message in text, (line, text)
    status, text = await run(offline_bot, "/announce status")
    assert "No announcements are set up in this server" in text
