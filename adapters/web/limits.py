"""What a reverse proxy would otherwise give the bot's aiohttp server (`bot.http.HttpLimits`).

- A connection cap below the open-files limit. At the cap, a new connection evicts the oldest
  one that is idle or still sending its headers; only when every connection is busy with a
  request is the new one refused. So idle or slow sockets can never lock out `/healthz`.
- An idle timeout (no request in progress) and a header timeout (from the first byte of a
  request to its last header line, however slowly it trickles in: slowloris).
- A body cap per route (`Route.max_body_bytes`, default HTTP_MAX_BODY_BYTES), checked
  against Content-Length before anything is read, and a budget for all bodies being read at
  once. A body without a length (chunked) is refused on every route.
- A body timeout: the body is read here, before the handler runs (`read_body`); a client
  that does not send it in time gets 408.

aiohttp itself covers header line and field sizes (max_line_size, max_field_size, 8190
bytes) and the backlog; its keep-alive timer is set to the idle timeout as a second line, and
client_max_size to the largest route cap. handler_cancellation stays off: a Slack request
whose client went away has usually been acted on already, and cutting its handler short
would leave that work half-done.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.http import HttpLimits, rejections

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Set on an aiohttp handler by the host: its route's body cap.
LIMIT_ATTRIBUTE = "max_body_bytes"
# Bytes read from a socket at once, and buffered per request before the handler reads on:
# asyncio reads 256 KiB and aiohttp buffers up to 512 KiB by default, which is what 500
# connections blasting unread bodies cost (~128 MB) before any of them is even looked at.
READ_SIZE = 16 * 1024
# Files the process needs beyond client sockets: database, logs, outbound API connections.
_FILES_RESERVED = 64


def accept_backlog(cap: int) -> int:
    """The listen backlog for `cap` connections. asyncio accepts up to this many connections
    in one wake-up before an eviction can close an old one, so it is room the cap must leave."""
    return min(128, max(8, cap // 4))


def connection_cap(wanted: int) -> int:
    """`wanted`, lowered to fit the open-files limit (a full table makes accept() fail), with
    room for one batch of accepts beyond the cap."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    budget = soft - _FILES_RESERVED
    if soft == resource.RLIM_INFINITY or budget >= wanted + accept_backlog(wanted):
        return wanted
    fitted = max(16, budget - min(128, max(8, budget // 5)))
    log.warning(
        "HTTP_MAX_CONNECTIONS lowered to fit the open-files limit",
        extra={"wanted": wanted, "used": fitted, "open_files_limit": soft},
    )
    return fitted


def refuse(status: int, reason: str, **extra: Any) -> web.Response:
    """A short answer that also closes the connection, so an unread body is never drained."""
    rejections.warning("http request refused", reason=reason, status=status, **extra)
    response = web.Response(status=status, text=f"{reason}\n")
    response.force_close()
    return response


class Budget:
    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0

    def take(self, amount: int) -> bool:
        if self.used + amount > self.total:
            return False
        self.used += amount
        return True

    def give(self, amount: int) -> None:
        self.used -= amount


_IDLE, _HEADERS, _BUSY = "idle", "headers", "busy"


class _Guarded(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection: the timers and the cap live here."""

    def __init__(self, inner: asyncio.Protocol, pool: Connections) -> None:
        self.inner = inner
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.state = _IDLE
        self._timer: asyncio.TimerHandle | None = None
        self._made = False

    # asyncio.Protocol, forwarded --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if not self.pool.admit(self):
            transport.abort()
            return
        self._made = True
        if hasattr(transport, "max_size"):  # asyncio's selector transport: recv() size
            setattr(transport, "max_size", READ_SIZE)  # noqa: B010 - not in the typed API
        self._arm(self.pool.limits.idle_timeout)
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.state == _IDLE and data:
            self.state = _HEADERS
            self._arm(self.pool.limits.header_timeout)
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.pool.left(self)
        if self._made:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    # request life, told by the middleware ------------------------------------------------

    def request_started(self) -> None:
        self.state = _BUSY
        self._disarm()

    def request_finished(self) -> None:
        self.state = _IDLE
        self._arm(self.pool.limits.idle_timeout)

    def close(self, why: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.pool.closed(why)
            self.transport.abort()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        state = self.state
        self._timer = asyncio.get_running_loop().call_later(seconds, self._expired, state)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self, state: str) -> None:
        self._timer = None
        if self.state == state != _BUSY:
            self.close("idle timeout" if state == _IDLE else "header timeout")


class Connections:
    def __init__(self, limits: HttpLimits) -> None:
        self.limits = limits
        self.cap = connection_cap(limits.max_connections)
        self.open: dict[_Guarded, None] = {}  # insertion order: oldest first
        self.by_transport: dict[int, _Guarded] = {}

    def admit(self, connection: _Guarded) -> bool:
        if len(self.open) >= self.cap:
            victim = next((c for c in self.open if c.state != _BUSY), None)
            if victim is None:
                rejections.warning("http connection refused", reason="connection cap")
                return False
            victim.close("evicted at the connection cap")
            self.left(victim)
        self.open[connection] = None
        assert connection.transport is not None
        self.by_transport[id(connection.transport)] = connection
        return True

    def left(self, connection: _Guarded) -> None:
        if connection in self.open:
            del self.open[connection]
            self.by_transport.pop(id(connection.transport), None)

    def closed(self, why: str) -> None:
        rejections.warning("http connection closed", reason=why)

    def of(self, request: web.Request) -> _Guarded | None:
        transport = request.transport
        return None if transport is None else self.by_transport.get(id(transport))


def middleware(pool: Connections, budget: Budget) -> Any:
    limits = pool.limits

    @web.middleware
    async def limit(request: web.Request, handler: Handler) -> web.StreamResponse:
        connection = pool.of(request)
        if connection is not None:
            connection.request_started()
        try:
            return await _within_limits(request, handler, limits, budget)
        finally:
            if connection is not None:
                connection.request_finished()

    return limit


async def _within_limits(
    request: web.Request, handler: Handler, limits: HttpLimits, budget: Budget
) -> web.StreamResponse:
    if not request.body_exists:
        return await handler(request)
    route_handler = request.match_info.handler
    cap = int(getattr(route_handler, LIMIT_ATTRIBUTE, limits.max_body_bytes))
    length = request.content_length
    if length is None:
        return refuse(411, "length required", path=request.path)
    if length > cap:
        return refuse(413, "body too large", path=request.path, length=length, cap=cap)
    if not budget.take(length):
        return refuse(503, "body budget spent", path=request.path)
    try:
        return await handler(request)
    finally:
        budget.give(length)


async def read_body(request: web.Request, seconds: float) -> bytes | None:
    """The whole body within `seconds`; None when it did not arrive in time (the caller
    answers 408), or the client went away."""
    try:
        async with asyncio.timeout(seconds):
            return await request.read()
    except (TimeoutError, ConnectionError):
        return None


class Site(web.BaseSite):
    """A TCP site whose connections go through `_Guarded` (aiohttp's own TCPSite, with the
    protocol factory wrapped)."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, pool: Connections, backlog: int
    ) -> None:
        super().__init__(runner, backlog=backlog)
        self._host = host
        self._port = port
        self._pool = pool
        self.bound_port = port

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self.bound_port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        pool = self._pool

        def protocol() -> asyncio.Protocol:
            return _Guarded(server(), pool)

        loop = asyncio.get_running_loop()
        listening = await loop.create_server(
            protocol, self._host, self._port, backlog=self._backlog
        )
        self._server = listening
        self.bound_port = int(listening.sockets[0].getsockname()[1])
