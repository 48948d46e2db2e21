"""What Slack gets while the adapter is starting or stopping and answers nothing itself.

Slack retries an event callback that failed, so events get a 503 and come back later (the
delivery ledger answers the retry once). Slash commands and interactions are never retried: a
503 shows the user "dispatch_failed". They are acknowledged instead, with a short "restarting"
notice: in the ack itself for a command (and a form submission, which stays open), through the
response_url for a button click.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.modal import modal_language
from adapters.slack.words import WORDS
from bot.text import Language, detect_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoppedAck:
    """The ack (status and JSON body, if any) and, for a click, where to post the notice."""

    status: int
    body: dict[str, Any] | None = None
    notify: str | None = None  # a response_url
    language: Language = "en"
    busy: bool = False


def while_stopped(body: str, content_type: str, *, busy: bool = False) -> StoppedAck:
    """The ack for a request that arrived while nothing is being dispatched (or, `busy`,
    while the work queue is full)."""
    if content_type != "application/x-www-form-urlencoded":
        return StoppedAck(503)  # an event callback (or url_verification): Slack tries again
    key = "busy" if busy else "restarting"
    form = dict(parse_qsl(body, keep_blank_values=True))
    if "command" in form:
        language = detect_language(form.get("text", ""))
        return StoppedAck(
            200, {"response_type": "ephemeral", "text": WORDS.format(key, language)}, busy=busy
        )
    try:
        payload = json.loads(form.get("payload", ""))
    except ValueError:
        return StoppedAck(503)
    if not isinstance(payload, dict):
        return StoppedAck(503)
    if payload.get("type") == "view_submission":
        return _submission(payload.get("view") or {}, key)
    language = _language_of(payload)
    url = payload.get("response_url")
    return StoppedAck(200, None, url if isinstance(url, str) and url else None, language, busy)


def _submission(view: dict[str, Any], key: str) -> StoppedAck:
    # An error under the first input keeps the form, and what was typed, open for a retry.
    language = modal_language(view)
    inputs = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    if not inputs or not inputs[0]:
        return StoppedAck(200)
    errors = {str(inputs[0]): WORDS.format(key, language)}
    return StoppedAck(200, {"response_action": "errors", "errors": errors}, language=language)


def _language_of(payload: dict[str, Any]) -> Language:
    message = payload.get("message") or {}
    for action in payload.get("actions") or []:
        # A "did you mean" button carries the answer's language after a "|".
        if str(action.get("value", "")).endswith("|ar"):
            return "ar"
    return detect_language(str(message.get("text", "")))


async def tell(response_url: str, language: Language, *, busy: bool = False) -> None:
    """Posts the restarting (or busy) notice to the clicker alone; best effort, on its own
    connection (the shared session may not be open yet, or any more)."""
    text = WORDS.format("busy" if busy else "restarting", language)
    try:
        await AsyncWebhookClient(response_url, timeout=5, logger=log).send(
            text=text, response_type="ephemeral", replace_original=False
        )
    except Exception as exc:
        log.warning("could not post the restarting notice", extra={"error": type(exc).__name__})
