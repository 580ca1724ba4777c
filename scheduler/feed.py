"""The chart store as the delivery engine sees it: newest weeks and rendered Top 10s."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial

from core.audience import KoreanMode
from db.charts import ChartRepository, ChartWeek
from db.connection import Database
from db.local_titles import LocalTitles, korean_titles
from render.announce import RenderedChart
from render.charts import list_name
from render.i18n import ENGLISH, Lang
from render.korean import chart_embed


class ChartsFeed:
    """Announcements use the same repository and renderer as `/chart top`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.charts = ChartRepository(db)

    async def latest_week(self, category: str, country_iso2: str | None) -> dt.date | None:
        return await self.charts.latest_week(category, country_iso2)

    async def render(
        self,
        category: str,
        country_iso2: str | None,
        week: dt.date,
        korean: KoreanMode = "all",
        lang: Lang = ENGLISH,
    ) -> RenderedChart | None:
        chart = await self.charts.top(week, category, country_iso2)
        if chart is None:
            return None
        # No note about country lists' categories (nobody chose one for this post): the
        # title and the opening line already name the list it is ("South Korea · TV").
        embed, highlight = chart_embed(
            dataclasses.replace(chart, requested_category=None),
            korean,
            lang,
            await self.titles(chart, lang),
        )
        return RenderedChart(embed, highlight, list_name(chart, lang))

    async def titles(self, chart: ChartWeek, lang: Lang) -> LocalTitles | None:
        """The shows' titles in `lang` where the catalog has them (Korean ones for `ko`)."""
        if lang.tag != "ko":
            return None
        return await self.db.read(
            partial(
                korean_titles,
                show_ids=[e.show_id for e in chart.entries],
                season_ids=[e.season_id for e in chart.entries if e.season_id],
            )
        )
