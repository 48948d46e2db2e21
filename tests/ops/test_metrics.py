"""Metrics count what the core, the reminders and the adapters report, on a private registry."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot.advisor import Asker
from bot.app import open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.metrics import Metrics
from bot.profiles import WorkspaceKey


def _samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.render().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_two_instances_do_not_share_counts() -> None:
    first, second = Metrics(), Metrics()
    first.reminder_outcome("sent")
    assert _samples(first)[("advisor_reminders_total", (("outcome", "sent"),))] == 1
    assert _samples(second)[("advisor_reminders_total", (("outcome", "sent"),))] == 0


def test_counters_for_reminders_and_platform_errors() -> None:
    metrics = Metrics()
    metrics.reminder_outcome("sent", 2)
    metrics.reminder_outcome("skipped")
    metrics.reminder_outcome("paused")
    metrics.platform_error("slack", "rate_limited")
    samples = _samples(metrics)
    assert samples[("advisor_reminders_total", (("outcome", "sent"),))] == 2
    assert samples[("advisor_reminders_total", (("outcome", "skipped"),))] == 1
    assert samples[("advisor_reminders_total", (("outcome", "paused"),))] == 1
    key = ("advisor_platform_errors_total", (("kind", "rate_limited"), ("platform", "slack")))
    assert samples[key] == 1


async def test_questions_are_counted_by_platform_and_outcome(
    tmp_path: Path, trained: tuple[KnowledgeBase, Matcher]
) -> None:
    metrics = Metrics()
    async with open_core(
        tmp_path / "db.sqlite3", observer=metrics, knowledge=trained[0], matcher=trained[1]
    ) as core:
        slack = Asker(WorkspaceKey("slack", "T1"))
        await core.advisor.ask(slack, "Do hashtags still help reach in 2024?")
        await core.advisor.ask(slack, "hello")
        await core.advisor.ask(Asker(WorkspaceKey("discord", "G1")), "best pizza in town?")
    samples = _samples(metrics)
    counted = {
        labels: value
        for (name, labels), value in samples.items()
        if name == "advisor_questions_total"
    }
    assert sum(counted.values()) == 3
    assert counted[(("outcome", "introduced"), ("platform", "slack"))] == 1
    assert counted[(("outcome", "declined"), ("platform", "discord"))] == 1
    latency = samples[("advisor_answer_latency_seconds_count", (("platform", "slack"),))]
    assert latency == 2
