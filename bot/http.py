"""HTTP as the core and the adapters speak it, without naming a web framework.

`run` serves one HTTP server for everything that needs one: /healthz, /readyz and /metrics
(bot/health.py) and the routes adapters declare (`AdapterRuntime.http_routes`, Slack's
/slack/events). The server itself is a `WebHost`, an adapter found through the
`value_advisor.web` entry point (bot/discovery.py); this project's is aiohttp
(adapters/web/). Handlers take an `HttpRequest` and return an `HttpResponse`: both plain
values, so a handler is tested, and a server swapped, without the other.

The host reads a body before the handler runs, within `HttpLimits` (caps, timeouts: what a
reverse proxy would otherwise enforce); a handler never waits on a slow client. A route may
`screen` a request on its head first, so what its headers already condemn (a forged Slack
request) is refused without its body being read at all.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.settings import HttpSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request, body already read. Header names are lower-case; `query` is the raw query
    string, as received (signatures and OAuth read it verbatim)."""

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self) -> str:
        """The media type without parameters; application/octet-stream when none is given
        (RFC 9110, 8.3)."""
        value = self.header("content-type").split(";", 1)[0].strip().lower()
        return value or "application/octet-stream"

    @property
    def content_length(self) -> int | None:
        value = self.header("content-length")
        return int(value) if value.isdigit() else None

    def text(self) -> str:
        """The body as UTF-8; UnicodeDecodeError when it is not."""
        return self.body.decode("utf-8")


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What a handler answers. `headers` may repeat a name (Set-Cookie); `close` ends the
    connection after the answer, so an unread or unwanted body is never drained."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    close: bool = False

    @classmethod
    def text(cls, text: str, *, status: int = 200, close: bool = False) -> HttpResponse:
        return cls(
            status=status,
            body=text.encode("utf-8"),
            content_type="text/plain; charset=utf-8",
            close=close,
        )

    @classmethod
    def json(cls, data: Any, *, status: int = 200) -> HttpResponse:
        return cls(
            status=status,
            body=json.dumps(data).encode("utf-8"),
            content_type="application/json; charset=utf-8",
        )

    def with_header(self, name: str, value: str) -> HttpResponse:
        return HttpResponse(
            status=self.status,
            body=self.body,
            content_type=self.content_type,
            headers=(*self.headers, (name, value)),
            close=self.close,
        )


Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]
# Sees the request before its body is read (`body` empty): a response refuses it as it is;
# None lets it through to the body and the handler.
Screen = Callable[[HttpRequest], HttpResponse | None]


@dataclass(frozen=True, slots=True)
class Route:
    """`method` `path` answered by `handler`. A GET route answers HEAD too. A body larger than
    `max_body_bytes` (None: HTTP_MAX_BODY_BYTES) is refused before it is read, and so is any
    request `screen` refuses."""

    method: str
    path: str
    handler: Handler
    max_body_bytes: int | None = None
    screen: Screen | None = None


def get(path: str, handler: Handler) -> Route:
    return Route("GET", path, handler)


def post(
    path: str, handler: Handler, *, max_body_bytes: int | None = None, screen: Screen | None = None
) -> Route:
    return Route("POST", path, handler, max_body_bytes, screen)


@dataclass(frozen=True, kw_only=True)
class HttpLimits:
    """What the host enforces on every connection and request (HTTP_* settings)."""

    max_connections: int = 256
    idle_timeout: float = 30.0
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    max_body_bytes: int = 16 * 1024
    body_budget_bytes: int = 32 * 1024 * 1024


def limits_from(http: HttpSettings) -> HttpLimits:
    return HttpLimits(
        max_connections=http.http_max_connections,
        idle_timeout=http.http_idle_timeout_seconds,
        header_timeout=http.http_header_timeout_seconds,
        body_timeout=http.http_body_timeout_seconds,
        max_body_bytes=http.http_max_body_bytes,
        body_budget_bytes=http.http_body_budget_bytes,
    )


class WebHost(Protocol):
    """The HTTP server `run` drives: registered under the `value_advisor.web` entry point as a
    class (or callable) taking no argument."""

    def add_routes(self, routes: Sequence[Route]) -> None:
        """Before start: what to serve."""
        ...

    async def start(
        self, *, host: str, port: int, limits: HttpLimits, shutdown_timeout: float
    ) -> int:
        """Listens on host:port within `limits`; returns the port bound (port 0: any free)."""
        ...

    async def stop(self) -> None:
        """Closes the listener, lets running handlers finish (within `shutdown_timeout`),
        then closes every connection."""
        ...

    def is_serving(self) -> bool:
        """Listening and not stopped."""
        ...


class RateLimitedLog:
    """One WARNING per reason per `every` seconds, with how many were folded into it: a flood
    of bad requests costs a few log lines, not one per request."""

    def __init__(self, logger: logging.Logger, *, every: float = 10.0) -> None:
        self._logger = logger
        self._every = every
        self._last: dict[str, float] = {}
        self._folded: dict[str, int] = {}

    def reset(self) -> None:
        self._last.clear()
        self._folded.clear()

    def warning(self, message: str, *, reason: str, **extra: Any) -> None:
        now = time.monotonic()
        if now - self._last.get(reason, -self._every) < self._every:
            self._folded[reason] = self._folded.get(reason, 0) + 1
            return
        self._last[reason] = now
        folded = self._folded.pop(reason, 0)
        self._logger.warning(message, extra={"reason": reason, "repeated": folded, **extra})


# Shared by the host and the adapters' handlers: one budget of log lines for all refusals.
rejections = RateLimitedLog(log)


def refuse(status: int, reason: str, **extra: Any) -> HttpResponse:
    """A short answer that also closes the connection, logged (rate-limited) without a body."""
    rejections.warning("http request refused", reason=reason, status=status, **extra)
    return HttpResponse.text(f"{reason}\n", status=status, close=True)
