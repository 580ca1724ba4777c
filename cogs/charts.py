"""`/chart top` and `/chart history`: Netflix's weekly Top 10 lists and a show's run in them."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs.locale import lang_of
from cogs.replies import reply
from core.charts import (
    CATEGORIES,
    DEFAULT_CATEGORY,
    WeekError,
    country_suggestions,
    parse_week,
)
from core.countries import country_code, country_name, resolve_country
from core.errors import NotFoundError, UserError
from core.i18n import Text, deferred
from db.charts import ChartRepository
from render.chart_history import IMPORT_COMMAND
from render.chart_plot import FILENAME, rank_history_png
from render.chart_words import category_name
from render.charts import history_embed
from render.i18n import Lang
from render.shows import safe
from services.cards import GONE, Cards

if TYPE_CHECKING:
    from cogs.host import Host

Choices = list[app_commands.Choice[str]]
MAX_CHOICES = 25
DRAW_BEFORE_DEFER = 2.0  # seconds; Discord wants an answer within 3


class Charts(commands.GroupCog, group_name="chart", group_description="Netflix Top 10 charts"):
    def __init__(self, bot: Host) -> None:
        self.bot = bot
        super().__init__()

    # matplotlib is imported only when the first picture is drawn: warming it up at load
    # would hold about 40 MB for the bot's whole life, for a command few members use.

    @property
    def charts(self) -> ChartRepository:
        return ChartRepository(self.bot.db)

    @property
    def cards(self) -> Cards:
        return self.bot.cards

    async def country_code(self, text: str | None, lang: Lang) -> str | None:
        # One rule for every command (core.countries): the data's countries by code or
        # name, ISO 3166 codes while no country list is stored, nothing else.
        stored = await self.cards.countries()
        # A country typed as the member's language names it (`대한민국`, `Coreia do Sul`).
        named = country_code(text, [(iso2, lang.country(iso2, name)) for iso2, name in stored])
        return resolve_country(named or text, stored, quote=safe, name=lang.country)

    async def place(self, iso2: str, lang: Lang) -> str:
        english = await self.charts.country_name(iso2) or country_name(iso2) or iso2
        return lang.country(iso2, english)

    @app_commands.command(name="top", description="A week's Netflix Top 10 list")
    @app_commands.describe(
        week="Any day of the week, as YYYY-MM-DD (default: the newest week)",
        category="Which list (default: TV (Non-English))",
        country="A country's list instead of the global one",
        korean="Only the list's Korean titles, each with its rank",
    )
    @app_commands.choices(category=[app_commands.Choice(name=c, value=c) for c in CATEGORIES])
    async def top(
        self,
        interaction: discord.Interaction[Any],
        week: str | None = None,
        category: str | None = None,
        country: str | None = None,
        korean: bool = False,
    ) -> None:
        chosen = category is not None  # a note on country lists only when one was asked for
        category = category or DEFAULT_CATEGORY
        lang = await lang_of(interaction)
        if category not in CATEGORIES:
            raise UserError(
                "Pick one of the categories: {categories}.",
                categories=lang.join([category_name(c, lang) for c in CATEGORIES]),
            )
        iso2 = await self.country_code(country, lang)
        wanted = None if week is None else _week(week)
        # Rendered once per data generation, list and language (services/cards.py).
        answer = await self.cards.top(
            wanted, category, iso2, korean, category_note=chosen, lang=lang
        )
        latest = answer.page.latest
        if latest is None:
            if iso2 is None:
                raise NotFoundError(
                    "No Netflix Top 10 lists are stored yet. The bot fetches Netflix's "
                    "published files by itself when it runs with a network; its operator can "
                    "also import them by hand with `{command}`.",
                    command=IMPORT_COMMAND,
                )
            raise NotFoundError(
                "No {country} lists are stored yet.", country=await self.place(iso2, lang)
            )
        if answer.embed is None:
            stored = await self.cards.weeks(category, iso2)
            raise NotFoundError(
                await self.missing_week(wanted or latest, latest, stored, category, iso2, lang)
            )
        await reply(interaction, embed=answer.embed)

    async def missing_week(
        self,
        week: dt.date,
        latest: dt.date,
        stored: Sequence[dt.date],
        category: str,
        iso2: str | None,
        lang: Lang,
    ) -> Text:
        """Why a week has no list, and which weeks do (before the first list, the newest
        alone does not say where the lists start)."""
        oldest = stored[-1] if stored else latest
        values: dict[str, object] = {
            "week": lang.week(week),
            "newest": lang.week(latest),
            "newest_date": latest.isoformat(),
            "category": category_name(category, lang),
        }
        if week < oldest:
            values |= {"oldest": lang.week(oldest), "oldest_date": oldest.isoformat()}
            if iso2 is None:
                return deferred(
                    "No global {category} list is stored for the week of {week}. The lists "
                    "run from the week of {oldest} ({oldest_date}) to the week of {newest} "
                    "({newest_date}).",
                    **values,
                )
            return deferred(
                "No {country} {category} list is stored for the week of {week}. The lists "
                "run from the week of {oldest} ({oldest_date}) to the week of {newest} "
                "({newest_date}).",
                country=await self.place(iso2, lang),
                **values,
            )
        if iso2 is None:
            return deferred(
                "No global {category} list is stored for the week of {week}. The newest is "
                "the week of {newest} ({newest_date}).",
                **values,
            )
        return deferred(
            "No {country} {category} list is stored for the week of {week}. The newest is "
            "the week of {newest} ({newest_date}).",
            country=await self.place(iso2, lang),
            **values,
        )

    @app_commands.command(name="history", description="A show's weeks in Netflix's Top 10")
    @app_commands.describe(
        show="The show's title", country="A country's lists instead of the global ones"
    )
    async def history(
        self, interaction: discord.Interaction[Any], show: str, country: str | None = None
    ) -> None:
        found = self.cards.resolve(show)
        lang = await lang_of(interaction)
        if found.show_id is None:
            raise UserError(
                "Several shows match that: {shows}. Pick one from the suggestions.",
                shows=lang.join([f"“{safe(c.label)}”" for c in found.choices[:5]]),
            )
        indexed = self.cards.indexed(found.show_id)
        if indexed is None:
            raise NotFoundError(GONE)
        iso2 = await self.country_code(country, lang)
        history = await self.cards.history(found.show_id, iso2)
        title = indexed.title
        if not history.entries:
            has_data = await self.charts.has_data()
            runs = await self.charts.country_runs(found.show_id) if has_data else []
            embed = history_embed(history, title, has_data=has_data, elsewhere=runs, lang=lang)
            await reply(interaction, embed=embed)
            return
        # Drawn once per data generation and language in the picture worker process
        # (services/pictures.py) and sent with the answer itself; only if drawing is
        # unusually slow is the interaction acknowledged first.
        drawing = asyncio.ensure_future(
            self.bot.pictures.draw(
                (found.show_id, iso2, lang.tag), rank_history_png, history, title, lang.tag
            )
        )
        done, _ = await asyncio.wait({drawing}, timeout=DRAW_BEFORE_DEFER)
        if not done:
            await interaction.response.defer(thinking=True)
        picture = await drawing
        await reply(
            interaction,
            embed=history_embed(history, title, image=FILENAME, lang=lang),
            file=discord.File(io.BytesIO(picture), filename=FILENAME),
        )

    @top.autocomplete("week")
    async def week_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        namespace = interaction.namespace
        category = getattr(namespace, "category", None) or DEFAULT_CATEGORY
        if category not in CATEGORIES:
            category = DEFAULT_CATEGORY
        country = getattr(namespace, "country", None)
        iso2 = await self.cards.find_country(country) if isinstance(country, str) else None
        weeks = list(await self.cards.weeks(category, iso2))
        lang = await lang_of(interaction)
        return [
            app_commands.Choice(name=f"{w.isoformat()} ({lang.week(w)})", value=w.isoformat())
            for w in matching_weeks(weeks, current)
        ]

    @top.autocomplete("country")
    @history.autocomplete("country")
    async def country_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        lang = await lang_of(interaction)
        stored = await self.cards.countries()
        # Names as the member's language writes them; what was typed in English matches too.
        local = sorted(((iso2, lang.country(iso2, name)) for iso2, name in stored), key=_by_name)
        found = country_suggestions(local, current, MAX_CHOICES)
        found = found or country_suggestions(stored, current, MAX_CHOICES)
        return [app_commands.Choice(name=label, value=iso2) for label, iso2 in found]

    @history.autocomplete("show")
    async def show_choices(self, interaction: discord.Interaction[Any], current: str) -> Choices:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.cards.choices(current)
        ]


def _by_name(country: tuple[str, str]) -> str:
    return country[1]


def _week(text: str) -> dt.date:
    try:
        return parse_week(text)
    except WeekError as exc:
        raise UserError(exc.shown(safe)) from None


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


async def setup(bot: Host) -> None:
    await bot.add_cog(Charts(bot))
