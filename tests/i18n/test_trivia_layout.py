"""Trivia in every language: each card fits Discord's embed limits (with the longest text
moderators may write), each form its modal limits, each button its label limit; counts
read right in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import discord
import pytest

from cogs.trivia._confirm import ConfirmRemoval
from cogs.trivia._discord_game import AnswerView
from cogs.trivia._modal import AnswerModal, EntryModal
from core.locales import SOURCE, SUPPORTED
from core.trivia.answers import AnswerKey
from core.trivia.fields import MAX_ALIASES, MAX_ANSWER, MAX_QUESTION
from core.trivia.game import (
    EndReason,
    GameResult,
    Question,
    Round,
    RoundEnd,
    Score,
    TriviaGame,
    Verdict,
    Win,
)
from db.trivia import TriviaEntry
from db.trivia_scores import BoardRow, MemberStats
from render.i18n import LANGUAGES, Lang
from render.limits import CONTENT
from render.trivia import (
    EntryHeading,
    answer_button,
    bundled_reply,
    console_removal_prompt,
    entries_page,
    entry_card,
    export_reply,
    import_reply,
    removal_kept,
    removal_question,
)
from render.trivia_play import (
    answer_hint,
    console_hint,
    game_over_card,
    leaderboard_card,
    question_card,
    restart_notice,
    result_card,
    stats_card,
    verdict_text,
)
from tests.i18n.test_layout import assert_fits

# Discord's limits for forms and buttons.
MODAL_TITLE = 45
INPUT_LABEL = 45
INPUT_PLACEHOLDER = 100
BUTTON_LABEL = 80

START = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
LONG_TITLE = "Extraordinary Attorney Woo: The Very Long Director's Cut Edition " * 3
# The longest entry a moderator can write: every field at its limit.
LONGEST = TriviaEntry(
    id=1,
    guild_id=5,
    number=4999,
    question="Q" * MAX_QUESTION,
    answer="A" * MAX_ANSWER,
    aliases=tuple(f"{n:02d}" + "b" * (MAX_ANSWER - 2) for n in range(MAX_ALIASES)),
    difficulty="hard",
    show_id=9,
    show_title=LONG_TITLE,
    created_by=123456789012345678,
    created_at=START,
    updated_by=876543210987654321,
    updated_at=START + dt.timedelta(days=3),
)
TYPICAL = TriviaEntry(
    id=2,
    guild_id=5,
    number=12,
    question="Which actor plays Yeon Si-eun in Weak Hero Class 1?",
    answer="Park Ji-hoon",
    aliases=("박지훈",),
    difficulty="medium",
    show_id=9,
    show_title="Weak Hero",
    created_by=1,
    created_at=START,
    updated_by=1,
    updated_at=START,
)


def a_round(entry: TriviaEntry, number: int = 20) -> Round:
    question = Question(
        entry.id,
        entry.question,
        entry.answer,
        entry.aliases,
        entry.difficulty,
        entry.show_title,
    )
    return Round(number, question, AnswerKey(entry.answer), START, START + dt.timedelta(seconds=30))


@pytest.mark.parametrize("tag", SUPPORTED)
def test_curating_cards_fit_with_the_longest_entries(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    for entry in (LONGEST, TYPICAL):
        for heading in EntryHeading:
            card = entry_card(entry, heading, lang)
            assert_fits(card)
            assert str(entry.number) in (card.title or "")
        for bundled_enabled in (True, False):
            page = entries_page([entry] * 10, 500, 4999, 1234, bundled_enabled, lang, LONG_TITLE)
            assert_fits(page)
    page = entries_page([TYPICAL] * 10, 1, 10, 30, True, lang, "Weak Hero")
    # Realistic entries: all ten show, nothing is cut.
    assert (page.description or "").count("**#12**") == 10
    assert not (page.description or "").endswith("…")
    for count in (0, 1, 2, 5, 1_000_000):
        for text in (
            removal_question(count, 60.0, lang),
            removal_kept(count, timed_out=True, lang=lang),
            console_removal_prompt(count, lang),
            export_reply(count, lang),
            import_reply(count, count, lang),
            bundled_reply(count, count % 2 == 0, lang),
        ):
            assert 0 < len(text) <= CONTENT and "{" not in text


@pytest.mark.parametrize("tag", SUPPORTED)
def test_game_cards_fit_with_the_longest_entries(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    for entry in (LONGEST, TYPICAL):
        current = a_round(entry)
        assert_fits(question_card(current, 20, lang))
        assert_fits(question_card(current, 20, lang, hint=console_hint(lang)))
        for ending in RoundEnd:
            current.ended = ending
            assert_fits(result_card(current, 20, lang))
        current.winner = Win("t", 5, 876543210987654321, "x", 20, 1, 3, 29_987, START)
        assert_fits(result_card(current, 20, lang))
    scores = tuple(Score(10**17 + n, "m", 60 - n, 20 - n) for n in range(20))
    for reason in EndReason:
        assert_fits(game_over_card(GameResult(reason, 20, scores, 10**17), 20, lang))
        assert_fits(game_over_card(GameResult(reason, 0, ()), 1, lang))
    rows = [BoardRow(n, 10**17 + n, 99_999 - n, 9_999) for n in range(1, 11)]
    for week in (None, dt.date(2026, 3, 2)):
        assert_fits(leaderboard_card(rows, week, lang))
        assert_fits(leaderboard_card([], week, lang))
    assert_fits(stats_card(MemberStats(10**17, 99_999, 9_999, 1, 5_000, 1_234, 5_000), lang))
    assert_fits(stats_card(MemberStats(10**17, 0, 0, None, 0, None, 0), lang))
    for verdict in Verdict:
        for points in (None, 1, 3):
            assert 0 < len(verdict_text(verdict, points, lang)) <= CONTENT
    assert len(restart_notice(lang)) <= CONTENT


@pytest.mark.parametrize("tag", SUPPORTED)
async def test_forms_and_buttons_fit_discords_limits(tag: str) -> None:
    lang = LANGUAGES.get(tag)

    async def nothing(*_: Any) -> None:
        return None

    modals: list[discord.ui.Modal] = [
        EntryModal(LONGEST, nothing, lang),
        AnswerModal(20, nothing, lang),
    ]
    for modal in modals:
        form = modal.to_dict()
        assert 1 <= len(form["title"]) <= MODAL_TITLE, form["title"]
        for row in form["components"]:
            for field in row["components"]:
                assert 1 <= len(field["label"]) <= INPUT_LABEL, field["label"]
                assert len(field.get("placeholder") or "") <= INPUT_PLACEHOLDER
                # The difficulty is filled in as the member's word for it: it must fit.
                assert len(field.get("value") or "") <= field.get("max_length", 4000)
    game = TriviaGame(
        token="t",
        guild_id=5,
        channel_id=6,
        starter_id=7,
        questions=[a_round(TYPICAL).question],
        seconds=30.0,
        # Never run: only its button is drawn.
        clock=cast(Any, None),
        presenter=cast(Any, None),
        record_win=cast(Any, nothing),
    )
    asked: Any = type("Asked", (), {"user": type("User", (), {"id": 7})()})()
    views: list[discord.ui.View] = [
        AnswerView(game, a_round(TYPICAL), lang),
        ConfirmRemoval(asked, TYPICAL, cast(Any, nothing), lang),
    ]
    for view in views:
        for item in view.children:
            assert isinstance(item, discord.ui.Button)
            assert item.label and 1 <= len(item.label) <= BUTTON_LABEL
    # The hint names the button by the label it shows.
    assert answer_button(lang) in answer_hint(lang)


def test_english_counts_agree_with_their_number() -> None:
    lang = LANGUAGES.get(SOURCE)
    assert import_reply(1, 1, lang) == "Imported 1 entry.\n1 was already here and was skipped."
    assert import_reply(2, 0, lang) == "Imported 2 entries."
    assert export_reply(1, lang).startswith("1 entry. ")
    assert bundled_reply(1, True, lang) == "Games here use the 1 bundled question."
    assert verdict_text(Verdict.CORRECT, 1, lang) == "Correct! +1 point."
    assert verdict_text(Verdict.CORRECT, 3, lang) == "Correct! +3 points."
    about = {f.name: f.value for f in question_card(a_round(TYPICAL, 1), 1, lang).fields}
    assert about["About"] == "Weak Hero · medium · 2 points"
    assert "1,234" in (entries_page([], 1, 0, 1234, True, lang).footer.text or "")


@pytest.mark.parametrize("tag", [tag for tag in SUPPORTED if tag != SOURCE])
def test_every_trivia_card_reads_in_the_language(tag: str) -> None:
    lang = LANGUAGES.get(tag)
    english = LANGUAGES.get(SOURCE)
    current = a_round(TYPICAL, 1)
    makers: list[Callable[[Lang], str | None]] = [
        lambda lang: question_card(current, 5, lang).title,
        lambda lang: entry_card(TYPICAL, EntryHeading.ADDED, lang).title,
        lambda lang: leaderboard_card([], None, lang).title,
        lambda lang: stats_card(MemberStats(1, 1, 1, 1, 1, 1, 1), lang).title,
        lambda lang: game_over_card(GameResult(EndReason.FINISHED, 1, ()), 1, lang).title,
        lambda lang: verdict_text(Verdict.WRONG, None, lang),
        lambda lang: restart_notice(lang),
    ]
    for make in makers:
        assert make(lang) != make(english), (tag, make(lang))
