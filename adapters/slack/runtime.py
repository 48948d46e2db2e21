"""The Slack runtime: one AsyncApp served over HTTP (/slack/events) or Socket Mode, for one
workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID + SLACK_CLIENT_SECRET, OAuth).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import aiohttp
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import async_default_handlers
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import restarting
from adapters.slack.admins import AdminDirectory
from adapters.slack.api_errors import ApiErrors
from adapters.slack.app import Authorize, build_app, single_workspace_authorize, web_client
from adapters.slack.bolt_http import to_bolt_request, to_http_response
from adapters.slack.conversation import SlackConversation
from adapters.slack.inflight import InFlight
from adapters.slack.installation import Installations, database_engine
from adapters.slack.reminders import SlackReminderPoster
from adapters.slack.replay import WINDOW_SECONDS, SeenSignatures
from adapters.slack.settings import SlackSettings
from adapters.slack.socket import QueuedSocketModeHandler
from bot.app import Core
from bot.errors import ConfigurationError
from bot.http import HttpRequest, HttpResponse, Route, get, post, refuse, rejections
from bot.metrics import AdapterMetrics
from bot.settings import Settings
from bot.workqueue import WorkQueue

log = logging.getLogger(__name__)
T = TypeVar("T")

EVENTS_PATH = "/slack/events"
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_SSL_CHECK_BYTES = 512
# After the grace period: how long cancelled work gets to unwind before connections close.
_UNWIND_SECONDS = 1.0


class SlackRuntime:
    """`bot.runtime.AdapterRuntime` for Slack."""

    name = "slack"

    def __init__(self, *, settings: Settings, core: Core) -> None:
        slack = settings.area("slack", SlackSettings)
        self._settings = settings
        self._api_url = slack.slack_api_url
        self._grace = settings.core.shutdown_grace_seconds
        self._bot_token = _secret(slack.slack_bot_token)
        self._app_token = _secret(slack.slack_app_token)
        self._work = WorkQueue(
            "slack",
            in_flight=settings.core.work_queue_in_flight,
            waiting=settings.core.work_queue_waiting,
        )
        self._inflight = InFlight(self._work)
        self._max_body = slack.slack_max_body_bytes
        self._seen = SeenSignatures()
        # Shared by every caller of the Web API; counts once set_metrics attaches the metrics.
        self._api_errors = ApiErrors()
        self.installations: Installations | None = None
        if slack.oauth:
            self.installations = Installations(
                client_id=slack.slack_client_id or "",
                client_secret=_secret(slack.slack_client_secret) or "",
                engine=database_engine(settings.core.database_target),
                database=settings.core.database_target,
            )
        # No token on the shared client: every request gets its workspace's token from authorize.
        self.client = web_client(base_url=self._api_url)
        self._single: Authorize | None = None
        if self.installations is None and self._bot_token is not None:
            self._single = single_workspace_authorize(
                client=self.client, token=self._bot_token, api_errors=self._api_errors
            )
        conversation = SlackConversation(
            core=core,
            admins=AdminDirectory(api_errors=self._api_errors),
            inflight=self._inflight,
            revoker=self.installations,
            api_errors=self._api_errors,
        )
        self.app: AsyncApp = build_app(
            conversation=conversation,
            client=self.client,
            signing_secret=_secret(slack.slack_signing_secret),
            oauth_settings=self.installations.oauth_settings if self.installations else None,
            authorize=self.installations.authorize if self.installations else self._single,
        )
        signing_secret = _secret(slack.slack_signing_secret)
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self._signing_key = (signing_secret or "").encode()
        self._background: set[asyncio.Task[None]] = set()
        # Bounds bolt pipelines running at once, so each loop turn stays short for new acks.
        self._dispatch_slots = asyncio.Semaphore(8)
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._accepting = False

    # -- AdapterRuntime ----------------------------------------------------------------

    def set_metrics(self, metrics: AdapterMetrics) -> None:
        """Called by the runner: failed Slack API calls are counted from now on."""
        self._api_errors.attach(metrics)
        metrics.watch_queue(self._work)

    def http_routes(self) -> Sequence[Route]:
        routes: list[Route] = []
        if self._app_token is None:
            routes.append(
                post(EVENTS_PATH, self._events, max_body_bytes=self._max_body, screen=self._screen)
            )
        if self.installations is not None:
            settings = self.installations.oauth_settings
            routes.append(get(settings.install_path, self._install))
            routes.append(get(settings.redirect_uri_path, self._oauth_redirect))
        return routes

    async def start(self) -> None:
        """Returns once Slack has accepted the tokens (and, in Socket Mode, the connection is
        open). A rejected token raises ConfigurationError; an unreachable Slack is retried,
        with a WARNING each time, until the runner's start deadline cancels the attempt."""
        # One pooled HTTP session for every Web API call; bolt copies it into each request.
        self._session = aiohttp.ClientSession()
        self.client.session = self._session
        if self.installations is not None:
            await self.installations.create_tables()
        if self._single is not None:
            await _until_reachable("auth.test", "SLACK_BOT_TOKEN", self._single)
        if self._app_token is not None:
            url = await _until_reachable(
                "apps.connections.open", "SLACK_APP_TOKEN", self._socket_url
            )
            self._socket = QueuedSocketModeHandler(
                self.app, app_token=self._app_token, web_client=self.client, work=self._work
            )
            self._socket.client.wss_uri = url  # checked above: connect uses it, not a new one
            handler: Any = self._socket  # connect_async/close_async are untyped in bolt
            await handler.connect_async()
        self._accepting = True
        log.info(
            "slack adapter started",
            extra={
                "mode": "socket" if self._socket else "http",
                "workspaces": "oauth" if self.installations else "single",
            },
        )

    async def _socket_url(self) -> str:
        try:
            response = await self.client.apps_connections_open(app_token=self._app_token or "")
        except Exception as exc:
            self._api_errors.count(exc)
            raise
        return str(response["url"])

    async def stop(self) -> None:
        """No new work, then the work already taken gets one grace period, shared by every
        step; whatever is still running at its end is cancelled and logged."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._grace
        self._accepting = False
        await self._disconnect()
        if self._background:
            await asyncio.wait(set(self._background), timeout=max(0.0, deadline - loop.time()))
        await self._inflight.drained(deadline - loop.time())
        await self._cancel_leftovers()
        if self._socket is not None:
            handler: Any = self._socket  # close_async is untyped in bolt
            await handler.close_async()
            self._socket = None
        if self.installations is not None:
            await self.installations.close()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _disconnect(self) -> None:
        """Socket Mode: the connection is dropped and not re-opened, so Slack sends no more
        envelopes; those already received are acked or retried by Slack."""
        if self._socket is None:
            return
        self._socket.client.auto_reconnect_enabled = False
        handler: Any = self._socket  # disconnect_async is untyped in bolt
        try:
            await handler.disconnect_async()
        except Exception as exc:
            log.warning("slack socket disconnect failed", extra={"error": type(exc).__name__})

    async def _cancel_leftovers(self) -> None:
        leftovers: set[asyncio.Task[Any]] = {t for t in self._background if not t.done()}
        leftovers |= self._inflight.tasks()
        if not leftovers:
            return
        for task in leftovers:
            task.cancel()
        await asyncio.wait(leftovers, timeout=_UNWIND_SECONDS)
        log.warning(
            "slack work still running at shutdown was cancelled",
            extra={"cancelled": len(leftovers)},
        )

    def is_ready(self) -> bool:
        if not self._accepting:
            return False
        if self._socket is None:
            return True
        socket = self._socket.client
        session = socket.current_session
        return not socket.closed and session is not None and not session.closed

    # -- reminders ---------------------------------------------------------------------

    def reminder_poster(self) -> SlackReminderPoster:
        return SlackReminderPoster(
            token_for=self._token_for,
            client_for=self._reminder_client,
            api_errors=self._api_errors,
        )

    async def _token_for(self, team_id: str) -> str | None:
        if self.installations is not None:
            return await self.installations.bot_token(team_id)
        return self._bot_token

    def _reminder_client(self, token: str) -> AsyncWebClient:
        # No rate-limit retries here: the reminder engine backs off using retry_after.
        return AsyncWebClient(
            token=token,
            base_url=self._api_url,
            session=self._session,
            retry_handlers=async_default_handlers(),
            logger=log,
        )

    # -- HTTP --------------------------------------------------------------------------

    def _screen(self, request: HttpRequest) -> HttpResponse | None:
        """Headers that already fail are refused before the body is read (by the host, within
        HTTP_BODY_TIMEOUT_SECONDS and SLACK_MAX_BODY_BYTES); an unsigned short form may be
        Slack's certificate check, which needs its body to tell."""
        if self._verifier is None:
            return None
        timestamp = request.header("X-Slack-Request-Timestamp")
        problem = _header_problem(timestamp, request.header("X-Slack-Signature"))
        if problem is None or (problem == "unsigned" and _may_be_ssl_check(request)):
            return None
        return refuse(401, problem, path=request.path)

    async def _events(self, request: HttpRequest) -> HttpResponse:
        """The signature is checked from the headers (`_screen`, before the body is read) and
        the body before anything else: a forged, stale, replayed or malformed request is
        answered at once, and never logged with its body."""
        if self._verifier is None:  # no signing secret: bolt answers (500) as it always did
            return to_http_response(await self.app.async_dispatch(to_bolt_request(request)))
        timestamp = request.header("X-Slack-Request-Timestamp")
        signature = request.header("X-Slack-Signature")
        problem = _header_problem(timestamp, signature)
        if problem == "unsigned" and _is_ssl_check(request):
            return HttpResponse(status=200)
        if problem is not None:
            return refuse(401, problem, path=request.path)
        if not _signature_matches(self._signing_key, request.body, timestamp, signature):
            return refuse(401, "bad signature", path=request.path)
        if not self._seen.first_time(signature, int(timestamp)):
            # Already done once; "ignored" is the whole answer (a 200, so nothing retries).
            rejections.warning("slack request replayed", reason="replay", path=request.path)
            return HttpResponse(status=200)
        try:
            body = request.text()
        except UnicodeDecodeError:
            return refuse(400, "invalid UTF-8", path=request.path)
        try:
            kind = _payload_kind(body, request.content_type)
        except ValueError:
            return refuse(400, "malformed payload", path=request.path)
        if not self._accepting:
            return self._while_stopped(request, body)
        bolt_request = to_bolt_request(request, body)
        if kind == "event_callback":
            # An event needs nothing but a 200. Acking here, before bolt's middleware runs,
            # keeps acks fast however many answers are being worked on; bolt then dispatches
            # the same request in the background. A full queue means "retry later" (Slack
            # tries again after a minute, then five).
            if not self._work.submit(self._dispatch(bolt_request), name="slack-dispatch"):
                return refuse(503, "work queue full", path=request.path).with_header(
                    "Retry-After", "60"
                )
            return HttpResponse(status=200)
        if kind in ("command", "interaction") and not self._work.has_room():
            self._work.reject()
            return self._busy(body, request.content_type)
        return to_http_response(await self.app.async_dispatch(bolt_request))

    def _while_stopped(self, request: HttpRequest, body: str) -> HttpResponse:
        """Events get a 503 (Slack retries them; the ledger answers the retry once); commands
        and clicks, which Slack never retries, are acked with a "restarting" notice."""
        return self._notice(restarting.while_stopped(body, request.content_type))

    def _busy(self, body: str, content_type: str) -> HttpResponse:
        """A command or click while the queue is full: acked with "busy, try again"."""
        return self._notice(restarting.while_stopped(body, content_type, busy=True))

    def _notice(self, reply: restarting.StoppedAck) -> HttpResponse:
        if reply.status != 200:
            return HttpResponse(status=reply.status)
        if reply.notify is not None:
            self._spawn(restarting.tell(reply.notify, reply.language, busy=reply.busy))
        if reply.body is None:
            return HttpResponse(status=200)
        return HttpResponse.json(reply.body)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _dispatch(self, bolt_request: AsyncBoltRequest) -> None:
        try:
            async with self._dispatch_slots:
                response = await self.app.async_dispatch(bolt_request)
        except Exception:
            log.exception("slack event dispatch failed")
            return
        if response.status >= 400:
            log.warning("slack event not handled", extra={"status": response.status})

    async def _install(self, request: HttpRequest) -> HttpResponse:
        flow = self.app.oauth_flow
        if flow is None:
            return HttpResponse(status=404)
        return to_http_response(await flow.handle_installation(to_bolt_request(request)))

    async def _oauth_redirect(self, request: HttpRequest) -> HttpResponse:
        flow = self.app.oauth_flow
        if flow is None:
            return HttpResponse(status=404)
        return to_http_response(await flow.handle_callback(to_bolt_request(request)))


# Slack's answers meaning "this token will never work": fix the setting, retrying won't help.
_REJECTED = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_allowed_token_type",
}


async def _until_reachable(call: str, setting: str, attempt: Callable[[], Awaitable[T]]) -> T:
    delay = 1.0
    while True:
        try:
            return await attempt()
        except SlackApiError as exc:
            data = exc.response.data
            error = data.get("error") if isinstance(data, dict) else None
            if error in _REJECTED:
                raise ConfigurationError(
                    f"{setting} was rejected by Slack ({error}). Copy it again from your Slack "
                    "app's settings (see .env.example)."
                ) from None
            failure = f"{error or 'unexpected answer'}"
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            failure = type(exc).__name__
        log.warning(
            "slack not reachable at start, retrying",
            extra={"call": call, "error": failure, "retry_in": delay},
        )
        await asyncio.sleep(delay)
        delay = min(delay * 2, 15.0)


def _header_problem(timestamp: str, signature: str) -> str | None:
    """Why the headers alone already fail (None when the body must be read to tell)."""
    if not signature:
        return "unsigned"
    if not timestamp.isdigit() or len(timestamp) > 12:
        return "malformed timestamp"
    if abs(time.time() - int(timestamp)) > WINDOW_SECONDS:
        return "stale timestamp"
    if not _SIGNATURE.fullmatch(signature):
        return "malformed signature"
    return None


def _may_be_ssl_check(request: HttpRequest) -> bool:
    """A short form, by its headers: worth reading to see whether it is `ssl_check=1`."""
    length = request.content_length
    return (
        request.content_type == "application/x-www-form-urlencoded"
        and length is not None
        and 0 < length <= _SSL_CHECK_BYTES
    )


def _is_ssl_check(request: HttpRequest) -> bool:
    """Slack's certificate check (`ssl_check=1`) may come unsigned; bolt answers it before
    verifying, and so does this, for a short form only."""
    if not _may_be_ssl_check(request):
        return False
    form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
    return form.get("ssl_check") == "1"


def _signature_matches(key: bytes, body: bytes, timestamp: str, signature: str) -> bool:
    # Over the bytes as received: slack_sdk's verifier decodes first, which raises on bad UTF-8.
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(key, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _payload_kind(body: str, content_type: str) -> str:
    """event_callback, url_verification, command or interaction; ValueError when the body is
    not what its content type says."""
    if content_type == "application/json":
        parsed = json.loads(body)
        if not isinstance(parsed, dict):
            raise ValueError("not a JSON object")
        return str(parsed.get("type", ""))
    form = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body)))
    if "command" in form:
        return "command"
    if "payload" in form:
        if not isinstance(json.loads(form["payload"]), dict):
            raise ValueError("payload is not a JSON object")
        return "interaction"
    return "form"


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else None


def create_runtime(settings: Settings, core: Core) -> SlackRuntime:
    return SlackRuntime(settings=settings, core=core)
