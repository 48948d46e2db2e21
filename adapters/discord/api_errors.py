"""Failed Discord API calls, counted for `/metrics` by HTTP status ("429", "403", "5xx") or as
"connection".

The runtime owns one `ApiErrors`, shared through `Services` with every handler; the runner
attaches its metrics (`DiscordRuntime.set_metrics`), so counting is a no-op until then.
"""

from __future__ import annotations

import aiohttp
import discord

from bot.platform_errors import PlatformErrorCounter

PLATFORM = "discord"


def error_kind(exc: BaseException) -> str | None:
    """The failure's label, or None when `exc` is not a failed API call (a bug)."""
    if isinstance(exc, discord.RateLimited):
        return "429"  # a wait longer than max_ratelimit_timeout: raised, not slept
    if isinstance(exc, discord.LoginFailure):
        return "401"  # discord.py's name for a rejected token
    if isinstance(exc, discord.HTTPException):
        # One series for every server error: their exact codes say nothing to act on.
        return "5xx" if exc.status >= 500 else str(exc.status)
    if isinstance(
        exc,
        discord.GatewayNotFound
        | discord.ConnectionClosed
        | aiohttp.ClientError
        | TimeoutError
        | OSError,
    ):
        return "connection"
    return None


class ApiErrors(PlatformErrorCounter):
    def __init__(self) -> None:
        super().__init__(platform=PLATFORM, classify=error_kind)
