"""Synthetic Korean schedules for the airing tests, in TVmaze's shapes (served by the fake).

The shows are invented (ids in the 91000s) so that no real show's dates are misstated.
Times: Korea is UTC+9, so 20:50 in Seoul is 11:50 UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.fakeproviders.tvmaze import tvmaze_episode, tvmaze_show

KST = dt.timezone(dt.timedelta(hours=9))
# Wednesday 2 December 2026, 09:00 in Seoul: the tests' "now" starts here.
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=KST)

COURT = 91001  # tvN, Wed/Thu 20:50, a double episode on Saturday
DROP = 91002  # Netflix (global), all episodes at 17:00 on one day
TVING = 91003  # TVING (a Korean streaming service), weekly on Friday 12:00
NEWS = 91004  # KBS1 news: stored, never listed
FINALE = 91005  # JTBC, its last episode on Thursday, status Ended


def kst(day: int, hour: int, minute: int = 0) -> str:
    """An air stamp in TVmaze's style (UTC with offset) for a time in Seoul."""
    moment = dt.datetime(2026, 12, day, hour, minute, tzinfo=KST)
    return moment.astimezone(dt.UTC).isoformat()


def court() -> dict[str, Any]:
    episodes = [
        tvmaze_episode(9100101, 1, 1, kst(2, 20, 50), name="The Night Court Opens"),
        tvmaze_episode(9100102, 1, 2, kst(3, 20, 50)),
        # Saturday: a double-episode night.
        tvmaze_episode(9100103, 1, 3, kst(5, 21, 0), name="Verdict"),
        tvmaze_episode(9100104, 1, 4, kst(5, 22, 10), name="Appeal"),
        tvmaze_episode(9100105, 1, 5, kst(9, 20, 50)),
        tvmaze_episode(9100106, 1, 6, kst(10, 20, 50)),
        tvmaze_episode(
            9100199, 1, None, kst(12, 18, 0), name="Making Of", type="significant_special"
        ),
    ]
    return tvmaze_show(
        COURT,
        "Moonlit Court",
        status="Running",
        premiered="2026-12-02",
        network=("tvN", "KR", "Asia/Seoul"),
        akas=[("달빛 법정", "KR")],
        episodes=episodes,
    )


def drop() -> dict[str, Any]:
    episodes = [tvmaze_episode(9100200 + n, 1, n, kst(4, 17, 0)) for n in range(1, 9)]
    return tvmaze_show(
        DROP, "Seoul Night Drop", status="Running", web_channel="Netflix", episodes=episodes
    )


def tving() -> dict[str, Any]:
    episodes = [
        tvmaze_episode(9100301, 2, 1, kst(4, 12, 0), name="Return"),
        tvmaze_episode(9100302, 2, 2, kst(11, 12, 0)),
    ]
    return tvmaze_show(
        TVING,
        "Han River Chef",
        type="Reality",
        status="Running",
        web_channel="TVING",
        web_channel_country=("KR", "Asia/Seoul"),
        episodes=episodes,
    )


def news() -> dict[str, Any]:
    episodes = [tvmaze_episode(9100401, 2026, 300, kst(2, 21, 0))]
    return tvmaze_show(
        NEWS,
        "KBS News 9",
        type="News",
        status="Running",
        network=("KBS1", "KR", "Asia/Seoul"),
        episodes=episodes,
    )


def finale() -> dict[str, Any]:
    episodes = [
        tvmaze_episode(9100501, 1, 15, kst(2, 22, 30)),
        tvmaze_episode(9100502, 1, 16, kst(3, 22, 30), name="Finale"),
    ]
    return tvmaze_show(
        FINALE,
        "Last Train Home",
        status="Ended",
        ended="2026-12-03",
        network=("JTBC", "KR", "Asia/Seoul"),
        episodes=episodes,
    )


def all_shows() -> list[dict[str, Any]]:
    return [court(), drop(), tving(), news(), finale()]


def episodes_of(fake: Any, show_id: int) -> list[dict[str, Any]]:
    episodes: list[dict[str, Any]] = fake.shows[show_id]["_embedded"]["episodes"]
    return episodes
