"""The team-entry form: admins add an entry for their workspace from App Home or with
`/advisor knowledge add`. Fields: title, answer, example questions (one per line), languages.

Block ids are the core's field names (bot/team_form.py), so an `InvalidInput(field=…)` lands
under the right input. Members get a polite refusal, in a modal or, for a forged submission, as
an error under the title.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import AdminDirectory
from adapters.slack.api_errors import ApiErrors
from adapters.slack.blocks import Block, plain, section
from adapters.slack.conversation import workspace_of
from adapters.slack.inflight import InFlight
from adapters.slack.words import WORDS
from bot.advisor import Asker
from bot.app import Core
from bot.i18n import t
from bot.replies import Notice
from bot.request import Failure, Request
from bot.team_form import LANGUAGES, MAX_ANSWER, MAX_EXAMPLE, MAX_EXAMPLES, MAX_TITLE, TeamForm
from bot.text import Language, clean

log = logging.getLogger(__name__)

CALLBACK_ID = "advisor_team_entry"
ACTION = "value"
_FIELDS = {"title", "answer", "examples", "languages"}
_ADD_WORDS = {"add", "new", "أضف", "اضف", "إضافة", "اضافة"}
# Each language named in itself, whatever the form's language.
_LANGUAGE_NAMES: dict[str, str] = {"en": t("intro.own_name", "en"), "ar": t("intro.own_name", "ar")}


def is_add_command(text: str) -> bool:
    """`/advisor knowledge add` (or المعرفة أضف): opens the form instead of a text reply."""
    words = clean(text).lower().split()
    return (
        len(words) == 2
        and words[0] in {"knowledge", "المعرفة", "معرفة"}
        and words[1] in (_ADD_WORDS)
    )


def _word(key: str, language: Language, limit: int = 2000) -> dict[str, Any]:
    return plain(WORDS.format(f"team_form.{key}", language), limit)


def _text_input(block_id: str, language: Language, *, multiline: bool, max_length: int) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": ACTION,
        "multiline": multiline,
        "max_length": max_length,
    }
    hint = f"team_form.hint.{block_id}"
    if hint in WORDS:
        element["placeholder"] = plain(WORDS.format(hint, language), 150)
    return {
        "type": "input",
        "block_id": block_id,
        "label": _word(f"field.{block_id}", language),
        "element": element,
    }


def entry_modal(language: Language) -> dict[str, Any]:
    def option(name: str) -> dict[str, Any]:
        return {"text": plain(_LANGUAGE_NAMES[name], 75), "value": name}

    languages: Block = {
        "type": "input",
        "block_id": "languages",
        "label": _word("field.languages", language),
        "element": {
            "type": "checkboxes",
            "action_id": ACTION,
            "options": [option(name) for name in LANGUAGES],
            "initial_options": [option(language)],
        },
    }
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _word("title", language, 24),
        "submit": _word("submit", language, 24),
        "close": _word("close", language, 24),
        "private_metadata": json.dumps({"language": language}),
        "blocks": [
            section(WORDS.format("team_form.intro", language)),
            _text_input("title", language, multiline=False, max_length=MAX_TITLE),
            _text_input("answer", language, multiline=True, max_length=MAX_ANSWER),
            _text_input(
                "examples",
                language,
                multiline=True,
                max_length=min(3000, MAX_EXAMPLES * (MAX_EXAMPLE + 1)),
            ),
            languages,
        ],
    }


def notice_modal(language: Language, text: str) -> dict[str, Any]:
    """A refusal or a confirmation: a modal with only a Close button."""
    return {
        "type": "modal",
        "title": _word("title", language, 24),
        "close": _word("done", language, 24),
        "blocks": [section(text)],
    }


def parse_form(view: dict[str, Any]) -> TeamForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(block_id: str) -> dict[str, Any]:
        return values.get(block_id, {}).get(ACTION, {}) or {}

    def text(block_id: str) -> str:
        raw = state(block_id).get("value")
        return raw if isinstance(raw, str) else ""

    chosen = [
        str(option.get("value"))
        for option in state("languages").get("selected_options") or []
        if isinstance(option, dict)
    ]
    return TeamForm(
        title=text("title"), answer=text("answer"), examples=text("examples"), languages=chosen
    )


def _modal_language(view: dict[str, Any]) -> Language:
    try:
        language = json.loads(view.get("private_metadata") or "{}").get("language")
    except (ValueError, AttributeError):
        language = None
    return "ar" if language == "ar" else "en"


class TeamEntryForm:
    """The listeners: open the form (command, App Home button) and save a submission."""

    def __init__(
        self, *, core: Core, admins: AdminDirectory, inflight: InFlight, api_errors: ApiErrors
    ) -> None:
        self._core = core
        self._admins = admins
        self._inflight = inflight
        self._api_errors = api_errors

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        await self._open(client, context, command.get("user_id"), command.get("trigger_id"))

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        await self._open(client, context, context.user_id, body.get("trigger_id"))

    async def _open(
        self,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        user: str | None,
        trigger_id: str | None,
    ) -> None:
        async with self._inflight.work():

            async def open_form(asker: Asker, language: Language) -> None:
                view = (
                    entry_modal(language)
                    if asker.is_admin
                    else notice_modal(language, t("not.permitted", language))
                )
                await client.views_open(trigger_id=trigger_id or "", view=view)

            # A failure is logged by the request handler; the trigger lives 3 s, so nothing
            # more can be shown once opening failed.
            await self._core.requests.run(self._request(client, context, user), open_form)

    def _request(
        self, client: AsyncWebClient, context: AsyncBoltContext, user: str | None
    ) -> Request:
        workspace = workspace_of(context)

        async def is_admin() -> bool:
            if not user:
                return False
            return await self._admins.is_admin(client, team_id=workspace.workspace_id, user_id=user)

        return Request(
            asker=Asker(workspace, user_id=user or ""),
            admin_check=is_admin,
            surface="slack.team_entry_form",
        )

    async def on_submit(
        self,
        ack: AsyncAck,
        view: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        # Errors travel in the ack itself, so the work happens before it.
        language = _modal_language(view)
        team = self._core.team
        form = parse_form(view)

        async def save(asker: Asker, language: Language) -> Notice:
            return await team.add_form(
                asker.workspace, form, by=asker.user_id, is_admin=asker.is_admin, language=language
            )

        request = replace(self._request(client, context, context.user_id), language=language)
        saved = await self._core.requests.run(request, save)
        if isinstance(saved, Failure):
            field = saved.field if saved.field in _FIELDS else "title"
            await ack(response_action="errors", errors={field: saved.reason[:300]})
            return
        await ack(response_action="update", view=notice_modal(language, saved.title))
