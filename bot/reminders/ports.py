"""What the reminder engine needs from a chat platform, and the post it hands over.

Adapters render `ReminderPost` in their own way (Block Kit, an embed, plain text) and send it
to one channel. Errors map onto the project's tree:

    PlatformError            transient (rate limit, timeout, 5xx); `retry_after` in seconds when
                             the platform said how long to wait. The engine backs off and retries.
    PermanentPlatformError   retrying will not help (channel gone, bot removed, missing
                             permission, app uninstalled). The engine pauses the reminder and
                             shows the reason in `reminders list`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.profiles import WorkspaceKey
from bot.text import Language


@dataclass(frozen=True, kw_only=True)
class ReminderPost:
    """One weekly reminder, composed for one workspace in its language. Platform-neutral."""

    language: Language
    title: str
    # One concrete thing to do this week, shaped by the team's value style and platforms.
    idea: str
    # A question for the team to reflect on.
    question: str
    # A myth to avoid this week: knowledge entry "1".."7" and its title in `language`.
    myth_id: str
    myth_title: str
    # The admin's own words from `reminders add … note`, shown as given; None when absent.
    note: str | None = None


class ReminderPoster(Protocol):
    """Sends a reminder to one channel of one workspace; one implementation per platform."""

    async def post_reminder(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        post: ReminderPost,
        *,
        idempotency_key: str,
    ) -> str:
        """Posts and returns the platform's message id.

        `idempotency_key` is the same for every attempt at one occurrence (also after a
        restart); a poster that can deduplicate (a Slack `client_msg_id`, a Discord `nonce`)
        should pass it on. Raises `PlatformError` (transient, optional `retry_after`) or
        `PermanentPlatformError` (will not succeed on retry).
        """
        ...

    async def find_posted(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        *,
        idempotency_key: str,
        since: datetime,
    ) -> str | None:
        """The message id of a post made for `idempotency_key` since `since`, if one is found.

        Asked before re-posting an occurrence whose earlier attempt has no recorded outcome
        (the process died mid-post). A poster that cannot look (or whose platform drops
        repeats by itself, like Discord's nonce) returns None; the post then goes out again.
        """
        ...
