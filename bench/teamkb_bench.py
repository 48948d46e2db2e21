"""Team knowledge: retraining time per workspace change and memory per workspace model.

    python -m bench.teamkb_bench [--workspaces 1000]

Each workspace gets one to three entries of its own (posting times, brand voice, launch rules,
…), each with four to six example questions, in English or in both languages. Prints the
median and p95 time to train a workspace's model (what a change costs, in a worker thread),
the time from `knowledge import` to the model being ready through the store (SQLite), and the
memory the models hold with every workspace's model resident (tracemalloc). Target (issue 15):
under 2 s per workspace change. Training is plain Python (bot/logistic.py), as in a lean install.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import time
import tracemalloc
from pathlib import Path
from tempfile import TemporaryDirectory

from bot.app import build_matcher, open_core
from bot.profiles import WorkspaceKey
from bot.settings import CoreSettings
from bot.teamkb import TeamEntry, TeamModel, TeamTrainer

# (id, English title, English examples, Arabic examples): topics teams write down themselves.
_TOPICS = [
    (
        "posting-times",
        "When we post",
        [
            "When is the best time to post?",
            "what time should we tweet",
            "best time to post on linkedin for us",
            "which day should we publish",
            "should we post on weekends",
            "what hour gets the most clicks for our posts",
        ],
        ["ما هو أفضل وقت للنشر؟", "متى ننشر على تويتر", "أي يوم ننشر فيه", "في أي ساعة نغرد"],
    ),
    (
        "brand-voice",
        "Our brand voice",
        [
            "how formal should our replies be",
            "can we use emojis in posts",
            "what tone do we use with customers online",
            "are jokes ok in our brand posts",
            "do we write in first person plural",
        ],
        ["هل نستخدم الإيموجي في منشوراتنا", "ما هي نبرة علامتنا", "هل نكتب بأسلوب رسمي"],
    ),
    (
        "launch-checklist",
        "Before a product launch",
        [
            "what do we post before a launch",
            "who approves launch announcements",
            "launch day checklist for social",
            "how many days before launch do we tease it",
        ],
        ["ماذا ننشر قبل الإطلاق", "من يوافق على إعلان الإطلاق", "قائمة يوم الإطلاق"],
    ),
    (
        "complaints",
        "Handling complaints in public",
        [
            "a customer complained on twitter what do we do",
            "should we reply to angry comments publicly",
            "how fast must we answer a complaint",
            "who handles negative reviews",
            "do we delete rude comments",
        ],
        ["عميل اشتكى على تويتر ماذا نفعل", "هل نرد على التعليقات الغاضبة", "من يتابع الشكاوى"],
    ),
    (
        "giveaways",
        "Giveaways and contests",
        [
            "can we run a giveaway on instagram",
            "rules for our contests",
            "who picks giveaway winners",
            "is a follow-to-win contest allowed",
        ],
        ["هل يمكننا عمل مسابقة على انستغرام", "قواعد المسابقات عندنا", "من يختار الفائزين"],
    ),
]


def _text(title: str, examples: list[str], arabic: bool) -> dict[str, object]:
    text: dict[str, object] = {
        "title": title,
        "claim": examples[0],
        "verdict": "This is how our team does it.",
        "short_answer": "Follow the team's rule. Ask the social lead when unsure.",
        "reasoning": ["We agreed on this after looking at our own results."],
        "actions": ["Check the rule.", "Follow it.", "Tell the social lead what changed."],
        "examples": examples,
    }
    if arabic:
        text["verdict"] = "هكذا يعمل فريقنا."
        text["short_answer"] = "اتبع قاعدة الفريق. اسأل مسؤول التواصل عند الشك."
        text["reasoning"] = ["اتفقنا على هذا بعد النظر في نتائجنا."]
        text["actions"] = ["راجع القاعدة.", "اتبعها.", "أخبر مسؤول التواصل بما تغير."]
    return text


def workspace_entries(rng: random.Random, number: int) -> list[TeamEntry]:
    entries: list[TeamEntry] = []
    for topic_id, title, english, arabic in rng.sample(_TOPICS, rng.randint(1, 3)):
        chosen = rng.sample(english, min(len(english), rng.randint(4, 6)))
        # Each team words things its own way: its product's name in one example.
        chosen[0] = f"{chosen[0]} for product{number}"
        document: dict[str, object] = {"id": topic_id, "en": _text(title, chosen, False)}
        if rng.random() < 0.5:
            document["ar"] = _text(arabic[0], arabic, True)
        entries.append(TeamEntry.model_validate(document))
    return entries


def _rss() -> int:
    """Resident memory of this process (Linux), in bytes."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _through_the_store(workspaces: list[list[TeamEntry]], rounds: int) -> list[float]:
    """From `add` (what `knowledge import` and the admin commands call) to the model ready."""
    settings = CoreSettings()
    knowledge, matcher = build_matcher(None, settings.cache_dir)
    timings: list[float] = []
    with TemporaryDirectory() as directory:
        async with open_core(
            Path(directory) / "bench.sqlite3", knowledge=knowledge, matcher=matcher
        ) as core:
            for number, entries in enumerate(workspaces[:rounds]):
                key = WorkspaceKey("slack", f"T{number}")
                started = time.perf_counter()
                await core.team.add(key, entries, by="bench")
                await core.team.knowledge_for(key)  # waits for the retraining to finish
                timings.append(time.perf_counter() - started)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspaces", type=int, default=1000)
    parser.add_argument("--store-rounds", type=int, default=20)
    args = parser.parse_args()

    settings = CoreSettings()
    knowledge, matcher = build_matcher(None, settings.cache_dir)
    trainer = TeamTrainer(knowledge, matcher.extractor, matcher.model)
    rng = random.Random(15)
    workspaces = [workspace_entries(rng, number) for number in range(args.workspaces)]
    trainer.train(workspaces[0])  # warms the stemmer's cache, as the first change in a process
    gc.collect()

    # Timing pass: every workspace's model trained and kept, as a process serving them all.
    rss_before = _rss()
    models: list[TeamModel] = []
    timings: list[float] = []
    for entries in workspaces:
        started = time.perf_counter()
        model = trainer.train(entries)
        timings.append(time.perf_counter() - started)
        if model is not None:
            models.append(model)
    gc.collect()
    rss_growth = _rss() - rss_before

    # Memory pass (tracemalloc slows Python several times, so not while timing): what a
    # sample of models holds, the entries' texts included.
    sample = workspaces[: min(len(workspaces), 100)]
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    kept = [trainer.train(entries) for entries in sample]
    gc.collect()
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_model = (after - before) / len(kept)

    entry_count = sum(len(entries) for entries in workspaces)
    print(f"workspaces: {len(workspaces)} ({entry_count} team entries)")
    print(f"retraining per workspace median: {statistics.median(timings) * 1000:.0f} ms")
    print(f"retraining per workspace p95:    {_percentile(timings, 0.95) * 1000:.0f} ms")
    print(f"memory per workspace model:      {per_model / 1024:.0f} KiB (tracemalloc, {len(kept)})")
    print(
        f"all {len(models)} models resident:   {per_model * len(models) / 2**20:.1f} MiB "
        f"(process RSS grew {rss_growth / 2**20:.1f} MiB while training them)"
    )
    store = asyncio.run(_through_the_store(workspaces, args.store_rounds))
    print(
        f"import -> model ready (SQLite, {len(store)} workspaces) median: "
        f"{statistics.median(store) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
