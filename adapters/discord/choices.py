"""Autocomplete shared by several commands, and Discord's limits on choices."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

import discord
from discord.app_commands import Choice

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100


async def timezone_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[Choice[str]]:
    del interaction  # The same list for everyone.
    typed = current.strip().replace(" ", "_").casefold()
    matches = [zone for zone in _zones() if typed in zone.casefold()]
    # Zones that start with what was typed come first: "ber" -> Europe/Berlin before others.
    matches.sort(key=lambda zone: (not zone.casefold().split("/")[-1].startswith(typed), zone))
    return [Choice(name=zone, value=zone) for zone in matches[:AUTOCOMPLETE_LIMIT]]


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))
