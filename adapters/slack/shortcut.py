"""The message shortcut "Check against the myths": a colleague's message checked in place.

The shortcut opens a small form showing what the check found and asking where the answer goes:
the message's thread (everyone sees it) or only the person who asked. Nothing of the message is
kept or quoted: the form carries the claims found (their ids), and the reply is rebuilt from
them when the form is submitted.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any, Final

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.api_errors import ApiErrors, error_code
from adapters.slack.blocks import (
    DID_YOU_MEAN,
    Block,
    SlackMessage,
    button,
    context,
    plain,
    render,
    section,
)
from adapters.slack.conversation import workspace_of
from adapters.slack.inflight import InFlight
from adapters.slack.safety import neutralise, unescape
from adapters.slack.words import WORDS
from bot.advisor import Asker
from bot.checking import CheckResult, check_message, describe
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.request import Failure, Request, RequestHandler, apology
from bot.text import Language, detect_language, truncate

log = logging.getLogger(__name__)

SHORTCUT_ID: Final = "advisor_check_message"
FORM_ID: Final = "advisor_check_where"
WHERE_BLOCK: Final = "where"
WHERE_ACTION: Final = "choice"
IN_THREAD: Final = "thread"
ONLY_ME: Final = "only_me"
_FALLBACK_TEXT: Final = 3000
# Errors that mean "the bot cannot post there", not "Slack failed": the asker gets the answer
# privately instead, with a word on why.
_CANNOT_POST: Final = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def word(key: str, language: Language, **values: str) -> str:
    return WORDS.format(f"check_form.{key}", language, **values)


@dataclass(frozen=True)
class Target:
    """Where the answer may go, carried through the form (Slack's private_metadata)."""

    language: Language
    entry_ids: tuple[str, ...]
    channel: str
    thread_ts: str | None
    response_url: str | None

    def dump(self) -> str:
        return json.dumps(
            {
                "l": self.language,
                "e": list(self.entry_ids),
                "c": self.channel,
                "t": self.thread_ts,
                "r": self.response_url,
            }
        )

    @classmethod
    def load(cls, raw: str | None) -> Target | None:
        try:
            data = json.loads(raw or "")
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        ids = data.get("e")
        return cls(
            language="ar" if data.get("l") == "ar" else "en",
            entry_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else (),
            channel=data["c"],
            thread_ts=data["t"] if isinstance(data.get("t"), str) else None,
            response_url=data["r"] if isinstance(data.get("r"), str) else None,
        )


def render_check(
    result: CheckResult, knowledge: KnowledgeBase, *, note: str | None = None
) -> SlackMessage:
    """The check as a message: the claims found and a button to each full answer."""
    language = result.language
    blocks: list[Block] = [section(result.text)]
    buttons = []
    for entry_id in result.entry_ids:
        title = knowledge.entries[entry_id].text(language).title
        buttons.append(
            button(word("full", language, title=title), DID_YOU_MEAN, f"{entry_id}|{language}")
        )
    if buttons:
        blocks.append({"type": "actions", "block_id": "advisor_check", "elements": buttons})
    if note:
        blocks.append(context(note))
    return SlackMessage(
        text=truncate(neutralise(result.text), _FALLBACK_TEXT),
        blocks=blocks,
        private=False,
        language=language,
    )


def where_form(result: CheckResult, target: Target) -> dict[str, Any]:
    """The shortcut's dialog: what was found, and where to send it (only to me by default)."""
    language = result.language
    options = [
        {"text": plain(word(choice, language), 75), "value": choice}
        for choice in (IN_THREAD, ONLY_ME)
    ]
    return {
        "type": "modal",
        "callback_id": FORM_ID,
        "title": plain(word("title", language), 24),
        "submit": plain(word("submit", language), 24),
        "close": plain(word("close", language), 24),
        "private_metadata": target.dump(),
        "blocks": [
            section(result.text),
            {
                "type": "input",
                "block_id": WHERE_BLOCK,
                "label": plain(word("where", language), 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": WHERE_ACTION,
                    "options": options,
                    "initial_option": options[1],
                },
            },
        ],
    }


def _text_of(message: dict[str, Any]) -> str:
    """What a reader sees in the message: its text and, for an app's post, its attachments'.
    Slack escapes & < > in message text; the check reads what people typed."""
    parts = [message.get("text")]
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            parts += [attachment.get(key) for key in ("pretext", "title", "text")]
    return unescape("\n".join(part for part in parts if isinstance(part, str) and part))


def chosen(view: dict[str, Any]) -> str:
    values = view.get("state", {}).get("values", {})
    option = values.get(WHERE_BLOCK, {}).get(WHERE_ACTION, {}).get("selected_option") or {}
    # Anything but an explicit "thread" stays private: the quiet choice is the safe one.
    return IN_THREAD if option.get("value") == IN_THREAD else ONLY_ME


class CheckShortcut:
    """The listeners for the shortcut and its form; bolt injects arguments by name."""

    def __init__(
        self,
        *,
        matcher: Matcher,
        knowledge: KnowledgeBase,
        requests: RequestHandler,
        inflight: InFlight,
        api_errors: ApiErrors,
    ) -> None:
        self._matcher = matcher
        self._knowledge = knowledge
        self._requests = requests
        self._inflight = inflight
        self._api_errors = api_errors

    async def on_shortcut(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()  # within 3 s; the form is opened right after (the trigger lasts 3 s too)
        async with self._inflight.work():
            message = body.get("message") or {}
            text = _text_of(message)
            channel = str((body.get("channel") or {}).get("id") or "")
            target = Target(
                language=detect_language(text),
                entry_ids=(),
                channel=channel,
                thread_ts=message.get("thread_ts") or message.get("ts"),
                response_url=body.get("response_url"),
            )

            async def check(_asker: Asker, _language: Language) -> CheckResult:
                return check_message(text, matcher=self._matcher, knowledge=self._knowledge)

            result = await self._requests.run(self._request(context, target), check)
            if isinstance(result, Failure):
                await self._privately(target, render(result.reply))
                return
            target = replace(target, language=result.language, entry_ids=result.entry_ids)
            try:
                await client.views_open(
                    trigger_id=str(body.get("trigger_id") or ""), view=where_form(result, target)
                )
            except Exception as exc:
                # No form, so the answer goes to the asker alone: never silence.
                self._failed(exc, "views.open")
                await self._privately(target, render_check(result, self._knowledge))

    async def on_submit(
        self, ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()  # closes the form
        target = Target.load(view.get("private_metadata"))
        if target is None:
            log.warning("slack check form without its target; nothing to answer")
            return
        async with self._inflight.work():

            async def described(_asker: Asker, language: Language) -> CheckResult:
                return describe(target.entry_ids, language, knowledge=self._knowledge)

            result = await self._requests.run(self._request(context, target), described)
            if isinstance(result, Failure):
                await self._privately(target, render(result.reply))
            elif chosen(view) == ONLY_ME or not target.channel:
                await self._privately(target, render_check(result, self._knowledge))
            else:
                await self._in_thread(client, target, result)

    async def _in_thread(self, client: AsyncWebClient, target: Target, result: CheckResult) -> None:
        message = render_check(result, self._knowledge)
        try:
            await client.chat_postMessage(
                channel=target.channel,
                thread_ts=target.thread_ts,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception as exc:
            self._failed(exc, "chat.postMessage")
            if isinstance(exc, SlackApiError) and error_code(exc) in _CANNOT_POST:
                note = word("cannot_post", target.language)
                await self._privately(target, render_check(result, self._knowledge, note=note))
            else:
                await self._privately(target, render(apology(target.language)))

    def _request(self, context: AsyncBoltContext, target: Target) -> Request:
        asker = Asker(
            workspace_of(context), user_id=context.user_id or "", channel_id=target.channel
        )
        return Request(asker=asker, language=target.language, surface="slack.shortcut")

    async def _privately(self, target: Target, message: SlackMessage) -> None:
        """To the asker alone, through the shortcut's response_url (works in any channel,
        whether or not the bot is a member)."""
        if not target.response_url:
            return
        try:
            await AsyncWebhookClient(target.response_url, timeout=10, logger=log).send(
                text=message.text,
                blocks=message.blocks,
                response_type="ephemeral",
                replace_original=False,
            )
        except Exception as exc:
            self._failed(exc, "response_url")

    def _failed(self, exc: Exception, call: str) -> None:
        self._api_errors.count(exc)
        code = error_code(exc) or type(exc).__name__
        log.warning("slack check: a call failed", extra={"call": call, "error": code})
