"""Prometheus metrics for one process, on a registry of its own (tests make as many as they like).

`Metrics` is the advisor's `QuestionObserver` and the reminder scheduler's `ReminderObserver`.
Each adapter runtime is handed it by the runner (`AdapterRuntime.set_metrics`, as
`AdapterMetrics`) and calls `platform_error`; `watch_queue` shows its work queue. `/metrics`
serves `render()`.
"""

from __future__ import annotations

from typing import Final, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.workqueue import WorkQueue

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
QUESTION_OUTCOMES: Final = ("answered", "declined", "ambiguous", "introduced")
REMINDER_OUTCOMES: Final = ("sent", "skipped", "paused", "failed")
# Matching is in-process and fast; the buckets resolve milliseconds, not seconds.
_LATENCY_BUCKETS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class PlatformErrorObserver(Protocol):
    """What an adapter needs to count failed platform API calls (kind: e.g. rate_limited)."""

    def platform_error(self, platform: str, kind: str) -> None: ...


class AdapterMetrics(PlatformErrorObserver, Protocol):
    """What an adapter runtime is given: error counting, and its work queue shown."""

    def watch_queue(self, queue: WorkQueue) -> None: ...


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self._questions = self._counter(
            "advisor_questions",
            "Questions handled, by platform and outcome.",
            "platform",
            "outcome",
        )
        self._latency = Histogram(
            "advisor_answer_latency_seconds",
            "Time from question to composed reply, by platform.",
            ["platform"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._reminders = self._counter(
            "advisor_reminders",
            "Reminder occurrences, by outcome (sent, skipped, paused, failed).",
            "outcome",
        )
        self._platform_errors = self._counter(
            "advisor_platform_errors",
            "Failed chat-platform API calls, by platform and kind (e.g. rate_limited).",
            "platform",
            "kind",
        )
        self._add_work_metrics()
        self._up_since = self._gauge(
            "advisor_start_time_seconds", "Unix time the process started serving."
        )
        self._up_since.set_to_current_time()
        # Pre-create the known series so dashboards see zeros rather than gaps.
        for outcome in REMINDER_OUTCOMES:
            self._reminders.labels(outcome=outcome)

    def _add_work_metrics(self) -> None:
        """Adapters' work queues: what they refused, and how full they are."""
        self._work_rejected = self._counter(
            "advisor_work_rejected",
            "Requests refused because an adapter's work queue was full, by platform.",
            "platform",
        )
        self._work_depth = self._gauge(
            "advisor_work_queue_depth",
            "Work admitted and not finished (running plus waiting), by platform.",
            "platform",
        )
        self._work_running = self._gauge(
            "advisor_work_queue_running", "Work running now, by platform.", "platform"
        )

    def _counter(self, name: str, documentation: str, *labels: str) -> Counter:
        return Counter(name, documentation, list(labels), registry=self.registry)

    def _gauge(self, name: str, documentation: str, *labels: str) -> Gauge:
        return Gauge(name, documentation, list(labels), registry=self.registry)

    def question_answered(
        self, *, platform: str, outcome: str, entry_id: str | None, seconds: float
    ) -> None:
        # entry_id is deliberately not a label: it would multiply series by the knowledge size.
        self._questions.labels(platform=platform, outcome=outcome).inc()
        self._latency.labels(platform=platform).observe(seconds)

    def reminder_outcome(self, outcome: str, count: int = 1) -> None:
        self._reminders.labels(outcome=outcome).inc(count)

    def platform_error(self, platform: str, kind: str) -> None:
        self._platform_errors.labels(platform=platform, kind=kind).inc()

    def work_rejected(self, platform: str) -> None:
        self._work_rejected.labels(platform=platform).inc()

    def watch_queue(self, queue: WorkQueue) -> None:
        """Depth and running are read from the queue when /metrics is scraped."""
        queue.observer = self
        self._work_rejected.labels(platform=queue.name)
        self._work_depth.labels(platform=queue.name).set_function(lambda: queue.depth)
        self._work_running.labels(platform=queue.name).set_function(lambda: queue.running)

    def render(self) -> bytes:
        return generate_latest(self.registry)
