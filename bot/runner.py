"""`python -m bot run`: the long-running process.

Which mode it picks (README.md, "What `run` starts"), among the installed adapters
(bot.discovery):
- A platform configured (Slack, Discord): its runtime, plus one HTTP server when an adapter
  has routes (Slack HTTP mode) or HEALTH_SERVER=true; the reminder scheduler when present.
- None configured, HEALTH_SERVER=true: headless — health, metrics and the scheduler, no
  console. A container without tokens yet stays up and healthy instead of reading stdin.
- None configured, HEALTH_SERVER unset: the terminal console (the `interactive` adapter).

SIGTERM/SIGINT: `/readyz` turns 503, intake stops (HTTP listener, then each runtime in
reverse order), in-flight answers and reminder sends get SHUTDOWN_GRACE_SECONDS in total,
then connections and the database close. Exit code 0.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.app import Core, open_core
from bot.discovery import installed_adapters, web_host
from bot.errors import AdvisorError, ConfigurationError, PlatformError
from bot.health import Readiness, health_routes
from bot.http import Route, WebHost, limits_from
from bot.logging_setup import configure_logging
from bot.metrics import Metrics
from bot.reminders.feature import Reminders
from bot.retention import purge_daily, purge_feedback
from bot.runtime import Adapter, AdapterRuntime
from bot.settings import Settings
from bot.status import status_provider

log = logging.getLogger(__name__)

RuntimeFactory = Callable[[Settings, Core], AdapterRuntime]


def configured_factories(settings: Settings) -> list[RuntimeFactory]:
    """The runtimes of the installed adapters whose credentials are set (bot.discovery)."""
    return [adapter.create_runtime for adapter in installed_adapters() if adapter.enabled(settings)]


def secret_values(settings: Settings) -> list[str]:
    """Every configured secret, so the log filter can redact them verbatim."""
    values: list[str] = []
    if settings.core.database_url is not None:
        password = urlsplit(settings.core.database_url.get_secret_value()).password
        if password:
            values.append(password)
    values.extend(value for adapter in installed_adapters() for value in adapter.secrets(settings))
    return values


async def run(settings: Settings, *, workspace_id: str = "local") -> int:
    factories = configured_factories(settings)
    console_mode = not factories and not settings.http.health_server
    level = settings.core.log_level
    if console_mode and level == "INFO":
        # The console is a conversation on stdout; routine INFO lines on stderr would interleave.
        level = "WARNING"
    configure_logging(level, settings.core.log_format, secrets=secret_values(settings))
    if console_mode:
        return await run_console_mode(settings, workspace_id=workspace_id)
    return await serve(settings, factories)


def terminal_adapter() -> Adapter:
    """The installed adapter that converses in the terminal (the console)."""
    for adapter in installed_adapters():
        if adapter.interactive:
            return adapter
    raise ConfigurationError(
        "No chat platform is configured and no terminal adapter is installed; set a "
        "platform's token (see .env.example) or reinstall the project (`make install`)."
    )


async def run_console_mode(settings: Settings, *, workspace_id: str = "local") -> int:
    console = terminal_adapter()
    metrics = Metrics()
    async with open_core(
        settings.core.database_target,
        extra_dir=settings.core.knowledge_extra_dir,
        cache_dir=settings.core.cache_dir,
        observer=metrics,
        reminder_settings=settings.reminders,
        console_output=sys.stdout,
    ) as core:
        await purge_feedback(core.database, core.clock, days=settings.core.feedback_retention_days)
        core.reminders.set_metrics(metrics)
        core.commands.status = status_provider(
            clock=core.clock, next_reminder=core.reminders.next_due
        )
        # Console reminders print between the answers, as they fall due.
        scheduler = asyncio.create_task(
            _supervised(core.reminders.run(), "reminder scheduler"), name="scheduler"
        )
        try:
            return await console.converse(core, workspace_id=workspace_id)
        finally:
            await core.reminders.stop()
            await _within(
                asyncio.get_running_loop().time() + settings.core.shutdown_grace_seconds,
                scheduler,
                "reminder scheduler",
            )
            await _cancelled(scheduler)


async def serve(
    settings: Settings,
    factories: Sequence[RuntimeFactory],
    *,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
) -> int:
    """Runs until `stop` is set (by SIGTERM/SIGINT unless handle_signals is False)."""
    stop = stop or asyncio.Event()
    metrics = Metrics()
    # Signals first: a SIGTERM while the matcher loads then ends the start-up cleanly.
    with _signals_set(stop, enabled=handle_signals):
        async with open_core(
            settings.core.database_target,
            extra_dir=settings.core.knowledge_extra_dir,
            cache_dir=settings.core.cache_dir,
            observer=metrics,
            reminder_settings=settings.reminders,
            min_free_bytes=settings.core.database_min_free_bytes,
            # Headless (no chat platform): console reminders go to the log output.
            console_output=None if factories else sys.stdout,
        ) as core:
            code = await _serve_core(settings, core, factories, metrics, stop)
    log.info("stopped", extra={"exit_code": code})
    return code


async def _serve_core(
    settings: Settings,
    core: Core,
    factories: Sequence[RuntimeFactory],
    metrics: Metrics,
    stop: asyncio.Event,
) -> int:
    """Set up, start, serve until `stop`, shut down: 0, or 1 when start-up failed."""
    try:
        runtimes = [factory(settings, core) for factory in factories]
    except Exception:
        log.exception("adapter set-up failed")
        return 1
    _wire(core, runtimes, metrics)
    scheduler = asyncio.create_task(
        _supervised(core.reminders.run(), "reminder scheduler"), name="scheduler"
    )
    purge = asyncio.create_task(
        purge_daily(core.database, core.clock, days=settings.core.feedback_retention_days),
        name="feedback-purge",
    )
    readiness = Readiness(
        database=core.database, runtimes=runtimes, scheduler_alive=lambda: not scheduler.done()
    )
    started = _Started()
    try:
        health = health_routes(readiness, metrics)
        return await _serve_until_stopped(settings, core, runtimes, health, stop, started)
    finally:
        readiness.draining = True
        await _shutdown(
            settings.core.shutdown_grace_seconds,
            started.http,
            started.runtimes,
            core.reminders,
            scheduler,
        )
        await _cancelled(purge)


async def _serve_until_stopped(
    settings: Settings,
    core: Core,
    runtimes: Sequence[AdapterRuntime],
    routes: Sequence[Route],
    stop: asyncio.Event,
    started: _Started,
) -> int:
    """Starts everything and waits for `stop`: 0, or 1 when start-up failed."""
    try:
        await _start(settings, core, runtimes, routes, stop, started)
        await stop.wait()
        log.info("stopping", extra={"grace_seconds": settings.core.shutdown_grace_seconds})
    except AdvisorError as exc:
        # A rejected token, an unreachable platform: one line that says what to fix.
        log.error("start-up failed: %s", exc)
        return 1
    except Exception:
        log.exception("start-up failed")
        return 1
    return 0


@dataclass
class _Started:
    """What has to be stopped again: the HTTP server, and every runtime whose start began."""

    http: WebHost | None = None
    runtimes: list[AdapterRuntime] = field(default_factory=list)


def _wire(core: Core, runtimes: Sequence[AdapterRuntime], metrics: Metrics) -> None:
    """Metrics for the scheduler and each runtime; `status` names the adapters."""
    core.reminders.set_metrics(metrics)
    for runtime in runtimes:
        runtime.set_metrics(metrics)
    core.commands.status = status_provider(
        clock=core.clock,
        adapters=[runtime.name for runtime in runtimes],
        next_reminder=core.reminders.next_due,
    )


async def _start(
    settings: Settings,
    core: Core,
    runtimes: Sequence[AdapterRuntime],
    health: Sequence[Route],
    stop: asyncio.Event,
    started: _Started,
) -> None:
    """The HTTP server when anything is served, then each runtime in turn (recorded in
    `started` as it goes, so a failure half-way stops what did start)."""
    routes = [route for runtime in runtimes for route in runtime.http_routes()]
    if routes or settings.http.health_server:
        started.http = await _start_http(settings, [*health, *routes])
    deadline = settings.core.adapter_start_timeout_seconds
    for runtime in runtimes:
        if stop.is_set():
            break
        started.runtimes.append(runtime)
        if not await _start_adapter(runtime, stop, deadline):
            break  # SIGTERM/SIGINT while connecting
        # After start: a poster may need the live client (Discord's does).
        poster = runtime.reminder_poster()
        if poster is not None:
            core.reminders.register_poster(runtime.name, poster)
    # Knowledge, matcher weights and libraries now live as long as the process: frozen, full
    # collections stop walking them, which otherwise pause the event loop for 50-100 ms and
    # show up as slow acks and callbacks (bench/slack_bench.py, bench/discord_bench.py).
    gc.collect()
    gc.freeze()
    log.info(
        "running",
        extra={
            "adapters": ",".join(r.name for r in runtimes) or "none",
            "http": started.http is not None and started.http.is_serving(),
        },
    )


async def _start_adapter(runtime: AdapterRuntime, stop: asyncio.Event, deadline: float) -> bool:
    """Starts `runtime` within `deadline` seconds: True once started, False when SIGTERM or
    SIGINT came first. A start that fails, or does not finish in time, raises."""
    starting = asyncio.create_task(runtime.start(), name=f"start-{runtime.name}")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        done, _ = await asyncio.wait(
            {starting, stopping}, timeout=deadline, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        stopping.cancel()
    if starting in done:
        starting.result()
        return True
    await _cancelled(starting)
    if stop.is_set():
        log.info("start-up interrupted", extra={"adapter": runtime.name})
        return False
    raise PlatformError(
        f"{runtime.name} did not connect within {deadline:g} s "
        "(ADAPTER_START_TIMEOUT_SECONDS); check its API URL, token and network"
    )


async def _shutdown(
    grace: float,
    http: WebHost | None,
    runtimes: Sequence[AdapterRuntime],
    reminders: Reminders,
    scheduler: asyncio.Task[None],
) -> None:
    """Intake first, then in-flight work, all within one grace period.

    The scheduler is drained before the runtimes stop: it posts through their connections.
    """
    deadline = asyncio.get_running_loop().time() + grace
    await reminders.stop()  # no new claims; the batch being posted carries on
    if http is not None:
        # Closes the listener, waits for running handlers, then closes the connections.
        await _within(deadline, http.stop(), "http server")
    await _within(deadline, asyncio.shield(scheduler), "reminder scheduler")
    await _cancelled(scheduler)
    for runtime in reversed(runtimes):
        await _within(deadline, runtime.stop(), f"adapter {runtime.name}")


async def _cancelled(task: asyncio.Task[Any]) -> None:
    if not task.done():
        task.cancel()
    with suppress(asyncio.CancelledError):
        await task


async def _within(deadline: float, work: Awaitable[Any], what: str) -> None:
    remaining = max(0.0, deadline - asyncio.get_running_loop().time())
    try:
        async with asyncio.timeout(remaining):
            await work
    except TimeoutError:
        log.warning("shutdown grace exceeded", extra={"step": what})
    except Exception:
        log.exception("shutdown step failed", extra={"step": what})


async def _supervised(work: Awaitable[None], what: str) -> None:
    """Logs a crash of a background loop; /readyz then reports it as not alive."""
    try:
        await work
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("background task crashed", extra={"task": what})


async def _start_http(settings: Settings, routes: Sequence[Route]) -> WebHost:
    host = web_host()
    host.add_routes(routes)
    await host.start(
        host=settings.http.http_host,
        port=settings.http.http_port,
        limits=limits_from(settings.http),
        shutdown_timeout=settings.core.shutdown_grace_seconds,
    )
    log.info(
        "http server listening",
        extra={"host": settings.http.http_host, "port": settings.http.http_port},
    )
    return host


@contextmanager
def _signals_set(stop: asyncio.Event, *, enabled: bool) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    wanted = (signal.SIGTERM, signal.SIGINT) if enabled else ()
    for signum in wanted:
        loop.add_signal_handler(signum, stop.set)
    try:
        yield
    finally:
        for signum in wanted:
            loop.remove_signal_handler(signum)
