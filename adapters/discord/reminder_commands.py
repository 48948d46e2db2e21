"""`/reminders add|list|remove|pause|resume`: weekly "provide value" nudges in a channel.

The whole group needs Manage Server (default permissions, checked again here). Until the
reminders service is wired (`Services.reminders`), every subcommand says they are coming.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.commands import timezone_choices
from adapters.discord.context import can_manage, language_of, services_of
from adapters.discord.phrases import say
from adapters.discord.respond import respond
from bot.errors import NotPermitted
from bot.i18n import t
from bot.replies import Notice, Reply
from bot.text import Language

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def reminder_commands() -> list[app_commands.Group]:
    reminders = app_commands.Group(
        name="reminders",
        description="Weekly reminders to provide value (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @reminders.command(name="add", description="Post a weekly reminder in a channel")
    @app_commands.describe(
        channel="Where to post",
        weekday="Which day of the week",
        time="Local time, 24-hour HH:MM, e.g. 09:30",
        timezone="IANA time zone, e.g. Asia/Riyadh",
        note="Your own words to add to each reminder",
    )
    @app_commands.choices(weekday=[Choice(name=day.title(), value=day) for day in WEEKDAYS])
    @app_commands.autocomplete(timezone=timezone_choices)
    async def add(
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        weekday: str,
        time: Range[str, 4, 5],
        timezone: Range[str, 1, 64],
        note: Range[str, 1, 300] | None = None,
    ) -> None:
        del channel, weekday, time, timezone, note
        await _run(interaction)

    @reminders.command(name="list", description="The reminders of this server")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        await _run(interaction)

    @reminders.command(name="remove", description="Delete a reminder")
    @app_commands.describe(reminder="The reminder's number from /reminders list")
    async def remove(interaction: discord.Interaction[Any], reminder: Range[str, 1, 40]) -> None:
        del reminder
        await _run(interaction)

    @reminders.command(name="pause", description="Stop a reminder for now")
    @app_commands.describe(reminder="The reminder's number from /reminders list")
    async def pause(interaction: discord.Interaction[Any], reminder: Range[str, 1, 40]) -> None:
        del reminder
        await _run(interaction)

    @reminders.command(name="resume", description="Start a paused reminder again")
    @app_commands.describe(reminder="The reminder's number from /reminders list")
    async def resume(interaction: discord.Interaction[Any], reminder: Range[str, 1, 40]) -> None:
        del reminder
        await _run(interaction)

    return [reminders]


async def _run(interaction: discord.Interaction[Any]) -> None:
    services = services_of(interaction)
    language = await language_of(interaction, services.advisor)
    work = _not_yet(interaction, language)
    await respond(
        interaction, work, language=language, defer_after=services.defer_after, private=True
    )


async def _not_yet(interaction: discord.Interaction[Any], language: Language) -> Reply:
    if interaction.guild_id is None:
        raise NotPermitted(say("guild.only", language))
    if not can_manage(interaction):
        raise NotPermitted(say("manage.required", language))
    return Notice(
        language, "info", t("help.title", language), [say("reminders.soon", language)], True
    )
