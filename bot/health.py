"""`/healthz`, `/readyz` and `/metrics` on the shared HTTP server (bot/http.py).

`/healthz` answers while the process is alive (the container's HEALTHCHECK). `/readyz` says
whether it can do its job: the database answers, every adapter is connected, the reminder
scheduler is running, and it is not shutting down. Orchestrators route traffic on the second
and restart on the first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from bot.http import HttpRequest, HttpResponse, Route, get
from bot.metrics import CONTENT_TYPE, Metrics
from bot.runtime import AdapterRuntime
from bot.storage import Database

log = logging.getLogger(__name__)

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
        self._last_problem: str | None = None
        self.draining = False

    async def database_problem(self) -> str | None:
        """Why the database cannot take writes (a real write, the free space, and the file
        still being the one opened); None when it can."""
        try:
            async with asyncio.timeout(_DATABASE_TIMEOUT):
                problem = await self._database.writable_problem()
        except TimeoutError:
            problem = f"the database did not answer within {_DATABASE_TIMEOUT:g} s"
        if problem != self._last_problem:
            # Logged when it changes, not on every probe: a load balancer asks every few seconds.
            if problem is not None:
                log.error("database not writable", extra={"reason": problem})
            else:
                log.info("database writable again")
            self._last_problem = problem
        return problem

    @property
    def last_problem(self) -> str | None:
        return self._last_problem

    async def database_ok(self) -> bool:
        return await self.database_problem() is None

    async def checks(self) -> dict[str, bool]:
        results = {"database": await self.database_ok()}
        for runtime in self._runtimes:
            results[f"adapter:{runtime.name}"] = runtime.is_ready()
        if self._scheduler_alive is not None:
            results["scheduler"] = self._scheduler_alive()
        results["accepting"] = not self.draining
        return results


def health_routes(readiness: Readiness, metrics: Metrics) -> list[Route]:
    async def healthz(_: HttpRequest) -> HttpResponse:
        return HttpResponse.text("ok\n")

    async def readyz(_: HttpRequest) -> HttpResponse:
        checks = await readiness.checks()
        ready = all(checks.values())
        body: dict[str, object] = {"ready": ready, "checks": checks}
        if readiness.last_problem is not None:
            body["database_problem"] = readiness.last_problem
        return HttpResponse.json(body, status=200 if ready else 503)

    async def metrics_page(_: HttpRequest) -> HttpResponse:
        return HttpResponse(body=metrics.render(), content_type=CONTENT_TYPE)

    return [get("/healthz", healthz), get("/readyz", readyz), get("/metrics", metrics_page)]
