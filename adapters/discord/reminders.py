"""Posts weekly reminders to Discord channels (`bot.reminders.ports.ReminderPoster`)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import discord

from adapters.discord.api_errors import ApiErrors
from adapters.discord.embeds import EmbedDraft
from bot.errors import PermanentPlatformError, PlatformError
from bot.profiles import WorkspaceKey
from bot.reminders.content import labels_for
from bot.reminders.ports import ReminderPost

REMINDER_COLOUR = 0x2E9E5B
# Discord error codes after which retrying cannot help.
# Discord error codes that retrying cannot fix, with the neutral reason the core explains.
_PERMANENT_CODES = {
    10003: "channel_not_found",  # Unknown Channel
    10004: "server_not_found",  # Unknown Guild
    50001: "missing_permission",  # Missing Access
    50013: "missing_permission",  # Missing Permissions
}
_PERMANENT_STATUSES = {404: "channel_not_found", 403: "missing_permission"}
_NONCE_LENGTH = 25  # Discord's limit on a message nonce.


class DiscordReminderPoster:
    """Rate limits (429) are waited out by discord.py itself; other failures are mapped."""

    def __init__(self, *, client: discord.Client, api_errors: ApiErrors | None = None) -> None:
        self._client = client
        self._api_errors = api_errors or ApiErrors()

    async def post_reminder(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        post: ReminderPost,
        *,
        idempotency_key: str,
    ) -> str:
        del workspace  # The channel id is globally unique on Discord.
        channel = self._client.get_partial_messageable(int(channel_id))
        # With a nonce, Discord returns the first message again for a repeated attempt.
        nonce = hashlib.sha256(idempotency_key.encode()).hexdigest()[:_NONCE_LENGTH]
        try:
            with self._api_errors.counting():
                message = await channel.send(embed=reminder_embed(post), nonce=nonce)
        except discord.RateLimited as exc:
            raise PlatformError("Discord rate limit", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise _mapped(exc) from exc
        return str(message.id)

    async def find_posted(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        *,
        idempotency_key: str,
        since: datetime,
    ) -> str | None:
        # No look-up needed: the repeat carries the same nonce and Discord returns the first
        # message (the claim timeout is kept shorter than Discord's nonce window).
        return None


def reminder_embed(post: ReminderPost) -> discord.Embed:
    labels = labels_for(post)
    draft = EmbedDraft(title=post.title, colour=REMINDER_COLOUR, description=labels.rule)
    draft.add(labels.idea, post.idea)
    draft.add(labels.question, post.question)
    draft.add(labels.myth, f"{post.myth_title} · `/myth {post.myth_id}`")
    if post.note:
        draft.add(labels.note, post.note)
    return draft.build()


def _mapped(exc: discord.HTTPException) -> PlatformError:
    reason = f"Discord {exc.status} (code {exc.code}): {exc.text[:200]}"
    permanent = isinstance(exc, discord.NotFound | discord.Forbidden)
    if permanent or exc.code in _PERMANENT_CODES:
        code = _PERMANENT_CODES.get(exc.code) or _PERMANENT_STATUSES.get(exc.status)
        return PermanentPlatformError(reason, reason=code)
    retry_after: Any = getattr(exc.response, "headers", {}).get("Retry-After")
    return PlatformError(reason, retry_after=float(retry_after) if retry_after else None)
