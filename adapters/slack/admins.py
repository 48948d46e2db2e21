"""Who may change a workspace's profile and reminders: Slack admins and owners.

Asked of `users.info` (scope users:read) and remembered briefly, so a burst of clicks costs one
call. A failed lookup answers "no": refusing an admin once is better than letting anyone in.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import ApiErrors

log = logging.getLogger(__name__)


class AdminDirectory:
    def __init__(
        self,
        *,
        ttl_seconds: float = 300.0,
        max_entries: int = 10_000,
        api_errors: ApiErrors | None = None,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._api_errors = api_errors or ApiErrors()
        self._known: dict[tuple[str, str], tuple[float, bool]] = {}

    async def is_admin(self, client: AsyncWebClient, *, team_id: str, user_id: str) -> bool:
        key = (team_id, user_id)
        now = time.monotonic()
        cached = self._known.get(key)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            self._api_errors.count(exc)
            log.warning(
                "users.info failed; treating the user as not an admin",
                extra={"team": team_id, "error": exc.response.get("error")},
            )
            return False
        user = response.get("user") or {}
        allowed = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        if len(self._known) >= self._max:
            self._known.clear()
        self._known[key] = (now, allowed)
        return allowed
