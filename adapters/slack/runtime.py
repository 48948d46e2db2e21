"""The Slack runtime: one AsyncApp served over HTTP (/slack/events) or Socket Mode, for one
workspace (SLACK_BOT_TOKEN) or many (SLACK_CLIENT_ID + SLACK_CLIENT_SECRET, OAuth).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
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
from adapters.slack.conversation import SlackConversation
from adapters.slack.inflight import InFlight
from adapters.slack.installation import Installations, sqlite_engine
from adapters.slack.reminders import SlackReminderPoster
from bot.app import Core
from bot.metrics import PlatformErrorObserver
from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# After the grace period: how long cancelled work gets to unwind before connections close.
_UNWIND_SECONDS = 1.0


class SlackRuntime:
    """`bot.runtime.AdapterRuntime` for Slack."""

    name = "slack"

    def __init__(self, *, settings: Settings, core: Core) -> None:
        slack = settings.slack
        self._settings = settings
        self._api_url = slack.slack_api_url
        self._grace = settings.core.shutdown_grace_seconds
        self._bot_token = _secret(slack.slack_bot_token)
        self._app_token = _secret(slack.slack_app_token)
        self._inflight = InFlight()
        # Shared by every caller of the Web API; counts once set_metrics attaches the metrics.
        self._api_errors = ApiErrors()
        self.installations: Installations | None = None
        if slack.oauth:
            self.installations = Installations(
                client_id=slack.slack_client_id or "",
                client_secret=_secret(slack.slack_client_secret) or "",
                engine=sqlite_engine(settings.core.database_path),
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
        self._background: set[asyncio.Task[None]] = set()
        # Bounds bolt pipelines running at once, so each loop turn stays short for new acks.
        self._dispatch_slots = asyncio.Semaphore(8)
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._accepting = False

    # -- AdapterRuntime ----------------------------------------------------------------

    def set_metrics(self, metrics: PlatformErrorObserver) -> None:
        """Called by the runner: failed Slack API calls are counted from now on."""
        self._api_errors.attach(metrics)

    def http_routes(self) -> Sequence[web.AbstractRouteDef]:
        routes: list[web.AbstractRouteDef] = []
        if self._app_token is None:
            routes.append(web.post(EVENTS_PATH, self._events))
        if self.installations is not None:
            settings = self.installations.oauth_settings
            routes.append(web.get(settings.install_path, self._install))
            routes.append(web.get(settings.redirect_uri_path, self._oauth_redirect))
        return routes

    async def start(self) -> None:
        # One pooled HTTP session for every Web API call; bolt copies it into each request.
        self._session = aiohttp.ClientSession()
        self.client.session = self._session
        if self.installations is not None:
            await self.installations.create_tables()
        if self._single is not None:
            await self._check_token()
        if self._app_token is not None:
            self._socket = AsyncSocketModeHandler(
                self.app, app_token=self._app_token, web_client=self.client
            )
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

    async def _check_token(self) -> None:
        # Early and once: a wrong token shows in the log at start, not at the first question.
        # The failure is counted by authorize itself.
        try:
            await self._single()  # type: ignore[misc]
        except SlackApiError as exc:
            log.error("slack rejected the bot token", extra={"error": exc.response.get("error")})
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("slack not reachable at start", extra={"error": type(exc).__name__})

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

    async def _events(self, request: web.Request) -> web.StreamResponse:
        body = await request.text()
        if not self._accepting:
            return self._while_stopped(request, body)
        if self._is_signed_event(request, body):
            # An event needs nothing but a 200. Acking here, before bolt's middleware runs,
            # keeps acks fast however many answers are being worked on; bolt then dispatches
            # the same request (and checks the signature again) in the background.
            bolt_request = AsyncBoltRequest(
                body=body, query=request.query_string, headers=dict(request.headers)
            )
            self._spawn(self._dispatch(bolt_request))
            return web.Response(status=200)
        bolt_request = AsyncBoltRequest(
            body=body,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

    def _while_stopped(self, request: web.Request, body: str) -> web.StreamResponse:
        """Events get a 503 (Slack retries them; the ledger answers the retry once); commands
        and clicks, which Slack never retries, are acked with a "restarting" notice."""
        reply = restarting.while_stopped(body, request.content_type)
        if reply.status != 200:
            return web.Response(status=reply.status)
        if self._verifier is not None and not self._signed(request, body):
            return web.Response(status=401)  # nothing is acked, or posted, for a forgery
        if reply.notify is not None:
            self._spawn(restarting.tell(reply.notify, reply.language))
        if reply.body is None:
            return web.Response(status=200)
        return web.json_response(reply.body)

    def _is_signed_event(self, request: web.Request, body: str) -> bool:
        if self._verifier is None or request.content_type != "application/json":
            return False
        if '"event_callback"' not in body:
            return False
        try:
            kind = json.loads(body).get("type")
        except (ValueError, AttributeError):
            return False
        # Anything not plainly valid goes the slow way, where bolt answers 401.
        return kind == "event_callback" and self._signed(request, body)

    def _signed(self, request: web.Request, body: str) -> bool:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if self._verifier is None or not timestamp.isdigit() or not signature:
            return False
        return self._verifier.is_valid(body, timestamp, signature)

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

    async def _install(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        if flow is None:
            return web.Response(status=404)
        return await to_aiohttp_response(
            await flow.handle_installation(await to_bolt_request(request))
        )

    async def _oauth_redirect(self, request: web.Request) -> web.StreamResponse:
        flow = self.app.oauth_flow
        if flow is None:
            return web.Response(status=404)
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else None


def create_runtime(settings: Settings, core: Core) -> SlackRuntime:
    return SlackRuntime(settings=settings, core=core)


async def serve_slack(settings: Settings, core: Core) -> None:
    """Runs Slack alone on its own HTTP server until cancelled (for runners without the shared
    server; the shared runner uses create_runtime)."""
    runtime = create_runtime(settings, core)
    runner: web.AppRunner | None = None
    routes = runtime.http_routes()
    await runtime.start()
    try:
        if routes:
            web_app = web.Application()
            web_app.add_routes(routes)
            runner = web.AppRunner(web_app)
            await runner.setup()
            site = web.TCPSite(runner, settings.http.http_host, settings.http.http_port)
            await site.start()
        await asyncio.Event().wait()
    finally:
        if runner is not None:
            await runner.cleanup()
        await runtime.stop()
