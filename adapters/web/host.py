"""`bot.http.WebHost` on aiohttp: the core's plain routes served within `HttpLimits`.

Two translations and a thin handler: an aiohttp request becomes an `HttpRequest` once its
body is read (within the body timeout), an `HttpResponse` becomes an aiohttp response. The
protections themselves (connection cap, slow-client timers, body caps) are in limits.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

from adapters.web.limits import (
    LIMIT_ATTRIBUTE,
    READ_SIZE,
    Budget,
    Connections,
    Handler,
    Site,
    accept_backlog,
    middleware,
    read_body,
    refuse,
)
from bot.http import HttpLimits, HttpRequest, HttpResponse, Route

log = logging.getLogger(__name__)


class AiohttpHost:
    """Registered under the `value_advisor.web` entry point (pyproject.toml)."""

    def __init__(self, *, access_log: bool = True) -> None:
        self._routes: list[Route] = []
        self._access_log = access_log
        self._runner: web.AppRunner | None = None

    def add_routes(self, routes: Sequence[Route]) -> None:
        self._routes.extend(routes)

    async def start(
        self, *, host: str, port: int, limits: HttpLimits, shutdown_timeout: float = 10.0
    ) -> int:
        pool = Connections(limits)
        biggest = max(
            [limits.max_body_bytes] + [r.max_body_bytes or 0 for r in self._routes],
        )
        app = web.Application(
            middlewares=[middleware(pool, Budget(limits.body_budget_bytes))],
            client_max_size=biggest,
        )
        app.add_routes([_route(route, limits.body_timeout) for route in self._routes])
        # One line per health probe would drown everything else.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        options: dict[str, Any] = {} if self._access_log else {"access_log": None}
        runner = web.AppRunner(
            app,
            handle_signals=False,
            shutdown_timeout=shutdown_timeout,
            keepalive_timeout=limits.idle_timeout,
            # An unread body (a refused request) is not drained for long: the connection closes.
            lingering_time=1.0,
            read_bufsize=READ_SIZE,
            **options,
        )
        await runner.setup()
        site = Site(runner, host, port, pool, backlog=accept_backlog(pool.cap))
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        return site.bound_port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            # cleanup() closes the listener, waits for running handlers, then closes the app.
            await runner.cleanup()

    def is_serving(self) -> bool:
        return self._runner is not None


def _route(route: Route, body_timeout: float) -> web.RouteDef:
    async def handle(request: web.Request) -> web.StreamResponse:
        head = to_http_request(request)
        if route.screen is not None:
            refused = route.screen(head)
            if refused is not None:
                return to_aiohttp_response(refused)
        if request.body_exists:
            body = await read_body(request, body_timeout)
            if body is None:
                return refuse(408, "body timeout", path=request.path)
            head = replace(head, body=body)
        return to_aiohttp_response(await route.handler(head))

    if route.max_body_bytes is not None:
        setattr(handle, LIMIT_ATTRIBUTE, route.max_body_bytes)
    aiohttp_handler: Handler = handle
    if route.method == "GET":
        return web.get(route.path, aiohttp_handler, allow_head=True)
    return web.route(route.method, route.path, aiohttp_handler)


def to_http_request(request: web.Request) -> HttpRequest:
    """The head of `request` (the body is added once read)."""
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        # A repeated header is one list (RFC 9110, 5.3).
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return HttpRequest(
        method=request.method,
        path=request.path,
        query=request.rel_url.raw_query_string,
        headers=headers,
    )


def to_aiohttp_response(answer: HttpResponse) -> web.Response:
    headers: CIMultiDict[str] = CIMultiDict(answer.headers)
    if answer.content_type is not None:
        headers["Content-Type"] = answer.content_type
    response = web.Response(status=answer.status, body=answer.body or None, headers=headers)
    if answer.close:
        response.force_close()
    return response
