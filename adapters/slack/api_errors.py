"""Failed Slack Web API calls, counted for `/metrics` by Slack's error code.

The runtime owns one `ApiErrors` and hands it to everything that calls Slack; the runner
attaches its metrics later (`SlackRuntime.set_metrics`), so counting is a no-op until then.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.platform_errors import PlatformErrorCounter

PLATFORM = "slack"
# Slack's codes are short snake_case words; anything longer is cut so a label stays sane.
_KIND_LIMIT = 40


def error_kind(exc: BaseException) -> str | None:
    """Slack's error code ("ratelimited", "channel_not_found"), "connection", or None when
    `exc` is not a failed API call (a bug, a user mistake)."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        code = response.get("error") or f"http_{response.status_code}"
        return str(code)[:_KIND_LIMIT]
    if isinstance(exc, TimeoutError | aiohttp.ClientError):
        return "connection"
    return None


class ApiErrors(PlatformErrorCounter):
    def __init__(self) -> None:
        super().__init__(platform=PLATFORM, classify=error_kind)
