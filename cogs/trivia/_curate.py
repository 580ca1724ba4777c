"""Curating commands: add, edit, remove, list, export, import, bundled, role set|clear."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from cogs.locale import lang_of
from cogs.replies import reply
from cogs.trivia._access import ensure_admin, ensure_moderator, guild_id_of
from cogs.trivia._base import TriviaBase
from cogs.trivia._confirm import CONFIRM_SECONDS, ConfirmRemoval, Remove
from cogs.trivia._modal import EntryModal
from core.errors import UserError
from core.trivia.fields import MAX_ANSWER, MAX_QUESTION, EntryDraft, draft, split_aliases
from core.trivia.files import (
    MAX_IMPORT_BYTES,
    ExportRow,
    ImportFileError,
    export_csv,
    export_json,
    parse_file,
    too_large,
)
from db.trivia import BUNDLED, TriviaEntry
from render.i18n import Lang
from render.trivia import (
    PER_PAGE,
    EntryHeading,
    bundled_reply,
    console_removal_prompt,
    console_yes,
    entries_page,
    entry_card,
    export_reply,
    import_reply,
    removal_kept,
    removal_question,
)

DIFFICULTY_CHOICES = [
    app_commands.Choice(name=name.title(), value=name) for name in ("easy", "medium", "hard")
]
CLEAR = "-"  # typed in edit's aliases or show option: remove them
FORMAT_CHOICES = [
    app_commands.Choice(name="JSON", value="json"),
    app_commands.Choice(name="CSV", value="csv"),
]


class CurateCommands(TriviaBase):
    role = app_commands.Group(name="role", description="The role whose members curate trivia")

    async def _moderator(self, interaction: discord.Interaction[Any]) -> int:
        guild_id = guild_id_of(interaction)
        ensure_moderator(interaction, await self.entries.settings(guild_id))
        return guild_id

    @app_commands.command(name="add", description="Add a trivia question to this server")
    @app_commands.describe(
        question="The question (up to 500 characters)",
        answer="The answer (up to 100 characters)",
        aliases="Other accepted answers, separated by ; (up to 10)",
        show="The show it is about",
        difficulty="How hard it is (easy 1 point, medium 2, hard 3)",
    )
    @app_commands.choices(difficulty=DIFFICULTY_CHOICES)
    @app_commands.autocomplete(show=TriviaBase.show_choices)
    async def add(
        self,
        interaction: discord.Interaction[Any],
        question: app_commands.Range[str, 1, MAX_QUESTION],
        answer: app_commands.Range[str, 1, MAX_ANSWER],
        aliases: str | None = None,
        show: str | None = None,
        difficulty: str | None = None,
    ) -> None:
        guild_id = await self._moderator(interaction)
        picked = await self.resolve_show(show)
        clean = draft(
            question, answer, split_aliases(aliases), difficulty, picked[0] if picked else None
        )
        entry = await self.entries.add(guild_id, clean, interaction.user.id, self.now())
        card = entry_card(entry, EntryHeading.ADDED, await lang_of(interaction))
        await reply(interaction, embed=card, ephemeral=True)

    @app_commands.command(name="edit", description="Change one of this server's trivia entries")
    @app_commands.describe(
        id="The entry's number (see /trivia list)",
        question="New question",
        answer="New answer",
        aliases="New aliases, separated by ; (replaces the old ones; “-” clears them)",
        show="New show (“-” clears it)",
        difficulty="New difficulty",
    )
    @app_commands.choices(difficulty=DIFFICULTY_CHOICES)
    @app_commands.autocomplete(show=TriviaBase.show_choices)
    async def edit(
        self,
        interaction: discord.Interaction[Any],
        id: app_commands.Range[int, 1],
        question: app_commands.Range[str, 1, MAX_QUESTION] | None = None,
        answer: app_commands.Range[str, 1, MAX_ANSWER] | None = None,
        aliases: str | None = None,
        show: str | None = None,
        difficulty: str | None = None,
    ) -> None:
        guild_id = await self._moderator(interaction)
        entry = await self.entries.get(guild_id, id)
        if all(v is None for v in (question, answer, aliases, show, difficulty)):
            # Nothing given: a form filled with the current text, easier for long questions.
            modal = EntryModal(
                entry,
                lambda i, d: self._save_edit(i, guild_id, entry, d),
                await lang_of(interaction),
            )
            await interaction.response.send_modal(modal)
            return
        show_id = entry.show_id
        if show is not None:
            picked = None if show.strip() == CLEAR else await self.resolve_show(show)
            show_id = picked[0] if picked else None
        new_aliases = entry.aliases
        if aliases is not None:
            new_aliases = () if aliases.strip() == CLEAR else tuple(split_aliases(aliases))
        clean = draft(
            question if question is not None else entry.question,
            answer if answer is not None else entry.answer,
            new_aliases,
            difficulty or entry.difficulty,
            show_id,
        )
        await self._save_edit(interaction, guild_id, entry, clean)

    async def _save_edit(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        entry: TriviaEntry,
        clean: EntryDraft,
    ) -> None:
        # The member may have lost the right while the form was open.
        ensure_moderator(interaction, await self.entries.settings(guild_id))
        updated = await self.entries.update(
            guild_id, entry.number, clean, interaction.user.id, self.now()
        )
        card = entry_card(updated, EntryHeading.CHANGED, await lang_of(interaction))
        await reply(interaction, embed=card, ephemeral=True)

    @app_commands.command(name="remove", description="Delete one of this server's trivia entries")
    @app_commands.describe(id="The entry's number (see /trivia list)")
    async def remove(
        self,
        interaction: discord.Interaction[Any],
        id: app_commands.Range[int, 1],
    ) -> None:
        guild_id = await self._moderator(interaction)
        entry = await self.entries.get(guild_id, id)

        async def remove(confirmed: discord.Interaction[Any]) -> TriviaEntry:
            # The member may have lost the right while the question was open.
            ensure_moderator(confirmed, await self.entries.settings(guild_id))
            return await self.entries.remove(guild_id, entry.number, entry)

        lang = await lang_of(interaction)
        if getattr(interaction, "is_console", False):
            await self._remove_in_console(interaction, entry, remove, lang)
            return
        view = ConfirmRemoval(interaction, entry, remove, lang)
        await reply(
            interaction,
            removal_question(entry.number, CONFIRM_SECONDS, lang),
            embed=entry_card(entry, EntryHeading.SHOWN, lang),
            view=view,
            ephemeral=True,
        )

    async def _remove_in_console(
        self, interaction: Any, entry: TriviaEntry, remove: Remove, lang: Lang
    ) -> None:
        """A terminal has no buttons: the operator types `yes` (or its word in the
        console's language) to confirm."""
        await reply(interaction, embed=entry_card(entry, EntryHeading.SHOWN, lang))
        answer = await interaction.ask(console_removal_prompt(entry.number, lang))
        typed = (answer or "").strip().casefold()
        if typed not in ("yes", "y", console_yes(lang).casefold()):
            await reply(interaction, removal_kept(entry.number, timed_out=False, lang=lang))
            return
        removed = await remove(interaction)
        await reply(interaction, embed=entry_card(removed, EntryHeading.REMOVED, lang))

    @app_commands.command(name="list", description="This server's trivia entries, answers hidden")
    @app_commands.describe(show="Only entries about this show", page="Page number")
    @app_commands.autocomplete(show=TriviaBase.show_choices)
    async def list_(
        self,
        interaction: discord.Interaction[Any],
        show: str | None = None,
        page: app_commands.Range[int, 1, 1000] = 1,
    ) -> None:
        guild_id = await self._moderator(interaction)
        picked = await self.resolve_show(show)
        show_id = picked[0] if picked else None
        total = await self.entries.count(guild_id, show_id)
        entries = await self.entries.page(guild_id, show_id, page, PER_PAGE)
        settings = await self.entries.settings(guild_id)
        embed = entries_page(
            entries,
            page,
            total,
            await self.entries.count(BUNDLED, show_id),
            settings.bundled_enabled,
            await lang_of(interaction),
            picked[1] if picked else None,
        )
        await reply(interaction, embed=embed, ephemeral=True)

    @app_commands.command(name="export", description="Download this server's trivia as a file")
    @app_commands.describe(format="JSON (default) or CSV")
    @app_commands.choices(format=FORMAT_CHOICES)
    async def export(
        self,
        interaction: discord.Interaction[Any],
        format: str = "json",
    ) -> None:
        guild_id = await self._moderator(interaction)
        rows = [
            ExportRow(e.question, e.answer, e.aliases, e.difficulty, e.show_title)
            for e in await self.entries.all(guild_id)
        ]
        if not rows:
            raise UserError("This server has no trivia entries to export yet.")
        data = export_csv(rows) if format == "csv" else export_json(rows)
        name = f"trivia-{guild_id}.{'csv' if format == 'csv' else 'json'}"
        await reply(
            interaction,
            export_reply(len(rows), await lang_of(interaction)),
            file=discord.File(io.BytesIO(data), filename=name),
            ephemeral=True,
        )

    @app_commands.command(name="import", description="Add entries from a JSON or CSV file")
    @app_commands.describe(file="A file made by /trivia export (JSON or CSV)")
    async def import_(
        self, interaction: discord.Interaction[Any], file: discord.Attachment
    ) -> None:
        guild_id = await self._moderator(interaction)
        if file.size > MAX_IMPORT_BYTES:
            raise too_large()
        parsed = parse_file(await file.read(), file.filename)
        drafts: list[EntryDraft] = []
        for item in parsed:
            try:
                picked = await self.resolve_show(item.show)
            except UserError as exc:
                raise ImportFileError(exc.text, item.line) from None
            show_id = picked[0] if picked else None
            drafts.append(replace(item.draft, show_id=show_id))
        result = await self.entries.import_many(guild_id, drafts, interaction.user.id, self.now())
        text = import_reply(result.added, result.skipped, await lang_of(interaction))
        await reply(interaction, text, ephemeral=True)

    @app_commands.command(name="bundled", description="Switch the bundled questions on or off")
    @app_commands.describe(enabled="Whether games here also use Hallyu's bundled questions")
    async def bundled(self, interaction: discord.Interaction[Any], enabled: bool) -> None:
        guild_id = await self._moderator(interaction)
        await self.entries.set_bundled(guild_id, enabled)
        count = await self.entries.count(BUNDLED)
        await reply(interaction, bundled_reply(count, enabled, await lang_of(interaction)))

    @role.command(name="set", description="Members with this role may curate trivia")
    @app_commands.describe(role="The trivia curators' role")
    async def role_set(self, interaction: discord.Interaction[Any], role: discord.Role) -> None:
        guild_id = guild_id_of(interaction)
        ensure_admin(interaction)
        await self.entries.set_role(guild_id, role.id)
        lang = await lang_of(interaction)
        mention = f"<@&{role.id}>"
        text = lang.gettext("Members with the {role} role may now curate trivia.", role=mention)
        await reply(interaction, text)

    @role.command(name="clear", description="Only Manage Messages lets members curate trivia")
    async def role_clear(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = guild_id_of(interaction)
        ensure_admin(interaction)
        await self.entries.set_role(guild_id, None)
        lang = await lang_of(interaction)
        await reply(
            interaction,
            lang.gettext("The trivia role is cleared: Manage Messages is needed to curate."),
        )
