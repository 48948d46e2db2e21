"""`/insights [days] [consent]`: team insights for the server's admins, answered ephemerally.

Discord hides the command from members (default permission Manage Server); the handler checks
again, as for `/profile`, because a forged or stale interaction can come from anyone.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.context import asker_of, services_of
from adapters.discord.respond import respond
from bot.errors import InvalidInput
from bot.insights import MAX_DAYS, ConsentCommands
from bot.insights.report import DEFAULT_DAYS, phrase
from bot.replies import Reply
from bot.text import Language

# How the report tells Discord admins to change the consent.
_CONSENT = ConsentCommands(on="`/insights consent:on`", off="`/insights consent:off`")


def insights_command() -> app_commands.Command[Any, ..., None]:
    @app_commands.command(
        name="insights", description="What the team asks about, and what was declined (admins)"
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(
        days=f"The period in days, 1-{MAX_DAYS} (default {DEFAULT_DAYS})",
        consent="Keep the questions the advisor declined, so admins see what people need",
    )
    @app_commands.choices(consent=[Choice(name="on", value="on"), Choice(name="off", value="off")])
    async def insights(
        interaction: discord.Interaction[Any],
        days: Range[int, 1, MAX_DAYS] = DEFAULT_DAYS,
        consent: str | None = None,
    ) -> None:
        asker = asker_of(interaction)
        service = services_of(interaction).advisor.insights

        async def work(language: Language) -> Reply:
            if service is None:  # an advisor built without insights (some tests)
                raise InvalidInput(phrase("insights.usage", language))
            if consent is not None:
                # Discord does not enforce choices on forged requests.
                if consent not in {"on", "off"}:
                    raise InvalidInput(phrase("insights.usage", language), field="consent")
                return await service.set_consent(
                    asker.workspace, consent == "on", language, is_admin=asker.is_admin
                )
            return await service.report_for(
                asker.workspace, language, is_admin=asker.is_admin, days=days, commands=_CONSENT
            )

        await respond(interaction, work, private=True)

    return insights
