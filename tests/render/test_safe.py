"""`safe()` skips the escaping regexes for plain text, and only for plain text."""

from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from render.shows import safe


def reference(text: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


# Weighted towards the characters markdown and mentions care about, and line starts.
MARKUP = st.text(alphabet="ab 1\n_\\~|*`>[]()#-@:/.<héllo약한영웅🔥everyone", max_size=60)


@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_safe_is_exactly_discords_escaping(text: str) -> None:
    assert safe(text) == reference(text)


def test_plain_text_comes_back_as_it_is() -> None:
    text = "Weak Hero Class 2 (약한영웅) · Park Ji-hoon"[:16]
    assert safe(text) is text


def test_markdown_links_and_mentions_are_escaped() -> None:
    assert safe("@everyone **bold** [x](https://e.org) # h") == reference(
        "@everyone **bold** [x](https://e.org) # h"
    )
    assert safe("@everyone") != "@everyone"
