"""The contract between the runner and each chat-platform adapter.

An adapter module exposes a factory, `create_runtime(settings, core) -> AdapterRuntime`
(`adapters.slack.runtime`, `adapters.discord.runtime`). The runner collects the HTTP routes of
every runtime onto one aiohttp server (with /healthz, /readyz and /metrics), starts them,
waits for SIGTERM/SIGINT, then stops them in reverse order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from aiohttp import web


class AdapterRuntime(Protocol):
    name: str

    def http_routes(self) -> Sequence[web.AbstractRouteDef]:
        """Routes to serve on the shared HTTP server; empty when the adapter needs none."""
        ...

    async def start(self) -> None:
        """Connects (websocket, gateway); returns once running in the background."""
        ...

    async def stop(self) -> None:
        """Stops intake, lets in-flight work finish, closes connections."""
        ...

    def is_ready(self) -> bool:
        """Connected and able to answer (for /readyz)."""
        ...
