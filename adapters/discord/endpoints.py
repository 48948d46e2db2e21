"""Where discord.py connects: the one place its process-wide endpoints are set.

discord.py reads the REST base (`Route.BASE`, also used for interaction callbacks and
webhooks) and the gateway (`DiscordWebSocket.DEFAULT_GATEWAY`) from class attributes. Setting
them from `DISCORD_API_URL` / `DISCORD_GATEWAY_URL` points the whole bot at a REST proxy or a
fake Discord. This is the project's one sanctioned global, set here and nowhere else.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.settings import DiscordSettings


def point_at(settings: DiscordSettings) -> None:
    Route.BASE = settings.discord_api_url.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
