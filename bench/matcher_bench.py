"""Matcher speed: per-question latency (median, p99), throughput, and a cold `ask`.

    python -m bench.matcher_bench

Targets (issue 2): median <= 0.2 ms and p99 <= 1 ms per question on one core; `python -m bot
ask` under 0.6 s cold (with the trained matcher cached).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.app import build_matcher
from bot.settings import CoreSettings

ROOT = Path(__file__).resolve().parent.parent


def _questions() -> list[str]:
    rows: list[str] = []
    for path in sorted((ROOT / "tests" / "data").glob("heldout*.jsonl")):
        rows += [json.loads(line)["q"] for line in path.read_text("utf-8").splitlines() if line]
    return rows or ["do I need lots of followers?", "هل لازم أكون على Facebook؟"]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    settings = CoreSettings()
    _, matcher = build_matcher(settings.knowledge_extra_dir, settings.cache_dir)
    gc.freeze()  # as the bot does after start-up: the model is long-lived
    questions = _questions()
    for question in questions[:50]:
        matcher.match(question)  # warm the stem cache the way a running bot would be
    timings: list[float] = []
    for _ in range(5):
        for question in questions:
            started = time.perf_counter()
            matcher.match(question)
            timings.append(time.perf_counter() - started)
    total = sum(timings)
    print(f"questions timed: {len(timings)} ({len(questions)} distinct)")
    print(f"match latency median: {statistics.median(timings) * 1000:.3f} ms")
    print(f"match latency p99:    {_percentile(timings, 0.99) * 1000:.3f} ms")
    print(f"throughput:           {len(timings) / total:,.0f} questions/s on one core")

    cold: list[float] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "do I need lots of followers?"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        cold.append(time.perf_counter() - started)
    print(f"cold `python -m bot ask` median: {statistics.median(cold):.3f} s (5 runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
