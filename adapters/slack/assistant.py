"""The advisor in Slack's assistant side panel (Agents & AI Apps, paid plans).

A new assistant thread gets a greeting and suggested prompts (the seven claims as questions,
in the workspace's language); a question gets a "thinking…" status, a thread title and the
same answer a direct message gets. Without the feature Slack sends none of the assistant
events, and a reply in a DM thread is answered as any DM is: the status and title calls are
made only when the bot holds `assistant:write` (or its scopes are unknown), and their failure
never stops the answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from typing import Any, Final

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.set_status.async_set_status import AsyncSetStatus
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)
from slack_bolt.context.set_title.async_set_title import AsyncSetTitle
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import error_code
from adapters.slack.blocks import render
from adapters.slack.conversation import SlackConversation, workspace_of
from adapters.slack.words import WORDS
from bot.advisor import Advisor, Asker
from bot.i18n import LANGUAGES
from bot.replies import Reply
from bot.request import Request
from bot.text import Language, clean, detect_language, truncate

log = logging.getLogger(__name__)

SCOPE: Final = "assistant:write"
# Slack shows at most four suggested prompts; each new thread gets the next four of the seven.
MAX_PROMPTS: Final = 4
TITLE_LIMIT: Final = 80
_CONTROL: Final = re.compile(r"<[!@#][^>]*>")

# The seven claims as someone would ask them (`assistant.prompt.<id>` in Slack's words); tests
# check each one matches its claim.
PROMPTS: Final[dict[str, dict[Language, str]]] = {
    key.rpartition(".")[2]: {language: WORDS.format(key, language) for language in LANGUAGES}
    for key in sorted(WORDS.keys())
    if key.startswith("assistant.prompt.")
}


def suggested_prompts(language: Language, seed: str) -> list[dict[str, str]]:
    """Four of the seven claims as questions, starting at a place `seed` (the thread) picks."""
    ids = list(PROMPTS)
    try:
        start = int(float(seed)) % len(ids)
    except ValueError:
        start = 0
    chosen = [ids[(start + n) % len(ids)] for n in range(MAX_PROMPTS)]
    return [{"title": PROMPTS[i][language], "message": PROMPTS[i][language]} for i in chosen]


def thread_title(question: str) -> str:
    """The question as the thread's title: no mention sequences, one line, cut short."""
    return truncate(clean(_CONTROL.sub(" ", question)), TITLE_LIMIT)


async def _introduction(advisor: Advisor, language: Language) -> Reply:
    return advisor.introduction(language)


def _may_use_assistant(context: AsyncBoltContext) -> bool:
    authorized = context.authorize_result
    scopes = authorized.bot_scopes if authorized is not None else None
    return scopes is None or SCOPE in scopes


class AssistantPanel:
    """The listeners; bolt injects their arguments by name."""

    def __init__(self, conversation: SlackConversation) -> None:
        self._conversation = conversation

    async def on_thread_started(
        self,
        payload: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        set_suggested_prompts: AsyncSetSuggestedPrompts,
    ) -> None:
        thread = payload.get("assistant_thread") or {}
        channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
        if not channel or not thread_ts:
            return
        core = self._conversation.core
        async with self._conversation.inflight.work():
            request = Request(
                asker=Asker(workspace_of(context), user_id=context.user_id or ""),
                command=lambda _asker, language: _introduction(core.advisor, language),
                surface="slack.assistant",
            )
            # Slack retries an event it thinks failed: one greeting per thread.
            once = f"assistant:{channel}:{thread_ts}"
            greeting = await core.requests.handle_once(request, [once])
            if greeting is None:
                return
            await self._best_effort(
                set_suggested_prompts(
                    suggested_prompts(greeting.language, str(thread_ts)),
                    title=WORDS.format("assistant.prompts", greeting.language),
                ),
                "assistant.threads.setSuggestedPrompts",
            )
            shown = render(greeting)
            await self._best_effort(
                client.chat_postMessage(
                    channel=channel, thread_ts=thread_ts, text=shown.text, blocks=shown.blocks
                ),
                "chat.postMessage",
            )

    async def on_context_changed(self) -> None:
        """The channel the person is looking at changed. The advice does not depend on it, so
        nothing is stored (bolt's default would write it into a message's metadata)."""

    async def on_user_message(
        self,
        body: dict[str, Any],
        payload: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        set_status: AsyncSetStatus,
        set_title: AsyncSetTitle,
    ) -> None:
        question = str(payload.get("text") or "")
        if _may_use_assistant(context):
            language = detect_language(question)
            # Shown until the answer is posted (Slack clears it then).
            await self._best_effort(
                set_status(WORDS.format("assistant.thinking", language)), "setStatus"
            )
            if title := thread_title(question):
                await self._best_effort(set_title(title), "setTitle")
        # The answer itself is a direct message's: same ledger, same apology on failure.
        await self._conversation.on_message(
            body=body, event=payload, context=context, client=client
        )

    async def _best_effort(self, call: Awaitable[Any], what: str) -> None:
        """Prompts, status, title and greeting are extras: a failure is logged and counted,
        and the conversation goes on."""
        try:
            await call
        except Exception as exc:
            self._conversation.api_errors.count(exc)
            log.warning(
                "slack assistant call failed",
                extra={"call": what, "error": error_code(exc) or type(exc).__name__},
            )


def build_assistant(conversation: SlackConversation, *, logger: logging.Logger) -> AsyncAssistant:
    panel = AssistantPanel(conversation)
    assistant = AsyncAssistant(logger=logger)
    assistant.thread_started(panel.on_thread_started)
    assistant.thread_context_changed(panel.on_context_changed)
    assistant.user_message(panel.on_user_message)
    return assistant
