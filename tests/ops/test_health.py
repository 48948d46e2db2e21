"""/healthz, /readyz and /metrics over HTTP, as a load balancer and Prometheus see them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from bot.health import Readiness, health_routes
from bot.http import Route
from bot.metrics import AdapterMetrics, Metrics
from bot.reminders.ports import ReminderPoster
from bot.storage import SqliteDatabase
from tests.serving import serving


@dataclass
class FakeRuntime:
    name: str = "fake"
    ready: bool = True
    routes: list[Route] = field(default_factory=list)

    def http_routes(self) -> Sequence[Route]:
        return self.routes

    def set_metrics(self, metrics: AdapterMetrics) -> None:
        pass  # these probes read readiness only

    async def start(self) -> None:
        self.ready = True

    def reminder_poster(self) -> ReminderPoster | None:
        return None  # no reminders on this platform

    async def stop(self) -> None:
        self.ready = False

    def is_ready(self) -> bool:
        return self.ready


@dataclass
class Probe:
    client: aiohttp.ClientSession
    readiness: Readiness
    runtime: FakeRuntime
    metrics: Metrics
    database: SqliteDatabase
    scheduler: dict[str, bool]


@pytest.fixture
async def probe(tmp_path: Path) -> AsyncIterator[Probe]:
    database = await SqliteDatabase.open(tmp_path / "advisor.sqlite3")
    runtime = FakeRuntime()
    scheduler = {"alive": True}
    readiness = Readiness(
        database=database, runtimes=[runtime], scheduler_alive=lambda: scheduler["alive"]
    )
    metrics = Metrics()
    try:
        async with (
            serving(health_routes(readiness, metrics)) as url,
            aiohttp.ClientSession(base_url=url) as client,
        ):
            yield Probe(client, readiness, runtime, metrics, database, scheduler)
    finally:
        await database.close()


async def test_healthz_answers_while_alive(probe: Probe) -> None:
    response = await probe.client.get("/healthz")
    assert response.status == 200
    assert await response.text() == "ok\n"


async def test_readyz_when_everything_is_up(probe: Probe) -> None:
    response = await probe.client.get("/readyz")
    assert response.status == 200
    assert await response.json() == {
        "ready": True,
        "checks": {"database": True, "adapter:fake": True, "scheduler": True, "accepting": True},
    }


@pytest.mark.parametrize("failure", ["adapter", "scheduler", "draining", "database"])
async def test_readyz_503_names_what_is_down(probe: Probe, failure: str) -> None:
    if failure == "adapter":
        probe.runtime.ready = False
        key = "adapter:fake"
    elif failure == "scheduler":
        probe.scheduler["alive"] = False
        key = "scheduler"
    elif failure == "draining":
        probe.readiness.draining = True
        key = "accepting"
    else:
        await probe.database.close()
        key = "database"
    response = await probe.client.get("/readyz")
    assert response.status == 503
    body = await response.json()
    assert body["ready"] is False
    assert [name for name, ok in body["checks"].items() if not ok] == [key]
    # Liveness is about the process, not its dependencies: it stays up.
    async with probe.client.get("/healthz") as alive:
        assert alive.status == 200


async def test_metrics_in_prometheus_text_format(probe: Probe) -> None:
    probe.metrics.question_answered(
        platform="slack", outcome="answered", entry_id="4", seconds=0.004
    )
    probe.metrics.platform_error("discord", "timeout")
    response = await probe.client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = await response.text()
    assert 'advisor_questions_total{outcome="answered",platform="slack"} 1.0' in text
    assert 'advisor_answer_latency_seconds_bucket{le="0.005",platform="slack"} 1.0' in text
    assert 'advisor_platform_errors_total{kind="timeout",platform="discord"} 1.0' in text
    assert "# TYPE advisor_reminders_total counter" in text
    # Its own registry: nothing from the global default (process_/python_ collectors).
    assert "python_info" not in text
