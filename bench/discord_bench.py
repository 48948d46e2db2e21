"""/ask over Discord: interactions answered per second and callback latency, one process.

    .venv/bin/python -m bench.discord_bench [--questions 2000] [--concurrency 50] [--rate 100]
                                            [--gc-freeze]

The real discord.py client connects to the fake Discord on 127.0.0.1 (tests/discord). Latency
is measured from the gateway dispatch of INTERACTION_CREATE to the interaction callback
arriving at the fake: event parsing, command routing, matching, the profile read, embed
rendering and the HTTP callback. The fake runs in the same process and event loop, so every
figure includes its share of the work. Three loads: one question at a time; questions arriving
at a steady rate (latency as users see it); many in flight at once (the ceiling of one process;
latency there is mostly queueing). Target: p99 below 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import Core, open_core
from tests.discord.conversation import GUILD_A, MEMBER, DiscordConversation, interaction_payload
from tests.discord.fake_discord import FakeDiscord

QUESTIONS = (
    "Do I need lots of followers?",
    "can we sell on social media?",
    "هل أحتاج إلى الكثير من المتابعين؟",
    "should we be on every platform?",
    "is it ok to post the same thing everywhere?",
    "هل يمكننا البيع عبر وسائل التواصل؟",
)


async def _ask(fake: FakeDiscord, question: str) -> float:
    interaction_id = fake.next_id()
    payload = interaction_payload(
        interaction_id=interaction_id,
        kind=2,
        data={
            "id": "1",
            "name": "ask",
            "type": 1,
            "options": [{"name": "question", "type": 3, "value": question}],
        },
        guild=GUILD_A,
        user=MEMBER,
        admin=False,
        locale="en-US",
    )
    started = time.perf_counter()
    await fake.interact(payload, wait=30)
    return time.perf_counter() - started


async def _run(fake: FakeDiscord, count: int, concurrency: int) -> tuple[list[float], float]:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> float:
        async with gate:
            return await _ask(fake, QUESTIONS[index % len(QUESTIONS)])

    started = time.perf_counter()
    latencies = await asyncio.gather(*(one(i) for i in range(count)))
    return list(latencies), time.perf_counter() - started


async def _paced(fake: FakeDiscord, count: int, rate: float) -> tuple[list[float], float]:
    """Open loop: questions arrive at `rate` per second whether or not answers kept up."""
    started = time.perf_counter()
    tasks = []
    for index in range(count):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_ask(fake, QUESTIONS[index % len(QUESTIONS)])))
    latencies = await asyncio.gather(*tasks)
    return list(latencies), time.perf_counter() - started


def _report(label: str, latencies: list[float], elapsed: float) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label:<30} {len(ordered) / elapsed:8.0f} answers/s   "
        f"median {statistics.median(ordered) * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms   "
        f"max {ordered[-1] * 1000:6.2f} ms"
    )


async def bench(count: int, concurrency: int, rate: float, *, gc_freeze: bool) -> None:
    fake = FakeDiscord(guild_ids=[GUILD_A])
    await fake.start()
    with tempfile.TemporaryDirectory() as folder:
        async with open_core(Path(folder) / "bench.sqlite3") as core:
            await _measure(fake, core, count, concurrency, rate, freeze=gc_freeze)
    await fake.stop()


async def _measure(
    fake: FakeDiscord, core: Core, count: int, concurrency: int, rate: float, *, freeze: bool
) -> None:
    discord = DiscordConversation(fake=fake, core=core)
    await discord.connect()
    if freeze:
        # Objects alive after start-up (the matcher's model) leave the collector's scans, so
        # a full collection no longer pauses answers for ~100 ms.
        gc.freeze()
    try:
        await _run(fake, 50, 1)  # warm-up: first-use caches, connection pool
        latencies, elapsed = await _run(fake, count // 4, 1)
        _report("one at a time", latencies, elapsed)
        latencies, elapsed = await _paced(fake, count // 2, rate)
        _report(f"arriving at {rate:.0f}/s", latencies, elapsed)
        latencies, elapsed = await _run(fake, count, concurrency)
        _report(f"{concurrency} in flight (saturated)", latencies, elapsed)
    finally:
        await discord.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.discord_bench")
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100.0, help="questions per second")
    parser.add_argument(
        "--no-gc-freeze",
        dest="gc_freeze",
        action="store_false",
        help="skip the gc.freeze() that bot/runner.py does after start-up",
    )
    args = parser.parse_args()
    print(f"/ask over the fake Discord: {args.questions} questions, one process")
    asyncio.run(bench(args.questions, args.concurrency, args.rate, gc_freeze=args.gc_freeze))


if __name__ == "__main__":
    main()
