"""Builds bolt's AsyncApp and registers the listeners: the only place that names Slack events."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import ApiErrors
from adapters.slack.assistant import build_assistant
from adapters.slack.blocks import (
    ADD_TEAM_ENTRY,
    DID_YOU_MEAN,
    EDIT_PROFILE,
    MORE,
    RELATED,
    VOTE_DOWN,
    VOTE_UP,
)
from adapters.slack.conversation import SlackConversation, workspace_id_of
from adapters.slack.modal import CALLBACK_ID
from adapters.slack.shortcut import FORM_ID, SHORTCUT_ID, CheckShortcut
from adapters.slack.syntax import SLASH_COMMAND
from adapters.slack.team_modal import CALLBACK_ID as TEAM_FORM_ID
from adapters.slack.team_modal import TeamEntryForm, is_add_command

log = logging.getLogger(__name__)

COMMAND = SLASH_COMMAND
# Where bolt puts a whole request body (and so message text) into a log line.
_BODY_MARKERS = ("body:", "request body", "Unhandled request (")


class _WithoutBodies(logging.Filter):
    """Keeps bolt's line, drops the request body from it: bodies carry what people wrote."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for marker in _BODY_MARKERS:
            at = message.find(marker)
            if at >= 0:
                record.msg = message[:at].rstrip(" (,") + " (request body omitted)"
                record.args = ()
                break
        return True


class _RetriesAsWarnings(logging.Filter):
    """slack_sdk's Socket Mode client retries a failed connect every 10 s forever, each time
    at ERROR with a traceback. One WARNING line per attempt is enough: at start the runner's
    deadline reports the failure once, and later /readyz shows the adapter is down."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and record.getMessage().startswith("Failed to connect"):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


class _WithoutTokenNotice(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN from the environment by itself and then says, at every start,
    that it will not use it because a client was given: true, intended, and only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def bolt_logger() -> logging.Logger:
    """The logger handed to bolt (and so to its Socket Mode client); bolt copies its filters
    to the loggers of its middleware."""
    logger = logging.getLogger("slack_bolt")
    for kind in (_WithoutBodies, _RetriesAsWarnings, _WithoutTokenNotice):
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    return logger


def web_client(*, base_url: str, token: str | None = None) -> AsyncWebClient:
    """Every Web API call goes to SLACK_API_URL, with 429s retried after Retry-After."""
    handlers = async_default_handlers()  # keep the connection-error handler
    handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=handlers, logger=log)


Authorize = Callable[[], Awaitable[AuthorizeResult]]


def single_workspace_authorize(
    *, client: AsyncWebClient, token: str, api_errors: ApiErrors | None = None
) -> Authorize:
    """One bot token: auth.test once, shared by every request (bolt's own single-team check
    lets a burst of first requests each call auth.test). A closure, because bolt passes
    arguments by parameter name and would hand a method's `self` a value of its own."""
    lock = asyncio.Lock()
    known: list[AuthorizeResult] = []

    async def authorize() -> AuthorizeResult:
        if not known:
            async with lock:
                if not known:
                    try:
                        response = await client.auth_test(token=token)
                    except Exception as exc:
                        # Counted here, once: bolt swallows a failed authorize into a 401.
                        if api_errors is not None:
                            api_errors.count(exc)
                        raise
                    known.append(
                        AuthorizeResult.from_auth_test_response(
                            bot_token=token,
                            # Every Web API answer lists the token's scopes in this header; the
                            # assistant panel reads it (assistant:write).
                            bot_scopes=response.headers.get("x-oauth-scopes"),
                            auth_test_response=response,
                        )
                    )
        return known[0]

    return authorize


def _one_workspace(*, single_workspace: bool) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Drops what no workspace of ours sent: a payload naming no workspace (rather than pooling
    such payloads together), and, with one bot token, any workspace but the installed one."""

    async def one_workspace(
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        workspace = workspace_id_of(context)
        installed = context.authorize_result
        if workspace is None:
            reason = "no workspace id"
        elif (
            single_workspace
            and installed is not None
            and workspace
            not in {
                installed.team_id,
                installed.enterprise_id,
            }
        ):
            reason = "not the installed workspace"
        else:
            await next()
            return None
        log.warning("slack payload refused", extra={"reason": reason, "workspace": workspace})
        return BoltResponse(status=200, body="")  # acknowledged, so Slack does not retry it

    return one_workspace


async def _knowledge_add(command: dict[str, Any]) -> bool:
    return is_add_command(str(command.get("text") or ""))


def build_app(
    *,
    conversation: SlackConversation,
    client: AsyncWebClient,
    signing_secret: str | None,
    oauth_settings: AsyncOAuthSettings | None = None,
    authorize: AsyncAuthorize | Callable[..., Awaitable[AuthorizeResult]] | None = None,
) -> AsyncApp:
    app = AsyncApp(
        client=client,
        # Socket Mode alone needs no signing secret: bolt verifies only HTTP requests.
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        oauth_settings=oauth_settings,
        authorize=authorize,  # type: ignore[arg-type]  # bolt accepts an AsyncAuthorize too
        installation_store=oauth_settings.installation_store if oauth_settings else None,
        installation_store_bot_only=True if oauth_settings else None,
        logger=bolt_logger(),
        name="advisor",
    )
    app.use(_one_workspace(single_workspace=authorize is not None and oauth_settings is None))
    # Before the listeners: messages in assistant threads go to the side panel's handlers.
    app.assistant(build_assistant(conversation, logger=bolt_logger()))
    app.event("app_mention")(conversation.on_mention)
    # Every subscribed event needs a listener, or Socket Mode never acks it.
    app.event("message")(conversation.on_message)
    app.event("app_home_opened")(conversation.on_home_opened)
    app.event("app_uninstalled")(conversation.on_uninstalled)
    app.event("tokens_revoked")(conversation.on_tokens_revoked)
    team_form = TeamEntryForm(
        core=conversation.core,
        admins=conversation.admins,
        inflight=conversation.inflight,
        api_errors=conversation.api_errors,
    )
    # Before the general listener: bolt runs the first listener that matches.
    app.command(COMMAND, matchers=[_knowledge_add])(team_form.on_command)
    app.command(COMMAND)(conversation.on_command)
    app.action(ADD_TEAM_ENTRY)(team_form.on_button)
    app.view(TEAM_FORM_ID)(team_form.on_submit)
    app.action(VOTE_UP)(conversation.on_vote)
    app.action(VOTE_DOWN)(conversation.on_vote)
    app.action(DID_YOU_MEAN)(conversation.on_did_you_mean)
    app.action(re.compile(f"^{re.escape(RELATED)}"))(conversation.on_did_you_mean)
    app.action(MORE)(conversation.on_more)
    app.action(EDIT_PROFILE)(conversation.on_edit_profile)
    app.view(CALLBACK_ID)(conversation.on_profile_submit)
    check = CheckShortcut(
        matcher=conversation.core.matcher,
        knowledge=conversation.core.knowledge,
        requests=conversation.core.requests,
        inflight=conversation.inflight,
        api_errors=conversation.api_errors,
    )
    app.message_shortcut(SHORTCUT_ID)(check.on_shortcut)
    app.view(FORM_ID)(check.on_submit)
    return app
