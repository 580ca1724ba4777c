from db.catalog import CatalogRepository
from db.connection import Database
from render.show_card import show_card
from render.show_sections import notes_lines, sources_lines
from render.shows import actor_card, cast_pages, safe
from render.text import embed_to_text


async def weak_hero(db: Database):
    repo = CatalogRepository(db)
    show_id = await db.fetchval("SELECT id FROM shows WHERE slug = 'weak-hero'")
    details = await repo.show(show_id)
    assert details is not None
    return details


async def test_show_card_is_compact_and_sends_the_rest_to_sections(db: Database) -> None:
    details = await weak_hero(db)
    embed = show_card(details)
    assert embed.title == "Weak Hero (약한영웅)"
    description = embed.description or ""
    assert description.split("\n")[0] == (
        "Drama · 🇰🇷 KR · 2 seasons · Wavve, Netflix · 2022 · 8.5/10 (IMDb, Class 1)"
    )
    assert "Based on: Naver webtoon" in description
    fields = {f.name: f.value or "" for f in embed.fields}
    assert "Wavve 18 Nov 2022 · Netflix 26 Mar 2025" in fields["Seasons"]
    assert "Park Ji-hoon as **Yeon Si-eun**" in fields["Cast"]
    assert set(fields) == {"Seasons", "Cast"}  # no Notes, Sources or Ratings on the card
    assert "more" not in embed_to_text(embed)
    notes = "\n".join(notes_lines(details))
    assert "Weak Class Hero" in notes and "Rotten Tomatoes audience score: **95%**" in notes
    assert all(f"• {fact.text}" in notes for fact in details.facts if "*" not in fact.text)
    assert len(sources_lines(details)) == len(details.sources)


async def test_chart_lines_appear_on_the_card(db: Database) -> None:
    embed = show_card(await weak_hero(db), ["Best global rank: No. 1"])
    assert any(f.name == "Netflix Top 10" and "No. 1" in (f.value or "") for f in embed.fields)


async def test_console_text_matches_the_embed(db: Database) -> None:
    text = embed_to_text(show_card(await weak_hero(db)))
    assert "Weak Hero (약한영웅)" in text
    assert "Park Ji-hoon as Yeon Si-eun" in text
    assert "**" not in text


async def test_cast_pages_group_by_season(db: Database) -> None:
    pages = cast_pages(await weak_hero(db))
    joined = "\n".join(page.description or "" for page in pages)
    assert "__Weak Hero Class 1__" in joined and "__Weak Hero Class 2__" in joined
    assert all(len(page.description or "") <= 4096 for page in pages)
    only_two = cast_pages(await weak_hero(db), season=2)
    assert "Choi Hyun-wook" not in "".join(p.description or "" for p in only_two)


async def test_actor_card_lists_roles(db: Database) -> None:
    repo = CatalogRepository(db)
    person = (await repo.find_people("park ji-hoon"))[0]
    details = await repo.person(person.id)
    assert details is not None
    embed = actor_card(details)
    assert embed.title == "Park Ji-hoon (박지훈)"
    assert "Yeon Si-eun" in (embed.fields[0].value or "")
    assert "Wanna One" in (embed.description or "")


def test_safe_escapes_markdown_and_mentions() -> None:
    escaped = safe("**bold** @everyone <@123>")
    assert "\\*\\*" in escaped
    assert "@everyone" not in escaped
