"""Which language a member gets, and how one message is looked up and filled."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.i18n import Messages, placeholders
from core.locales import SHIPPED, SOURCE, babel_name, resolve, supported
from render.i18n import ENGLISH, LANGUAGES, Languages, load_messages


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ko", "ko"),
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("ES-419", "es-419"),
        ("en-US", SOURCE),
        ("en-GB", SOURCE),
        ("de", None),
        ("pt", None),
        ("", None),
        (None, None),
        ("zh-CN", None),
    ],
)
def test_supported_maps_discord_tags(tag: str | None, expected: str | None) -> None:
    assert supported(tag) == expected


def test_the_member_comes_first_then_the_server_choice_then_discord_then_english() -> None:
    assert resolve(("ko", "fr", "ja")) == "ko"
    assert resolve(("de", "fr", "ja")) == "fr"
    assert resolve(("de", None, "ja")) == "ja"
    assert resolve(("de", None, "it")) == SOURCE
    # A member who chose English gets English, whatever the server prefers.
    assert resolve(("en-US", "ko", "ko")) == SOURCE


@given(st.text(max_size=10_000))
def test_any_text_resolves_to_a_supported_language(text: str) -> None:
    assert resolve((text, text)) in (SOURCE, *SHIPPED)


def test_babel_names_are_gettext_directories() -> None:
    assert babel_name("pt-BR") == "pt_BR"
    assert babel_name("zh-TW") == "zh_TW"
    assert babel_name("ko") == "ko"


def test_plural_forms_follow_the_catalog_rule() -> None:
    messages = Messages(
        "fr",
        plural={(None, "{n} week"): ("{n} semaine", "{n} de semaines", "{n} semaines")},
        plural_index=lambda n: 0 if n in (0, 1) else (1 if n % 1_000_000 == 0 else 2),
    )
    assert messages.plural_text(None, "{n} week", "{n} weeks", 0, {"n": 0}) == "0 semaine"
    assert messages.plural_text(None, "{n} week", "{n} weeks", 2, {"n": 2}) == "2 semaines"
    assert ENGLISH.ngettext("{n} week", "{n} weeks", 1, n=1) == "1 week"
    assert ENGLISH.ngettext("{n} week", "{n} weeks", 0, n=0) == "0 weeks"


def test_a_translation_with_a_wrong_placeholder_falls_back_to_english() -> None:
    messages = Messages("xx", singular={(None, "Hi {name}"): "Salut {nom}"})
    assert messages.text(None, "Hi {name}", {"name": "Ana"}) == "Hi Ana"


def test_placeholders_are_named() -> None:
    assert placeholders("“{value}” is {{not}} {code}") == {"value", "code"}


def test_fuzzy_and_empty_entries_show_english(tmp_path) -> None:
    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "hallyu.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "퍼지"\n\nmsgid "Empty"\nmsgstr ""\n\n'
        'msgid "Done"\nmsgstr "완료"\n',
        encoding="utf-8",
    )
    lang = Languages(tmp_path).get("ko")
    assert lang.gettext("Fuzzy") == "Fuzzy"
    assert lang.gettext("Empty") == "Empty"
    assert lang.gettext("Done") == "완료"
    assert load_messages("ja", tmp_path).singular == {}


def test_unknown_tags_get_english() -> None:
    assert LANGUAGES.get("de") is ENGLISH
    assert LANGUAGES.get(None) is ENGLISH
    assert LANGUAGES.get("ko").tag == "ko"


def test_every_shipped_language_loads() -> None:
    for tag in SHIPPED:
        lang = LANGUAGES.get(tag)
        assert lang.tag == tag
        assert lang.messages.singular, tag
        assert lang.weekday(dt.date(2025, 4, 27))


@given(st.text(max_size=300))
def test_any_text_passes_through_english_unharmed(text: str) -> None:
    """Braces, format specs or attribute lookups in a message never raise."""
    assert ENGLISH.gettext(text) in (text, text.replace("{{", "{").replace("}}", "}"))
    assert isinstance(ENGLISH.gettext(text, value="x"), str)
