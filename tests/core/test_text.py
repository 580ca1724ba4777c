from hypothesis import given
from hypothesis import strategies as st

from core.text import agree, clip, normalize, plural, words


def test_normalize_folds_case_punctuation_spacing_and_width() -> None:
    assert normalize("Weak Hero: Class 2") == "weakheroclass2"
    assert normalize("weakhero") == normalize("WEAK  HERO") == "weakhero"
    assert normalize("Ｗｅａｋ Ｈｅｒｏ") == "weakhero"
    assert normalize("Café") == "cafe"


def test_normalize_keeps_hangul_syllables() -> None:
    assert normalize("약한 영웅") == "약한영웅"
    assert normalize("약한영웅 Class 1") == "약한영웅class1"


def test_normalize_drops_emoji_and_markdown() -> None:
    assert normalize("**Weak** _Hero_ 🔥") == "weakhero"
    assert normalize("@everyone") == "everyone"
    assert normalize("'; DROP TABLE shows;--") == "droptableshows"


def test_words_split_titles() -> None:
    assert words("Weak Class-Hero!") == ["weak", "class", "hero"]


def test_clip_prefers_word_boundary() -> None:
    assert clip("short", 10) == "short"
    assert clip("one two three four", 15) == "one two three…"
    assert len(clip("x" * 50, 10)) == 10


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert " " not in once


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_clip_never_exceeds_limit(text: str, limit: int) -> None:
    assert len(clip(text, limit)) <= limit


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fast_path_agrees_with_the_general_rules(text: str) -> None:
    import unicodedata

    general = "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())
    assert normalize(text) == general


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural(0, "week") == "0 weeks"
    assert plural(1, "week") == "1 week"
    assert plural(1, "person", "people") == "1 person"
    assert plural(-1, "point") == "-1 points"
    assert plural(10560, "row") == "10,560 rows"
    assert agree(1, "was", "were") == "was" and agree(3, "was", "were") == "were"


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_plural_uses_the_singular_only_for_one(count: int) -> None:
    assert plural(count, "alias", "aliases").endswith(" alias" if count == 1 else " aliases")
