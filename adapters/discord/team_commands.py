"""`/knowledge list|add|remove`: the server's own entries. `add` opens a Discord modal (title,
answer, example questions one per line); the language is the command's option.

Anyone may list; adding and removing need Manage Server, checked here and again in the core
because Discord does not stop forged or stale interactions. Discord modals cannot show an error
under a field, so a mistake comes back as a private message naming the field.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.context import asker_of, can_manage, services_of
from adapters.discord.phrases import say
from adapters.discord.respond import respond
from bot.errors import InvalidInput, NotPermitted
from bot.i18n import t
from bot.replies import Reply
from bot.team_form import MAX_ANSWER, MAX_TITLE, TeamForm
from bot.team_knowledge import TeamKnowledge
from bot.text import Language

# Discord's limits: a modal title of 45 characters, a text input of 4,000.
_EXAMPLES_LIMIT = 4000
_LANGUAGES = {"en": ["en"], "ar": ["ar"], "both": ["en", "ar"]}


def _team(interaction: discord.Interaction[Any], language: Language) -> TeamKnowledge:
    team = services_of(interaction).advisor.team
    if team is None:  # an advisor built without team knowledge (some tests)
        raise InvalidInput(t("knowledge.unavailable", language))
    return team


class TeamEntryModal(discord.ui.Modal):
    """The form; its submission is one core call, answered privately."""

    def __init__(self, *, languages: list[str], language: Language) -> None:
        super().__init__(title=say("team_form.title", language))
        self.languages = languages
        self.entry_title: discord.ui.TextInput[TeamEntryModal] = discord.ui.TextInput(
            label=say("team_form.field.title", language), max_length=MAX_TITLE
        )
        self.answer: discord.ui.TextInput[TeamEntryModal] = discord.ui.TextInput(
            label=say("team_form.field.answer", language),
            style=discord.TextStyle.paragraph,
            max_length=MAX_ANSWER,
        )
        self.examples: discord.ui.TextInput[TeamEntryModal] = discord.ui.TextInput(
            label=say("team_form.field.examples", language),
            style=discord.TextStyle.paragraph,
            max_length=_EXAMPLES_LIMIT,
        )
        for item in (self.entry_title, self.answer, self.examples):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        asker = asker_of(interaction)
        form = TeamForm(
            title=self.entry_title.value,
            answer=self.answer.value,
            examples=self.examples.value,
            languages=self.languages,
        )

        async def save(language: Language) -> Reply:
            return await _team(interaction, language).add_form(
                asker.workspace,
                form,
                by=asker.user_id,
                is_admin=can_manage(interaction),
                language=language,
            )

        await respond(interaction, save, private=True)


def knowledge_commands() -> app_commands.Group:
    knowledge = app_commands.Group(name="knowledge", description="Your server's own entries")

    @knowledge.command(name="list", description="The server's own entries")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        workspace = asker_of(interaction).workspace

        async def listed(language: Language) -> Reply:
            return await _team(interaction, language).listing(workspace, language)

        await respond(interaction, listed, private=True)

    @knowledge.command(name="add", description="Add an entry for this server (Manage Server)")
    @app_commands.describe(language="The language the entry is written in")
    @app_commands.choices(
        language=[
            Choice(name=t("intro.own_name", "en"), value="en"),
            Choice(name=t("intro.own_name", "ar"), value="ar"),
            Choice(name="both", value="both"),
        ]
    )
    async def add(interaction: discord.Interaction[Any], language: str = "en") -> None:
        written: Language = "ar" if language == "ar" else "en"
        if not can_manage(interaction) or language not in _LANGUAGES:

            async def refused(reply_language: Language) -> Reply:
                if language not in _LANGUAGES:  # Discord does not enforce choices on forgeries
                    raise InvalidInput(t("knowledge.form.languages", reply_language))
                raise NotPermitted(t("not.permitted", reply_language))

            await respond(interaction, refused, private=True)
            return
        # Within Discord's 3 s: a modal can only be the first response, never after a deferral.
        modal = TeamEntryModal(languages=_LANGUAGES[language], language=written)
        await interaction.response.send_modal(modal)

    @knowledge.command(name="remove", description="Remove one of the server's entries")
    @app_commands.describe(entry="The entry's id, as /knowledge list shows it")
    async def remove(interaction: discord.Interaction[Any], entry: Range[str, 1, 40]) -> None:
        asker = asker_of(interaction)

        async def removed(language: Language) -> Reply:
            return await _team(interaction, language).remove_for(
                asker.workspace, entry.strip(), is_admin=asker.is_admin, language=language
            )

        await respond(interaction, removed, private=True)

    return knowledge
