import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from render import limits
from render.limits import clip_lines, fit_embed

long_text = st.text(min_size=0, max_size=7000)


def within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= limits.TITLE
    assert len(embed.description or "") <= limits.DESCRIPTION
    assert len(embed.fields) <= limits.FIELDS
    for field in embed.fields:
        assert 0 < len(field.name or "") <= limits.FIELD_NAME
        assert 0 < len(field.value or "") <= limits.FIELD_VALUE
    assert len(embed.footer.text or "") <= limits.FOOTER
    assert len(embed.author.name or "") <= limits.AUTHOR
    assert len(embed) <= limits.TOTAL


@settings(max_examples=60, deadline=None)
@given(
    title=long_text,
    description=long_text,
    fields=st.lists(st.tuples(long_text, long_text), max_size=40),
    footer=long_text,
)
def test_fit_embed_always_respects_discord_limits(
    title: str, description: str, fields: list[tuple[str, str]], footer: str
) -> None:
    embed = discord.Embed(title=title or None, description=description or None)
    for name, value in fields:
        embed.add_field(name=name, value=value)
    embed.set_footer(text=footer or None)
    embed.set_author(name=title or "a")
    within_limits(fit_embed(embed))


def test_fit_embed_keeps_small_embeds_unchanged() -> None:
    embed = discord.Embed(title="Weak Hero", description="A drama")
    embed.add_field(name="Cast", value="Park Ji-hoon")
    before = embed.to_dict()
    assert fit_embed(embed).to_dict() == before


def test_clip_lines_keeps_whole_lines_and_counts_the_rest() -> None:
    text = "\n".join(f"line {n:03}" for n in range(200))
    clipped = clip_lines(text, 100)
    assert len(clipped) <= 100
    assert clipped.endswith("more")
    assert all(line.startswith("line") for line in clipped.split("\n")[:-1])


@given(st.text(max_size=3000), st.integers(min_value=20, max_value=1024))
def test_clip_lines_never_exceeds(text: str, limit: int) -> None:
    assert len(clip_lines(text, limit)) <= limit
