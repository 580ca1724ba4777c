"""The chart store as the delivery engine sees it: newest weeks and rendered Top 10s."""

from __future__ import annotations

import datetime as dt

from db.charts import ChartRepository
from db.connection import Database
from render.announce import RenderedChart
from render.charts import list_name, top_embed, week_highlight


class ChartsFeed:
    """Announcements use the same repository and renderer as `/chart top`."""

    def __init__(self, db: Database) -> None:
        self.charts = ChartRepository(db)

    async def latest_week(self, category: str, country_iso2: str | None) -> dt.date | None:
        return await self.charts.latest_week(category, country_iso2)

    async def render(
        self, category: str, country_iso2: str | None, week: dt.date
    ) -> RenderedChart | None:
        chart = await self.charts.top(week, category, country_iso2)
        if chart is None:
            return None
        # No note about country lists' categories: the title already names the list.
        return RenderedChart(
            top_embed(chart, category_note=False), week_highlight(chart), list_name(chart)
        )
