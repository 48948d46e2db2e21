"""Who may change a workspace's profile and reminders: Slack admins and owners.

Asked of `users.info` (scope users:read) and remembered briefly, so a burst of clicks costs one
call. A failed lookup answers "no": refusing an admin once is better than letting anyone in.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import ApiErrors, error_code

log = logging.getLogger(__name__)


def admin_of(user: dict[str, Any], workspace_id: str) -> bool:
    """Whether `users.info`'s user is an admin or owner of `workspace_id`.

    Slack's flags describe the user's own team (`user.team_id`); a user of another team (a
    shared channel, Slack Connect) may be an admin there and is no admin here. For org-wide
    installs the workspace may be the organisation: then the organisation's flags count
    (`enterprise_user`)."""
    if user.get("team_id") == workspace_id:
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
    enterprise = user.get("enterprise_user") or {}
    if enterprise.get("enterprise_id") and enterprise.get("enterprise_id") == workspace_id:
        return bool(enterprise.get("is_admin") or enterprise.get("is_owner"))
    return False


class AdminDirectory:
    def __init__(
        self,
        *,
        # Within a minute of a demotion the old answer is gone.
        ttl_seconds: float = 45.0,
        max_entries: int = 10_000,
        api_errors: ApiErrors | None = None,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._max = max_entries
        self._api_errors = api_errors or ApiErrors()
        self._known: dict[tuple[str, str], tuple[float, bool]] = {}

    async def is_admin(self, client: AsyncWebClient, *, team_id: str, user_id: str) -> bool:
        key = (team_id, user_id)
        now = time.monotonic()
        cached = self._known.get(key)
        if cached is not None and now - cached[0] < self.ttl_seconds:
            return cached[1]
        try:
            response = await client.users_info(user=user_id)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            self._api_errors.count(exc)
            log.warning(
                "users.info failed; treating the user as not an admin",
                extra={"team": team_id, "error": error_code(exc)},
            )
            return False
        allowed = admin_of(response.get("user") or {}, team_id)
        if len(self._known) >= self._max:
            self._known.clear()
        self._known[key] = (now, allowed)
        return allowed
