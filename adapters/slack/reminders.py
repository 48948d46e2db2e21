"""Posts the weekly reminder to a Slack channel and maps Slack's answers onto the error tree."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import ApiErrors, as_platform_error
from adapters.slack.blocks import Block, SlackMessage, context, header, labelled, section
from adapters.slack.safety import neutralise
from bot.errors import PermanentPlatformError
from bot.profiles import WorkspaceKey
from bot.reminders.content import labels_for
from bot.reminders.ports import ReminderPost
from bot.text import truncate

log = logging.getLogger(__name__)

TokenLookup = Callable[[str], Awaitable[str | None]]
# Message metadata marking a reminder post with its occurrence key, so a retry after a crash
# can find the post in the channel instead of posting it again (needs channels:history).
METADATA_EVENT_TYPE = "value_advisor_reminder"
# How many recent channel messages a retry looks through for its earlier post.
_HISTORY_LOOKUP_LIMIT = 100
ClientFactory = Callable[[str], AsyncWebClient]


def reminder_message(post: ReminderPost) -> SlackMessage:
    lang = post.language
    labels = labels_for(post)  # the core's headings, as every platform shows them
    blocks: list[Block] = [
        header(post.title),
        section(labels.rule),
        labelled(labels.idea, post.idea),
        labelled(labels.question, post.question),
    ]
    if post.note:
        # The admin's own words, shown as given but inert: a note cannot ping the channel.
        blocks.append(labelled(labels.note, post.note))
    blocks.append(context(f"{labels.myth}: {post.myth_id}. {post.myth_title}"))
    return SlackMessage(
        text=truncate(neutralise(f"{post.title} — {post.idea}"), 3000),
        blocks=blocks,
        private=False,
        language=lang,
    )


class SlackReminderPoster:
    """`bot.reminders.ports.ReminderPoster` for Slack."""

    def __init__(
        self,
        *,
        token_for: TokenLookup,
        client_for: ClientFactory,
        api_errors: ApiErrors | None = None,
    ) -> None:
        self._token_for = token_for
        self._client_for = client_for
        self._api_errors = api_errors or ApiErrors()

    async def post_reminder(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        post: ReminderPost,
        *,
        idempotency_key: str,
    ) -> str:
        # chat.postMessage has no idempotency key: the key travels as message metadata, and
        # `find_posted` looks for it before an unconfirmed occurrence is posted again.
        token = await self._token_for(workspace.workspace_id)
        if token is None:
            raise PermanentPlatformError(
                "the Slack app is not installed in this workspace", reason="not_installed"
            )
        message = reminder_message(post)
        try:
            response = await self._client_for(token).chat_postMessage(
                channel=channel_id,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
                metadata={
                    "event_type": METADATA_EVENT_TYPE,
                    "event_payload": {"occurrence": idempotency_key},
                },
            )
        except (SlackApiError, TimeoutError, aiohttp.ClientError) as exc:
            self._api_errors.count(exc)
            raise as_platform_error(exc, "the post") from exc
        log.info(
            "slack reminder posted",
            extra={"workspace": workspace.workspace_id, "idempotency_key": idempotency_key},
        )
        return str(response.get("ts", ""))

    async def find_posted(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        *,
        idempotency_key: str,
        since: datetime,
    ) -> str | None:
        """The ts of an earlier post for this occurrence in the channel's recent history.

        Best effort: without the history scope, or when Slack cannot be asked, the answer is
        "not found" and the reminder is posted again (the documented worst case)."""
        token = await self._token_for(workspace.workspace_id)
        if token is None:
            return None
        try:
            response = await self._client_for(token).conversations_history(
                channel=channel_id,
                oldest=f"{since.timestamp() - 60:.6f}",
                limit=_HISTORY_LOOKUP_LIMIT,
                include_all_metadata=True,
            )
        except (SlackApiError, TimeoutError, aiohttp.ClientError) as exc:
            self._api_errors.count(exc)
            log.warning(
                "could not look for an earlier reminder post",
                extra={"workspace": workspace.workspace_id, "error": type(exc).__name__},
            )
            return None
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT_TYPE
                and payload.get("occurrence") == idempotency_key
            ):
                return str(message.get("ts", ""))
        return None
