"""Errors raised below the cogs keep their English source and values (core.i18n.Text) and are
translated only when read, in the reader's language: by the error handler for members."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
from discord import app_commands

from cogs.errors import user_message
from core.errors import NotFoundError, UserError
from core.i18n import deferred, deferred_plural
from core.trivia.files import ImportFileError
from render.i18n import ENGLISH, LANGUAGES, Languages

KOREAN_RULE = "nplurals=1; plural=0;"
# pt-BR's CLDR rule: 0 and 1 are "one", exact millions "many", the rest "other".
PORTUGUESE_RULE = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"

NO_MATCH = "No show matches “{query}”."
IN_LIST = "{title} is in {list}."
LIST = "the Top 10 of {week}"
SKIPPED = ("{count} entry was skipped.", "{count} entries were skipped.")
WRONG_NAME = "{title} has {count} episodes."


def _entry(msgid: str, msgstr: str) -> str:
    return f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'


def _plural(forms: tuple[str, ...]) -> str:
    strings = "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    return f'msgid "{SKIPPED[0]}"\nmsgid_plural "{SKIPPED[1]}"\n{strings}\n'


def _write(root: Path, folder: str, language: str, rule: str, body: str) -> None:
    path = root / folder / "LC_MESSAGES" / "hallyu.po"
    path.parent.mkdir(parents=True)
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {rule}\\n"\n\n'
    path.write_text(header + body, encoding="utf-8")


@pytest.fixture
def languages(tmp_path: Path) -> Languages:
    _write(
        tmp_path,
        "ko",
        "ko",
        KOREAN_RULE,
        _entry(NO_MATCH, "“{query}”와 일치하는 작품이 없어요.")
        + _entry(IN_LIST, "{title}: {list}에 들었어요.")
        + _entry(LIST, "{week} TOP 10")
        # A translator's typo: the code passes {title}, not {titre}.
        + _entry(WRONG_NAME, "{titre}은 {count}부작이에요.")
        + _plural(("{count}개 항목을 건너뛰었어요.",)),
    )
    _write(
        tmp_path,
        "pt_BR",
        "pt_BR",
        PORTUGUESE_RULE,
        _entry(NO_MATCH, "Nenhum título corresponde a “{query}”.")
        + _entry(IN_LIST, "{title} está n{list}.")
        + _entry(LIST, "o Top 10 de {week}")
        + _plural(
            (
                "{count} pergunta foi pulada.",
                "{count} de perguntas foram puladas.",
                "{count} perguntas foram puladas.",
            )
        ),
    )
    return Languages(tmp_path)


def test_a_user_error_with_values_reads_in_korean_and_portuguese(languages: Languages) -> None:
    error = NotFoundError(NO_MATCH, query="Moonlit Court")
    assert error.render(languages.get("ko")) == "“Moonlit Court”와 일치하는 작품이 없어요."
    assert error.render(languages.get("pt-BR")) == "Nenhum título corresponde a “Moonlit Court”."
    # Logs, tests and the English console keep reading the source.
    assert error.message == str(error) == "No show matches “Moonlit Court”."
    assert error.render(languages.get("de")) == error.message


def test_a_members_braces_in_a_value_are_shown_as_typed(languages: Languages) -> None:
    error = UserError(NO_MATCH, query="{title} {0} {{x}}")
    assert error.render(languages.get("ko")) == "“{title} {0} {{x}}”와 일치하는 작품이 없어요."


def test_a_sentence_placed_in_another_is_translated_with_it(languages: Languages) -> None:
    error = UserError(IN_LIST, title="Moonlit Court", list=deferred(LIST, week="2025-04-27"))
    assert error.render(languages.get("ko")) == "Moonlit Court: 2025-04-27 TOP 10에 들었어요."
    assert error.render(languages.get("pt-BR")) == "Moonlit Court está no Top 10 de 2025-04-27."
    assert error.message == "Moonlit Court is in the Top 10 of 2025-04-27."


@pytest.mark.parametrize(
    ("count", "portuguese"),
    [
        # 0 is singular in Portuguese (CLDR "one"), plural in English.
        (0, "0 pergunta foi pulada."),
        (1, "1 pergunta foi pulada."),
        (2, "2 perguntas foram puladas."),
        (1_000_000, "1000000 de perguntas foram puladas."),
    ],
)
def test_a_deferred_plural_picks_the_languages_cldr_form(
    languages: Languages, count: int, portuguese: str
) -> None:
    error = UserError(deferred_plural(*SKIPPED, count, count=count))
    assert error.render(languages.get("pt-BR")) == portuguese
    assert error.render(languages.get("ko")) == f"{count}개 항목을 건너뛰었어요."
    english = "1 entry was skipped." if count == 1 else f"{count} entries were skipped."
    assert error.message == english


def test_a_translation_naming_an_unknown_placeholder_falls_back_to_english(
    languages: Languages,
) -> None:
    error = UserError(WRONG_NAME, title="Moonlit Court", count=16)
    assert error.render(languages.get("ko")) == "Moonlit Court has 16 episodes."


def test_the_error_handler_answers_in_the_readers_language(languages: Languages) -> None:
    @app_commands.command(name="show", description="Look up a K-drama")
    async def show(interaction: discord.Interaction) -> None: ...

    error = NotFoundError(NO_MATCH, query="Moonlit Court")
    korean = "“Moonlit Court”와 일치하는 작품이 없어요."
    assert user_message(error, languages.get("ko")) == korean
    # What a command raises reaches the handler wrapped by discord.py.
    assert user_message(app_commands.CommandInvokeError(show, error), languages.get("ko")) == korean
    assert user_message(error) == "No show matches “Moonlit Court”."
    assert user_message(error, ENGLISH) == "No show matches “Moonlit Court”."


def test_an_import_error_reads_whole_in_the_shipped_catalogs() -> None:
    """The line, the reason and "nothing was imported" are one translated sentence, the
    reason itself translated too, whether it is a file's fault or a lookup's."""
    error = ImportFileError("The CSV file is empty.", line=3)
    assert error.message == "Line 3: The CSV file is empty. Nothing was imported."
    assert error.render(LANGUAGES.get("ko")) == (
        "3번째 줄: CSV 파일이 비어 있어요. 아무것도 가져오지 않았어요."
    )
    assert error.render(LANGUAGES.get("pt-BR")) == (
        "Linha 3: O arquivo CSV está vazio. Nada foi importado."
    )
    lookup = NotFoundError("That show is no longer in the catalog; search for it again.")
    wrapped = ImportFileError(lookup.text)
    assert user_message(wrapped, LANGUAGES.get("fr")) == (
        "Ce titre n'est plus dans le catalogue ; recherchez-le à nouveau. Rien n'a été importé."
    )
    assert wrapped.reason == lookup.message
