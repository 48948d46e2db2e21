"""The Discord adapter as the runner drives it (`bot.runtime.AdapterRuntime`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

import discord

from adapters.discord.client import AdvisorClient, build_client
from adapters.discord.context import DEFER_AFTER, Services
from adapters.discord.endpoints import point_at
from adapters.discord.reminders import DiscordReminderPoster
from adapters.discord.settings import DiscordSettings
from bot.app import Core
from bot.errors import ConfigurationError, PlatformError
from bot.http import Route
from bot.metrics import AdapterMetrics
from bot.runtime import AdapterRuntime
from bot.settings import Settings
from bot.workqueue import WorkQueue

log = logging.getLogger(__name__)

_RECONNECT_ATTEMPTS = 5


def skip_unreadable_events(client: discord.Client, *, on_connected: Callable[[], None]) -> None:
    """Makes a gateway event that discord.py cannot parse cost that event only.

    discord.py parses each event inside its gateway reader; one payload it does not expect (a
    field missing, as in Discord's own documented examples) raises there and ends the reader,
    leaving a bot that looks connected and hears nothing. Each parser is wrapped so the failure
    is logged with the event's type and the reader goes on. `_connection` is discord.py's
    ConnectionState; its `parsers` table is what the gateway looks events up in.
    """
    parsers: dict[str, Any] = client._connection.parsers
    for event, parse in list(parsers.items()):
        parsers[event] = _logged_parser(
            event, parse, after=on_connected if event in {"READY", "RESUMED"} else None
        )


def _logged_parser(event: str, parse: Any, *, after: Callable[[], None] | None) -> Any:
    def parse_or_skip(data: Any) -> None:
        try:
            parse(data)
            if after is not None:
                after()
        except Exception:
            log.exception(
                "discord: a gateway event could not be read; skipped", extra={"event": event}
            )

    return parse_or_skip


class DiscordRuntime:
    name = "discord"

    def __init__(
        self,
        *,
        settings: DiscordSettings,
        core: Core,
        ready_timeout: float = 60.0,
        drain_timeout: float = 5.0,
        defer_after: float = DEFER_AFTER,
        client_options: dict[str, Any] | None = None,
        work: WorkQueue | None = None,
    ) -> None:
        if settings.discord_token is None:
            raise ConfigurationError("DISCORD_TOKEN is not set; the Discord adapter cannot start.")
        self._settings = settings
        self._token = settings.discord_token.get_secret_value()
        self.work = work or WorkQueue("discord", in_flight=200, waiting=1000)
        self._services = Services(
            advisor=core.advisor,
            reminders=core.reminders,
            requests=core.requests,
            defer_after=defer_after,
            work=self.work,
        )
        self._turns = core.database
        self._ready_timeout = ready_timeout
        self._drain_timeout = drain_timeout
        self._client_options = client_options or {}
        self._client: AdvisorClient | None = None
        self._connection: asyncio.Task[None] | None = None
        self._reconnecting = False

    @property
    def client(self) -> AdvisorClient:
        if self._client is None:
            raise RuntimeError("the Discord runtime has not been started")
        return self._client

    def set_metrics(self, metrics: AdapterMetrics) -> None:
        """Called by the runner: failed Discord API calls are counted from now on."""
        self._services.api_errors.attach(metrics)
        metrics.watch_queue(self.work)

    def http_routes(self) -> Sequence[Route]:
        return []  # Everything arrives over the gateway.

    async def start(self) -> None:
        """Logs in, connects in the background, returns once the gateway says READY."""
        point_at(self._settings)
        client = build_client(
            services=self._services,
            answer_mentions=self._settings.discord_answer_mentions,
            shard_count=self._settings.discord_shard_count,
            shard_ids=self._settings.shard_ids,
            turns=self._turns,
            **self._client_options,
        )
        self._client = client
        try:
            with self._services.api_errors.counting():
                await client.login(self._token)
        except discord.LoginFailure as exc:
            await client.close()
            raise ConfigurationError(
                "DISCORD_TOKEN was rejected by Discord. Copy the bot token again from the "
                "developer portal's Bot page."
            ) from exc
        except (discord.HTTPException, OSError) as exc:
            await client.close()
            raise PlatformError(f"Discord login failed: {exc}") from exc
        skip_unreadable_events(client, on_connected=self._connected)
        self._connection = asyncio.create_task(self._stay_connected(client), name="discord-gateway")
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._connection},
            timeout=self._ready_timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if ready not in done:
            ready.cancel()
            failure = self._connection.exception() if self._connection in done else None
            if failure is not None:
                self._services.api_errors.count(failure)  # the gateway refused or dropped us
            await self.stop()
            raise PlatformError(f"Discord gateway did not become ready: {failure}") from failure
        log.info("discord ready", extra={"user": str(client.user)})

    async def stop(self) -> None:
        """Refuses new requests, lets running ones finish, then disconnects."""
        try:
            if self._client is not None and self._client.is_ready():
                await self._client.drain(self._drain_timeout)
        finally:
            if self._client is not None:
                await self._client.close()
        if self._connection is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection

    def is_ready(self) -> bool:
        client = self._client
        return (
            client is not None
            and client.is_ready()
            and not client.is_closed()
            and not self._reconnecting
            and self._connection is not None
            and not self._connection.done()
        )

    def _connected(self) -> None:
        self._reconnecting = False

    async def _stay_connected(self, client: AdvisorClient) -> None:
        """`client.connect()` handles network trouble itself; anything else it raises ends its
        reader. Log it, report not ready, and connect again, a few times, before giving up
        (the task then ends and readiness stays false)."""
        for attempt in range(1, _RECONNECT_ATTEMPTS + 1):
            try:
                await client.connect()
                return  # closed on purpose
            except Exception as exc:
                if client.is_closed():
                    return
                self._reconnecting = True
                self._services.api_errors.count(exc)
                log.error(
                    "discord gateway reader failed; reconnecting",
                    extra={"error": type(exc).__name__, "attempt": attempt},
                )
                if client.ws is not None:
                    with contextlib.suppress(Exception):
                        await client.ws.close(code=1000)
                await asyncio.sleep(min(2.0**attempt, 30.0))
        log.error("discord gateway: giving up after repeated failures; not ready")

    def reminder_poster(self) -> DiscordReminderPoster:
        return DiscordReminderPoster(client=self.client, api_errors=self._services.api_errors)


def create_runtime(settings: Settings, core: Core) -> AdapterRuntime:
    work = WorkQueue(
        "discord",
        in_flight=settings.core.work_queue_in_flight,
        waiting=settings.core.work_queue_waiting,
    )
    return DiscordRuntime(settings=settings.area("discord", DiscordSettings), core=core, work=work)
