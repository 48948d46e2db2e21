"""Failed Slack Web API calls, counted for `/metrics` by Slack's error code.

The runtime owns one `ApiErrors` and hands it to everything that calls Slack; the runner
attaches its metrics later (`SlackRuntime.set_metrics`), so counting is a no-op until then.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.errors import PermanentPlatformError, PlatformError
from bot.platform_errors import PlatformErrorCounter

PLATFORM = "slack"
# Slack's codes are short snake_case words; anything longer is cut so a label stays sane.
_KIND_LIMIT = 40


def error_code(exc: BaseException) -> str | None:
    """Slack's error code ("ratelimited", "channel_not_found"), `http_<status>` when the answer
    was not Slack's JSON (a proxy's 503 text/plain), "timeout" or "connection" when no answer
    came, or None when `exc` is not a failed API call (a bug, a user mistake).

    The one place that reads a failed call: slack_sdk gives `response.data` as a str for a
    non-JSON body, so `response.get(...)` cannot be trusted elsewhere."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        code = data.get("error") if isinstance(data, dict) else None
        status = getattr(exc.response, "status_code", None)
        return str(code or f"http_{status}")[:_KIND_LIMIT]
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, aiohttp.ClientError):
        return "connection"
    return None


def retry_after(exc: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait (429 Retry-After), or None."""
    headers = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# Slack errors that retrying cannot fix, with the neutral reason the core explains to the team.
PERMANENT_ERRORS: dict[str, str] = {
    "channel_not_found": "channel_not_found",
    "not_in_channel": "not_in_channel",
    "is_archived": "channel_archived",
    "account_inactive": "access_revoked",
    "token_revoked": "access_revoked",
    "invalid_auth": "access_revoked",
    "not_authed": "access_revoked",
    "missing_scope": "missing_permission",
    "restricted_action": "missing_permission",
    "team_access_not_granted": "access_revoked",
    "ekm_access_denied": "missing_permission",
}


def as_platform_error(exc: BaseException, doing: str) -> PlatformError:
    """A failed Slack call as the project's error: permanent (with a neutral reason code) when
    retrying cannot help, else transient with Slack's Retry-After."""
    code = error_code(exc) or type(exc).__name__
    if code in PERMANENT_ERRORS:
        return PermanentPlatformError(
            f"Slack refused {doing}: {code}", reason=PERMANENT_ERRORS[code]
        )
    wait = retry_after(exc) if isinstance(exc, SlackApiError) else None
    return PlatformError(f"Slack refused {doing}: {code}", retry_after=wait)


class ApiErrors(PlatformErrorCounter):
    def __init__(self) -> None:
        super().__init__(platform=PLATFORM, classify=error_code)
