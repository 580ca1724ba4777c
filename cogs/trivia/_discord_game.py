"""A game shown on Discord: question cards with an Answer button that opens a form.

The cards are for everyone in the channel and speak the server's language; the form and
the verdict are for the one member who answers and speak theirs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from cogs.errors import handle_error
from cogs.locale import lang_of
from cogs.replies import NO_MENTIONS
from cogs.trivia._modal import AnswerModal
from core.trivia.game import GameResult, Round, TriviaGame, Verdict
from render.i18n import Lang
from render.trivia import answer_button
from render.trivia_play import game_over_card, question_card, result_card, verdict_text

if TYPE_CHECKING:
    from db.trivia_scores import ScoreRepository

log = logging.getLogger(__name__)
Message = discord.Message | discord.InteractionMessage | discord.WebhookMessage


def won_points(game: TriviaGame) -> int | None:
    """The points of the round just won (None if the round is already gone)."""
    if game.round is not None and game.round.winner is not None:
        return game.round.winner.points
    return None


async def submit_answer(game: TriviaGame, interaction: discord.Interaction[Any], text: str) -> None:
    verdict = await game.submit(interaction.user.id, interaction.user.display_name, text)
    message = verdict_text(verdict, won_points(game), await lang_of(interaction))
    await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)


class AnswerView(discord.ui.View):
    """One button per question; pressing it opens the answer form while the round is open."""

    def __init__(self, game: TriviaGame, round: Round, lang: Lang) -> None:
        super().__init__(timeout=None)
        self.game = game
        self.round = round
        self.answer.custom_id = f"trivia:{game.token}:{round.number}"
        self.answer.label = answer_button(lang)

    @discord.ui.button(label="Answer", style=discord.ButtonStyle.primary, emoji="✍️")
    async def answer(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]
    ) -> None:
        lang = await lang_of(interaction)
        if self.round.closed or self.game.round is not self.round:
            await interaction.response.send_message(
                verdict_text(Verdict.LATE, None, lang), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return

        async def submitted(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await submit_answer(self.game, modal_interaction, text)

        await interaction.response.send_modal(AnswerModal(self.round.number, submitted, lang))

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await handle_error(interaction, error)


class DiscordPresenter:
    """Posts each question (the first as the reply to /trivia play), edits it with the result."""

    def __init__(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.abc.Messageable,
        scores: ScoreRepository,
        lang: Lang,
    ) -> None:
        self.interaction = interaction
        self.channel = channel
        self.scores = scores
        # The server's language: every card is read by the whole channel.
        self.lang = lang
        self.message: Message | None = None
        self.view: AnswerView | None = None

    async def question(self, game: TriviaGame, round: Round) -> None:
        self.view = AnswerView(game, round, self.lang)
        embed = question_card(round, game.total_rounds, self.lang)
        if not self.interaction.response.is_done():
            await self.interaction.response.send_message(
                embed=embed, view=self.view, allowed_mentions=NO_MENTIONS
            )
            self.message = await self.interaction.original_response()
        else:
            try:
                self.message = await self.channel.send(
                    embed=embed, view=self.view, allowed_mentions=NO_MENTIONS
                )
            except discord.Forbidden:
                # No right to post here: a follow-up to /trivia play still works (15 min).
                self.message = await self.interaction.followup.send(
                    embed=embed, view=self.view, allowed_mentions=NO_MENTIONS, wait=True
                )
        await self.scores.set_message(game.token, self.message.id)

    async def reveal(self, game: TriviaGame, round: Round) -> None:
        if self.view is not None:
            self.view.stop()
        if self.message is None:
            return
        embed = result_card(round, game.total_rounds, self.lang)
        try:
            await self.message.edit(embed=embed, view=None, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            # Deleted by a moderator, say: the game goes on with the next question.
            log.info("could not show the answer of trivia round %d", round.number, exc_info=True)

    async def finished(self, game: TriviaGame, result: GameResult) -> None:
        embed = game_over_card(result, game.total_rounds, self.lang)
        try:
            await self.channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
        except discord.Forbidden:
            await self.interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)
