"""Who is asking and where: a Discord interaction translated into the core's `Asker`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from adapters.discord.api_errors import ApiErrors
from bot.advisor import Advisor, Asker
from bot.profiles import WorkspaceKey
from bot.reminders.feature import Reminders
from bot.request import RequestHandler
from bot.text import Language
from bot.workqueue import WorkQueue

PLATFORM = "discord"
DEFER_AFTER = 1.5


@dataclass(frozen=True, kw_only=True)
class Services:
    """What the handlers need from the core; the client carries one instance."""

    advisor: Advisor
    reminders: Reminders
    # The one way into the core for every interaction and mention (bot/request.py).
    requests: RequestHandler
    # Work still running this many seconds after Discord created the interaction is deferred
    # (Discord's limit is 3 s from creation, and gateway delivery already takes some of it).
    defer_after: float = DEFER_AFTER
    # Where handlers count failed API calls; the runtime attaches the runner's metrics.
    api_errors: ApiErrors = field(default_factory=ApiErrors)
    # Interactions admitted and not finished; a full queue answers "busy, try again".
    work: WorkQueue | None = None


def workspace_of(*, guild_id: int | None, user_id: int) -> WorkspaceKey:
    """A guild is a workspace; a DM conversation is the user's own, apart from every guild."""
    if guild_id is None:
        return WorkspaceKey(PLATFORM, f"dm:{user_id}")
    return WorkspaceKey(PLATFORM, str(guild_id))


def can_manage(interaction: discord.Interaction[Any]) -> bool:
    """Manage Server, checked here because Discord does not check forged or stale requests.

    In a DM the user owns the (private) workspace, so they may change it.
    """
    if interaction.guild_id is None:
        return True
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def asker_of(interaction: discord.Interaction[Any]) -> Asker:
    return Asker(
        workspace=workspace_of(guild_id=interaction.guild_id, user_id=interaction.user.id),
        user_id=str(interaction.user.id),
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        is_admin=can_manage(interaction),
    )


def api_errors_of(client: object) -> ApiErrors:
    """The client's counter; a client without services counts into one nobody reads."""
    services = getattr(client, "services", None)
    return services.api_errors if isinstance(services, Services) else ApiErrors()


def services_of(interaction: discord.Interaction[Any]) -> Services:
    services = getattr(interaction.client, "services", None)
    if not isinstance(services, Services):
        raise TypeError("the Discord client carries no advisor services")
    return services


async def language_of(interaction: discord.Interaction[Any], advisor: Advisor) -> Language:
    """The workspace profile's language, else English.

    Discord's client has no Arabic locale, so `interaction.locale` cannot tell us; a server
    that wants Arabic lists and autocomplete sets `/profile set language:`.
    """
    profile = await advisor.profile(asker_of(interaction).workspace)
    if profile is not None and profile.language is not None:
        return profile.language
    return "en"
