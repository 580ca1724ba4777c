"""Playing: /trivia play, stop, leaderboard and stats; games' lifecycle and restart cleanup."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any, cast

import discord
from discord import app_commands

from cogs.locale import lang_of, server_lang_of
from cogs.replies import NO_MENTIONS, reply
from cogs.trivia._access import guild_id_of, is_moderator
from cogs.trivia._base import TriviaBase
from cogs.trivia._console_game import ConsolePresenter, play_in_console
from cogs.trivia._discord_game import DiscordPresenter
from core.errors import PermissionDeniedError, UserError
from core.i18n import deferred
from core.trivia.game import EndReason, Presenter, Question, TriviaGame
from db.trivia_scores import RunningGame, week_start
from render.i18n import Lang
from render.shows import safe
from render.trivia_play import leaderboard_card, restart_notice, stats_card

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 5.0
ALREADY_RUNNING = deferred("A trivia game is already running here. `/trivia stop` ends it.")
PERIOD_CHOICES = [
    app_commands.Choice(name="This week", value="week"),
    app_commands.Choice(name="All time", value="all"),
]


class PlayCommands(TriviaBase):
    def start_background(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._cleanup = asyncio.get_running_loop().create_task(self._end_stale_games())

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop_all(self) -> None:
        """Unloading (a shutdown or a reload): end every game and say why."""
        self._cleanup.cancel()
        for game in list(self.games.values()):
            await game.stop(EndReason.SHUTDOWN)
        pending = [task for task in self._tasks if not task.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=SHUTDOWN_GRACE)
            for task in late:
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._cleanup

    # -- restart cleanup -------------------------------------------------------------------

    async def _end_stale_games(self) -> None:
        stale = await self.scores.stale_games(self.boot)
        if not stale:
            return
        # Messages can only be edited once connected; a console run never connects.
        await self.bot.wait_until_ready()
        for game in stale:
            if self.bot.get_guild(game.guild_id) is None:
                continue  # another shard's process serves that server and its games
            await self._announce_restart(game)
            await self.scores.end_game(game.token)

    async def _server_lang(self, guild_id: int) -> Lang:
        """A notice with no interaction behind it: the server's language."""
        guild = self.bot.get_guild(guild_id)
        locale = str(guild.preferred_locale) if guild is not None else None
        return await self.bot.languages.for_member(None, guild_id, locale)

    async def _announce_restart(self, game: RunningGame) -> None:
        channel = self.bot.get_partial_messageable(game.channel_id, guild_id=game.guild_id)
        notice = restart_notice(await self._server_lang(game.guild_id))
        try:
            if game.message_id is not None:
                message = channel.get_partial_message(game.message_id)
                with contextlib.suppress(discord.NotFound):
                    await message.edit(view=None)
            await channel.send(notice, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.info("could not announce the end of trivia game %s", game.token, exc_info=True)

    # -- commands --------------------------------------------------------------------------

    @app_commands.command(name="play", description="Start a trivia game in this channel")
    @app_commands.describe(
        show="Only questions about this show",
        rounds="How many questions (1 to 20, default 5)",
        seconds="Seconds to answer each question (10 to 120, default 30)",
    )
    @app_commands.autocomplete(show=TriviaBase.show_choices)
    async def play(
        self,
        interaction: discord.Interaction[Any],
        show: str | None = None,
        rounds: app_commands.Range[int, 1, 20] = 5,
        seconds: app_commands.Range[int, 10, 120] = 30,
    ) -> None:
        guild_id = guild_id_of(interaction)
        channel_id = interaction.channel_id
        if channel_id is None:
            raise UserError("Trivia needs a channel to play in.")
        if channel_id in self.games:
            raise UserError(ALREADY_RUNNING)
        picked = await self.resolve_show(show)
        settings = await self.entries.settings(guild_id)
        entries = await self.entries.pick(
            guild_id,
            rounds,
            show_id=picked[0] if picked else None,
            bundled=settings.bundled_enabled,
        )
        if not entries and picked:
            raise UserError(
                "There are no trivia questions about {show} here yet. "
                "Moderators can add some with `/trivia add`.",
                show=safe(picked[1]),
            )
        if not entries:
            raise UserError(
                "There are no trivia questions here yet. "
                "Moderators can add some with `/trivia add`."
            )
        questions = [
            Question(e.id, e.question, e.answer, e.aliases, e.difficulty, e.show_title)
            for e in entries
        ]
        console = None
        presenter: Presenter
        if getattr(interaction, "is_console", False):
            presenter = console = ConsolePresenter(interaction, await lang_of(interaction))
        else:
            channel = cast(discord.abc.Messageable, interaction.channel)
            # Shared by the channel: the server's language, not the starter's own.
            lang = await server_lang_of(interaction)
            presenter = DiscordPresenter(interaction, channel, self.scores, lang)
        game = TriviaGame(
            token=secrets.token_hex(8),
            guild_id=guild_id,
            channel_id=channel_id,
            starter_id=interaction.user.id,
            questions=questions,
            seconds=float(seconds),
            clock=self.clock,
            presenter=presenter,
            record_win=self.scores.record_win,
        )
        # Claimed before any await so two /trivia play at once cannot both start.
        if channel_id in self.games:
            raise UserError(ALREADY_RUNNING)
        self.games[channel_id] = game
        if console is not None:
            # A console game lives and dies with the terminal: nothing to register.
            await self._run(game, play_in_console(interaction, game, console))
            return
        try:
            started = await self.scores.start_game(
                game.token, guild_id, channel_id, interaction.user.id, self.boot, self.now()
            )
        except BaseException:
            del self.games[channel_id]
            raise
        if not started:
            del self.games[channel_id]
            raise UserError(ALREADY_RUNNING)
        self._spawn(self._run(game, game.run()))

    async def _run(self, game: TriviaGame, playing: Any) -> None:
        try:
            await playing
        except Exception:
            log.exception("trivia game %s failed", game.token)
        finally:
            if self.games.get(game.channel_id) is game:
                del self.games[game.channel_id]
            await self.scores.end_game(game.token)

    @app_commands.command(name="stop", description="End the trivia game in this channel")
    async def stop(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = guild_id_of(interaction)
        game = self.games.get(interaction.channel_id or 0)
        if game is None or game.guild_id != guild_id:
            raise UserError("No trivia game is running in this channel.")
        if interaction.user.id != game.starter_id and not is_moderator(
            interaction, await self.entries.settings(guild_id)
        ):
            raise PermissionDeniedError(
                "Only the member who started this game or a trivia moderator can stop it."
            )
        await game.stop(EndReason.STOPPED, by=interaction.user.id)
        lang = await lang_of(interaction)
        await reply(
            interaction,
            lang.gettext("Stopping the game: the answer is shown and the scores follow."),
            ephemeral=True,
        )

    @app_commands.command(name="leaderboard", description="This server's best trivia players")
    @app_commands.describe(period="This week (from Monday, UTC) or all time")
    @app_commands.choices(period=PERIOD_CHOICES)
    async def leaderboard(self, interaction: discord.Interaction[Any], period: str = "all") -> None:
        guild_id = guild_id_of(interaction)
        week = week_start(self.now()) if period == "week" else None
        rows = await self.scores.leaderboard(guild_id, week)
        await reply(interaction, embed=leaderboard_card(rows, week, await lang_of(interaction)))

    @app_commands.command(name="stats", description="A member's trivia points, wins and rank")
    @app_commands.describe(member="Whose stats (you, if left out)")
    async def stats(
        self, interaction: discord.Interaction[Any], member: discord.Member | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        user_id = member.id if member is not None else interaction.user.id
        stats = await self.scores.stats(guild_id, user_id, self.now())
        await reply(interaction, embed=stats_card(stats, await lang_of(interaction)))
