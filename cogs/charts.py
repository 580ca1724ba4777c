"""`/chart top` and `/chart history`: Netflix's weekly Top 10 lists and a show's run in them."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.replies import reply
from core.charts import (
    CATEGORIES,
    DEFAULT_CATEGORY,
    WeekError,
    country_suggestions,
    parse_week,
    week_label,
)
from core.countries import country_name, resolve_country
from core.errors import NotFoundError, UserError
from db.charts import ChartRepository
from render.chart_plot import FILENAME, rank_history_png, warm_up
from render.charts import IMPORT_HINT, history_embed, top_embed, week_highlight
from render.shows import safe
from services.lookup import ShowFinder

if TYPE_CHECKING:
    from bot import HallyuBot

Choices = list[app_commands.Choice[str]]
MAX_CHOICES = 25
DRAW_BEFORE_DEFER = 2.0  # seconds; Discord wants an answer within 3
NO_DATA = f"No Netflix Top 10 lists are stored yet. {IMPORT_HINT}"


class Charts(commands.GroupCog, group_name="chart", group_description="Netflix Top 10 charts"):
    def __init__(self, bot: HallyuBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        # matplotlib's first import and font scan take a second or more: do them now, in
        # a thread, rather than while a member waits for the first /chart history.
        self._warm_up = asyncio.ensure_future(asyncio.to_thread(warm_up))

    async def cog_unload(self) -> None:
        await asyncio.gather(self._warm_up, return_exceptions=True)

    @property
    def charts(self) -> ChartRepository:
        return ChartRepository(self.bot.db)

    async def country_code(self, text: str | None) -> str | None:
        return resolve_country(text, await self.charts.countries(), quote=safe)

    async def place(self, iso2: str) -> str:
        return await self.charts.country_name(iso2) or country_name(iso2) or iso2

    @app_commands.command(name="top", description="A week's Netflix Top 10 list")
    @app_commands.describe(
        week="Any day of the week, as YYYY-MM-DD (default: the newest week)",
        category="Which list (default: TV (Non-English))",
        country="A country's list instead of the global one",
    )
    @app_commands.choices(category=[app_commands.Choice(name=c, value=c) for c in CATEGORIES])
    async def top(
        self,
        interaction: discord.Interaction[Any],
        week: str | None = None,
        category: str | None = None,
        country: str | None = None,
    ) -> None:
        chosen = category is not None
        category = category or DEFAULT_CATEGORY
        if category not in CATEGORIES:
            raise UserError(f"Pick one of the categories: {', '.join(CATEGORIES)}.")
        iso2 = await self.country_code(country)
        where = "global" if iso2 is None else await self.place(iso2)
        latest = await self.charts.latest_week(category, iso2)
        if latest is None:
            raise NotFoundError(NO_DATA if iso2 is None else f"No {where} lists are stored yet.")
        wanted = latest if week is None else _week(week)
        chart = await self.charts.top(wanted, category, iso2)
        if chart is None:
            raise NotFoundError(
                f"No {where} {category} list is stored for the week of {week_label(wanted)}. "
                f"The newest is the week of {week_label(latest)} ({latest.isoformat()})."
            )
        embed = top_embed(chart, headline=week_highlight(chart), category_note=chosen)
        await reply(interaction, embed=embed)

    @app_commands.command(name="history", description="A show's weeks in Netflix's Top 10")
    @app_commands.describe(
        show="The show's title", country="A country's lists instead of the global ones"
    )
    async def history(
        self, interaction: discord.Interaction[Any], show: str, country: str | None = None
    ) -> None:
        found = await ShowFinder(self.bot.catalog, self.bot.titles).find(show)
        details = found.details
        if details is None:
            names = ", ".join(f"“{safe(c.label)}”" for c in found.choices[:5])
            raise UserError(f"Several shows match that: {names}. Pick one from the suggestions.")
        iso2 = await self.country_code(country)
        history = await self.charts.history(details.show.id, iso2)
        title = details.show.title
        if not history.entries:
            has_data = await self.charts.has_data()
            runs = await self.charts.country_runs(details.show.id) if has_data and not iso2 else []
            embed = history_embed(history, title, has_data=has_data, elsewhere=runs)
            await reply(interaction, embed=embed)
            return
        # Drawn in a thread (the event loop stays free) and sent with the answer itself;
        # only if drawing is unusually slow is the interaction acknowledged first.
        drawing = asyncio.ensure_future(asyncio.to_thread(rank_history_png, history, title))
        done, _ = await asyncio.wait({drawing}, timeout=DRAW_BEFORE_DEFER)
        if not done:
            await interaction.response.defer(thinking=True)
        picture = await drawing
        await reply(
            interaction,
            embed=history_embed(history, title, image=FILENAME),
            file=discord.File(io.BytesIO(picture), filename=FILENAME),
        )

    @top.autocomplete("week")
    async def week_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        namespace = interaction.namespace
        category = getattr(namespace, "category", None) or DEFAULT_CATEGORY
        if category not in CATEGORIES:
            category = DEFAULT_CATEGORY
        country = getattr(namespace, "country", None)
        iso2 = await self.charts.find_country(country) if isinstance(country, str) else None
        weeks = await self.charts.weeks(category, iso2)
        return [
            app_commands.Choice(name=f"{w.isoformat()} ({week_label(w)})", value=w.isoformat())
            for w in matching_weeks(weeks, current)
        ]

    @top.autocomplete("country")
    @history.autocomplete("country")
    async def country_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=iso2)
            for label, iso2 in country_suggestions(
                await self.charts.countries(), current, MAX_CHOICES
            )
        ]

    @history.autocomplete("show")
    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        finder = ShowFinder(self.bot.catalog, self.bot.titles)
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in finder.autocomplete(current)
        ]


def _week(text: str) -> dt.date:
    try:
        return parse_week(text)
    except WeekError as exc:
        raise UserError(f"“{safe(exc.text)}” {exc.reason}") from None


def matching_weeks(weeks: list[dt.date], current: str, limit: int = MAX_CHOICES) -> list[dt.date]:
    """Weeks (newest first) whose date starts with what was typed; a full date typed
    puts the week containing it first."""
    text = current.strip()[:40]
    if not text:
        return weeks[:limit]
    try:
        containing: dt.date | None = parse_week(text)
    except WeekError:
        containing = None
    found = [w for w in weeks if w == containing]
    found += [w for w in weeks if w != containing and w.isoformat().startswith(text)]
    return found[:limit]


async def setup(bot: HallyuBot) -> None:
    await bot.add_cog(Charts(bot))
