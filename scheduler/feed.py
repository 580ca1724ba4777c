"""The chart store as the delivery engine sees it: newest weeks and rendered Top 10s."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.audience import KoreanMode
from db.charts import ChartRepository
from db.connection import Database
from render.announce import RenderedChart
from render.charts import list_name
from render.korean import chart_embed


class ChartsFeed:
    """Announcements use the same repository and renderer as `/chart top`."""

    def __init__(self, db: Database) -> None:
        self.charts = ChartRepository(db)

    async def latest_week(self, category: str, country_iso2: str | None) -> dt.date | None:
        return await self.charts.latest_week(category, country_iso2)

    async def render(
        self, category: str, country_iso2: str | None, week: dt.date, korean: KoreanMode = "all"
    ) -> RenderedChart | None:
        chart = await self.charts.top(week, category, country_iso2)
        if chart is None:
            return None
        # No note about country lists' categories (nobody chose one for this post): the
        # title and the opening line already name the list it is ("South Korea · TV").
        embed, highlight = chart_embed(dataclasses.replace(chart, requested_category=None), korean)
        return RenderedChart(embed, highlight, list_name(chart))
