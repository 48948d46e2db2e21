"""Routes served on 127.0.0.1 as `run` serves them: by the installed `WebHost` (bot/http.py,
found through the `value_advisor.web` entry point), within the HTTP limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.discovery import web_host
from bot.http import HttpLimits, Route, WebHost


@dataclass
class Listening:
    host: WebHost
    url: str


async def start_serving(
    routes: Sequence[Route], *, limits: HttpLimits | None = None, shutdown_timeout: float = 10.0
) -> Listening:
    """Started; the caller stops `host`."""
    host = web_host()
    host.add_routes(routes)
    port = await host.start(
        host="127.0.0.1", port=0, limits=limits or HttpLimits(), shutdown_timeout=shutdown_timeout
    )
    return Listening(host, f"http://127.0.0.1:{port}")


@asynccontextmanager
async def serving(
    routes: Sequence[Route], *, limits: HttpLimits | None = None
) -> AsyncIterator[str]:
    """The base URL while `routes` are served."""
    listening = await start_serving(routes, limits=limits)
    try:
        yield listening.url
    finally:
        await listening.host.stop()
