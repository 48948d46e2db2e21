"""`/reminders add|list|remove|pause|resume`: weekly "provide value" nudges in a channel.

The whole group needs Manage Server: Discord hides it from others (default permissions) and
every handler checks again, because a forged interaction can come from anyone.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.choices import AUTOCOMPLETE_LIMIT, CHOICE_NAME_LIMIT, timezone_choices
from adapters.discord.context import asker_of, can_manage, language_of, services_of
from adapters.discord.phrases import say
from adapters.discord.respond import Work, respond
from bot.errors import InvalidInput, NotPermitted
from bot.i18n import t
from bot.reminders.commands import describe
from bot.reminders.messages import weekday_name
from bot.reminders.model import Reminder
from bot.reminders.service import ReminderService
from bot.replies import Notice, Reply
from bot.text import Language, truncate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_REMINDER_ID = Range[int, 1, 2**53]
# What posting a reminder takes, in Discord's order.
REMINDER_PERMISSIONS = ("view_channel", "send_messages", "embed_links")


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
        time="Local time, e.g. 09:30 or 9am",
        timezone="IANA time zone, e.g. Asia/Riyadh (default: the profile's, else UTC)",
        note="Your own words to add to each reminder",
    )
    @app_commands.choices(weekday=[Choice(name=day.title(), value=day) for day in WEEKDAYS])
    @app_commands.autocomplete(timezone=timezone_choices)
    async def add(
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        weekday: str,
        time: Range[str, 1, 10],
        timezone: Range[str, 1, 64] | None = None,
        note: Range[str, 1, 300] | None = None,
    ) -> None:
        await _run(
            interaction,
            lambda language: _add(interaction, language, channel, weekday, time, timezone, note),
        )

    @reminders.command(name="list", description="The reminders of this server")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        await _run(interaction, lambda language: _list(interaction, language))

    @reminders.command(name="pause", description="Stop a reminder for now")
    @app_commands.describe(reminder="The reminder, from /reminders list")
    async def pause(interaction: discord.Interaction[Any], reminder: _REMINDER_ID) -> None:
        await _run(interaction, lambda language: _pause(interaction, language, reminder))

    @reminders.command(name="resume", description="Start a paused reminder again")
    @app_commands.describe(reminder="The reminder, from /reminders list")
    async def resume(interaction: discord.Interaction[Any], reminder: _REMINDER_ID) -> None:
        await _run(interaction, lambda language: _resume(interaction, language, reminder))

    @reminders.command(name="remove", description="Delete a reminder")
    @app_commands.describe(reminder="The reminder, from /reminders list")
    async def remove(interaction: discord.Interaction[Any], reminder: _REMINDER_ID) -> None:
        await _run(interaction, lambda language: _remove(interaction, language, reminder))

    by_number: list[app_commands.Command[Any, ..., None]] = [pause, resume, remove]
    for command in by_number:
        command.autocomplete("reminder")(reminder_choices)
    return [reminders]


async def _run(interaction: discord.Interaction[Any], work: Work) -> None:
    await respond(interaction, work, private=True)


def _service(interaction: discord.Interaction[Any], language: Language) -> ReminderService:
    if interaction.guild_id is None:
        raise NotPermitted(say("guild.only", language))
    if not can_manage(interaction):
        raise NotPermitted(say("manage.required", language))
    return services_of(interaction).reminders.service


async def _add(
    interaction: discord.Interaction[Any],
    language: Language,
    channel: discord.TextChannel,
    weekday: str,
    time: str,
    timezone: str | None,
    note: str | None,
) -> Reply:
    service = _service(interaction, language)
    # A forged request can name a channel of another server; posts stay inside this one.
    if channel.guild.id != interaction.guild_id:
        raise InvalidInput(say("channel.elsewhere", language), field="channel")
    # Refused now rather than paused silently at the first run, maybe a week later.
    if missing := missing_permissions(channel):
        names = (" و" if language == "ar" else ", ").join(
            say(f"permission.{name}", language) for name in missing
        )
        message = say("channel.permissions", language, channel=channel.mention, missing=names)
        raise InvalidInput(message, field="channel")
    reminder = await service.create(
        asker_of(interaction).workspace,
        channel_id=str(channel.id),
        weekday=weekday,
        time=time,
        timezone=timezone,
        note=note,
        created_by=str(interaction.user.id),
        language=language,
    )
    return _confirm("reminders.added.title", reminder, language)


async def _list(interaction: discord.Interaction[Any], language: Language) -> Reply:
    _service(interaction, language)
    commands = services_of(interaction).reminders.commands
    return await commands.list_reminders(asker_of(interaction), language)


async def _pause(interaction: discord.Interaction[Any], language: Language, number: int) -> Reply:
    service = _service(interaction, language)
    reminder = await service.pause(
        asker_of(interaction).workspace,
        number,
        paused_by=str(interaction.user.id),
        language=language,
    )
    return _confirm("reminders.paused.title", reminder, language)


async def _resume(interaction: discord.Interaction[Any], language: Language, number: int) -> Reply:
    service = _service(interaction, language)
    reminder = await service.resume(asker_of(interaction).workspace, number, language=language)
    return _confirm("reminders.resumed.title", reminder, language)


async def _remove(interaction: discord.Interaction[Any], language: Language, number: int) -> Reply:
    service = _service(interaction, language)
    await service.remove(asker_of(interaction).workspace, number, language=language)
    title = t("reminders.removed.title", language, id=number)
    return Notice(language, "confirm", title, private=True)


def missing_permissions(channel: discord.TextChannel) -> list[str]:
    """What the bot lacks to post a reminder embed in `channel`; empty when it cannot tell.

    The bot's own member comes with GUILD_CREATE even without the members intent; should it
    be missing from the cache, the reminder is accepted and the poster reports any refusal.
    """
    me: discord.Member | None = channel.guild.me
    if me is None:
        return []
    granted = channel.permissions_for(me)
    return [name for name in REMINDER_PERMISSIONS if not getattr(granted, name)]


def _confirm(key: str, reminder: Reminder, language: Language) -> Notice:
    title = t(key, language, id=reminder.id)
    return Notice(language, "confirm", title, describe(reminder, language), private=True)


async def reminder_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[Choice[int]]:
    if interaction.guild_id is None or not can_manage(interaction):
        return []
    services = services_of(interaction)
    language = await language_of(interaction, services.advisor)
    listed = await services.reminders.service.list_reminders(asker_of(interaction).workspace)
    choices = []
    for reminder in listed:
        name = (
            f"#{reminder.id} · {weekday_name(reminder.weekday, language)} "
            f"{reminder.at:%H:%M} {reminder.timezone}"
        )
        if current.strip() and current.strip().lstrip("#") not in name:
            continue
        choices.append(Choice(name=truncate(name, CHOICE_NAME_LIMIT), value=reminder.id))
    return choices[:AUTOCOMPLETE_LIMIT]
