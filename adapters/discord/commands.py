"""The slash commands: each handler translates options into one core call and sends the reply.

`/ask`, `/myths`, `/myth`, `/help` here; `/profile` in profile_commands, `/reminders` in
reminder_commands. Discord enforces choices, ranges and default permissions only in its own
client; a forged or stale interaction reaches the handlers with any value from any member, so
every value is validated again by the core, and changes check Manage Server here as well.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.choices import AUTOCOMPLETE_LIMIT, CHOICE_NAME_LIMIT
from adapters.discord.context import asker_of, language_of, services_of
from adapters.discord.insights_command import insights_command
from adapters.discord.phrases import say
from adapters.discord.profile_commands import profile_commands
from adapters.discord.respond import respond
from adapters.discord.team_commands import knowledge_commands
from adapters.discord.views import answer_view
from bot.i18n import t
from bot.replies import Notice, Reply
from bot.text import MAX_QUESTION_CHARS, Language, detect_language, truncate

AppCommand = app_commands.Command[Any, ..., None] | app_commands.Group


def advisor_commands() -> list[AppCommand]:
    """Fresh command objects for one tree (a restarted client builds its own)."""
    return [
        _ask(),
        _myths(),
        _myth(),
        _help(),
        profile_commands(),
        insights_command(),
        knowledge_commands(),
    ]


def _ask() -> AppCommand:
    @app_commands.command(name="ask", description="Ask the social-media advisor a question")
    @app_commands.describe(question="Your question, in English or Arabic")
    async def ask(
        interaction: discord.Interaction[Any], question: Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        await respond(
            interaction,
            lambda _language: advisor.ask(asker, question),
            language=detect_language(question),
            view_for=answer_view,
        )

    return ask


def _myths() -> AppCommand:
    @app_commands.command(name="myths", description="The seven social-media claims and the rule")
    async def myths(interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor

        async def listed(language: Language) -> Reply:
            return advisor.myths(language)

        await respond(interaction, listed)

    return myths


def _myth() -> AppCommand:
    @app_commands.command(name="myth", description="The full answer on one claim, or the rule")
    @app_commands.describe(number="1 to 7, or value for the rule")
    async def myth(interaction: discord.Interaction[Any], number: Range[str, 1, 40]) -> None:
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        # The core accepts only known entries ("1".."7", "value"); anything else is refused.
        await respond(
            interaction,
            lambda language: advisor.myth(asker, number, language),
            view_for=answer_view,
        )

    @myth.autocomplete("number")
    async def myth_choices(
        interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        advisor = services_of(interaction).advisor
        language = await language_of(interaction, advisor)
        typed = current.strip().casefold()
        choices = []
        for item in advisor.myths(language).items:
            prefix = f"{item.number}. " if item.number is not None else "★ "
            name = truncate(prefix + item.title, CHOICE_NAME_LIMIT)
            if typed and typed not in name.casefold() and not item.entry_id.startswith(typed):
                continue
            choices.append(Choice(name=name, value=item.entry_id))
        return choices[:AUTOCOMPLETE_LIMIT]

    return myth


def _help() -> AppCommand:
    @app_commands.command(name="help", description="What the advisor can do")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        await respond(interaction, _help_notice)

    return help_


async def _help_notice(language: Language) -> Reply:
    lines = [say("help.commands", language), say("help.admin", language)]
    lines.append(t("intro.try", language))
    return Notice(language, "info", t("help.title", language), lines, private=True)
