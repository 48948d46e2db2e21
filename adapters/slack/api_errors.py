"""Failed Slack Web API calls, counted for `/metrics` by Slack's error code.

The runtime owns one `ApiErrors` and hands it to everything that calls Slack; the runner
attaches its metrics later (`SlackRuntime.set_metrics`), so counting is a no-op until then.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.metrics import PlatformErrorObserver

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


class ApiErrors:
    def __init__(self) -> None:
        self._observer: PlatformErrorObserver | None = None

    def attach(self, observer: PlatformErrorObserver) -> None:
        self._observer = observer

    def count(self, exc: BaseException) -> None:
        kind = error_kind(exc)
        if kind is not None and self._observer is not None:
            self._observer.platform_error(PLATFORM, kind)
