"""`/healthz`, `/readyz` and `/metrics` on the shared aiohttp server.

`/healthz` answers while the process is alive (the container's HEALTHCHECK). `/readyz` says
whether it can do its job: the database answers, every adapter is connected, the reminder
scheduler is running, and it is not shutting down. Orchestrators route traffic on the second
and restart on the first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from aiohttp import web

from bot.metrics import CONTENT_TYPE, Metrics
from bot.runtime import AdapterRuntime
from bot.storage import Database

_DATABASE_TIMEOUT = 2.0


class Readiness:
    """The checks behind `/readyz`; the runner flips `draining` on SIGTERM."""

    def __init__(
        self,
        *,
        database: Database,
        runtimes: Sequence[AdapterRuntime] = (),
        scheduler_alive: Callable[[], bool] | None = None,
    ) -> None:
        self._database = database
        self._runtimes = runtimes
        self._scheduler_alive = scheduler_alive
        self.draining = False

    async def database_ok(self) -> bool:
        try:
            async with asyncio.timeout(_DATABASE_TIMEOUT):
                row = await self._database.fetch_one("SELECT 1")
        except Exception:  # any failure means "not reachable"; the reason is not the probe's job
            return False
        return row is not None

    async def checks(self) -> dict[str, bool]:
        results = {"database": await self.database_ok()}
        for runtime in self._runtimes:
            results[f"adapter:{runtime.name}"] = runtime.is_ready()
        if self._scheduler_alive is not None:
            results["scheduler"] = self._scheduler_alive()
        results["accepting"] = not self.draining
        return results


def health_routes(readiness: Readiness, metrics: Metrics) -> list[web.RouteDef]:
    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(_: web.Request) -> web.Response:
        checks = await readiness.checks()
        ready = all(checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    return [
        web.get("/healthz", healthz, allow_head=True),
        web.get("/readyz", readyz, allow_head=True),
        web.get("/metrics", metrics_page),
    ]
