"""/ask over Discord: interactions answered per second by one bot process, callback latency.

    .venv/bin/python -m bench.discord_bench [--questions 2000] [--concurrency 50] [--rate 100]
                                            [--no-gc-freeze]

The bot runs in a child process of its own, started as bot/runner.py starts it: open_core, the
Discord runtime (the real discord.py client), then gc.collect() and gc.freeze(). The fake
Discord (tests/discord) and the load generator run in this process; the two talk over
127.0.0.1, so the fake's gateway frames and REST handling are not counted against the bot.

Latency is measured by the fake, from sending INTERACTION_CREATE on the gateway to receiving
the interaction callback POST: event parsing, command routing, matching, the profile read,
embed rendering and the HTTP callback. Three loads: one question at a time; questions arriving
at a steady rate (latency as users see it); many in flight at once (the ceiling of one process;
latency there is mostly queueing). Target: p99 below 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path

from aiohttp import web
from pydantic import SecretStr

from tests.discord.conversation import GUILD_A, MEMBER, interaction_payload
from tests.discord.fake_discord import TOKEN, FakeDiscord

QUESTIONS = (
    "Do I need lots of followers?",
    "can we sell on social media?",
    "هل أحتاج إلى الكثير من المتابعين؟",
    "should we be on every platform?",
    "is it ok to post the same thing everywhere?",
    "هل يمكننا البيع عبر وسائل التواصل؟",
)
READY_LINE = b"BOT READY"


class TimedDiscord(FakeDiscord):
    """The fake Discord with a stopwatch per interaction: started when the gateway frame is
    written, stopped when the callback request reaches its handler. Unlike `interact`, no
    shared condition is woken for every response, so the fake's bookkeeping stays small."""

    def __init__(self) -> None:
        super().__init__(guild_ids=[GUILD_A])
        self._pending: dict[str, tuple[float, asyncio.Future[float]]] = {}

    async def ask(self, question: str) -> float:
        """Seconds from sending INTERACTION_CREATE to the callback POST arriving."""
        interaction_id = self.next_id()
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
        # What `interact` records: the fake's callback route reads the channel and type back.
        self._tokens[payload["token"]] = interaction_id
        self._channels[interaction_id] = payload["channel_id"]
        self._interaction_types[interaction_id] = payload["type"]
        assert self._sockets, "the bot is not connected to the fake gateway"
        socket, sequence = self._sockets[-1]
        frame = json.dumps({"op": 0, "t": "INTERACTION_CREATE", "s": next(sequence), "d": payload})
        answered: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        # The clock starts after encoding: the frame's own cost is the fake's, not the bot's.
        self._pending[interaction_id] = (time.perf_counter(), answered)
        await socket.send_str(frame)
        try:
            return await asyncio.wait_for(answered, 30)
        finally:
            self._pending.pop(interaction_id, None)

    async def _callback(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        pending = self._pending.pop(request.match_info["id"], None)
        if pending is not None and not pending[1].done():
            pending[1].set_result(arrived - pending[0])
        return await super()._callback(request)


# -- the bot process ---------------------------------------------------------------------------


async def _serve(api_url: str, gateway_url: str, *, freeze: bool) -> None:
    """The bot process: open_core and the Discord runtime as bot/runner.py builds them."""
    # Imported here: the load-generator process never loads the matcher or discord.py's client.
    from adapters.discord.runtime import create_runtime
    from adapters.discord.settings import DiscordSettings
    from adapters.slack.settings import SlackSettings
    from bot.app import open_core
    from bot.metrics import Metrics
    from bot.settings import CoreSettings, HttpSettings, ReminderSettings, Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            core=CoreSettings(  # type: ignore[call-arg]
                _env_file=None,
                database_path=Path(tmp) / "bench.sqlite3",
                # The trained matcher from earlier runs, not a fresh training in the temp dir.
                matcher_cache_dir=Path("data/cache"),
            ),
            http=HttpSettings(_env_file=None),  # type: ignore[call-arg]
            slack=SlackSettings(_env_file=None),  # type: ignore[call-arg]
            discord=DiscordSettings(  # type: ignore[call-arg]
                _env_file=None,
                discord_token=SecretStr(TOKEN),
                discord_api_url=api_url,
                discord_gateway_url=gateway_url,
            ),
            reminders=ReminderSettings(_env_file=None),  # type: ignore[call-arg]
        )
        metrics = Metrics()
        async with open_core(
            settings.core.database_path,
            cache_dir=settings.core.cache_dir,
            observer=metrics,
            reminder_settings=settings.reminders,
        ) as core:
            runtime = create_runtime(settings, core)
            runtime.set_metrics(metrics)
            await runtime.start()
            if freeze:
                # As bot/runner.py does once everything is loaded: the matcher's model leaves
                # the collector's scans, so a full collection no longer pauses answers.
                gc.collect()
                gc.freeze()
            sys.stdout.buffer.write(READY_LINE + b"\n")
            sys.stdout.flush()
            try:
                # Runs until the benchmark closes our stdin.
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            finally:
                await runtime.stop()


# -- the fake Discord and the load generator ---------------------------------------------------


async def _closed_loop(
    ask: Callable[[str], Coroutine[None, None, float]], count: int, concurrency: int
) -> tuple[list[float], float]:
    """Closed loop: `concurrency` questions in flight, the next sent when one is answered."""
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> float:
        async with gate:
            return await ask(QUESTIONS[index % len(QUESTIONS)])

    started = time.perf_counter()
    latencies = await asyncio.gather(*(one(i) for i in range(count)))
    return list(latencies), time.perf_counter() - started


async def _paced(
    ask: Callable[[str], Coroutine[None, None, float]], count: int, rate: float
) -> tuple[list[float], float]:
    """Open loop: questions arrive at `rate` per second whether or not answers kept up."""
    started = time.perf_counter()
    tasks: list[asyncio.Task[float]] = []
    for index in range(count):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(ask(QUESTIONS[index % len(QUESTIONS)])))
    latencies = await asyncio.gather(*tasks)
    return list(latencies), time.perf_counter() - started


def _report(label: str, latencies: list[float], elapsed: float) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label:<30} {len(ordered) / elapsed:8.0f} answers/s   "
        f"median {statistics.median(ordered) * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms   "
        f"max {ordered[-1] * 1000:6.2f} ms",
        flush=True,
    )


async def _wait_ready(bot: asyncio.subprocess.Process) -> None:
    assert bot.stdout is not None
    line = b""
    while not line.startswith(READY_LINE):
        # Generous: the first run after a knowledge change trains the matcher.
        line = await asyncio.wait_for(bot.stdout.readline(), 300)
        if not line:
            raise RuntimeError("the bot process exited before it was ready")


async def bench(count: int, concurrency: int, rate: float, *, gc_freeze: bool) -> None:
    fake = TimedDiscord()
    await fake.start()
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        *os.environ.get("DISCORD_BENCH_PYTHON_ARGS", "").split(),
        "-m",
        "bench.discord_bench",
        "--serve",
        fake.api_url,
        fake.gateway_url,
        *([] if gc_freeze else ["--no-gc-freeze"]),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert bot.stdin is not None
    try:
        await _wait_ready(bot)
        await _measure(fake, count, concurrency, rate)
    finally:
        bot.stdin.close()
        await asyncio.wait_for(bot.wait(), 60)
        await fake.stop()


async def _measure(fake: TimedDiscord, count: int, concurrency: int, rate: float) -> None:
    # Warm-up: first-use caches in the bot, the REST connection pool, both collectors.
    await _closed_loop(fake.ask, 50, 1)
    await _closed_loop(fake.ask, concurrency * 2, concurrency)
    # The load generator's own collector pauses would show up as callback latency: keep it off.
    gc.collect()
    gc.disable()
    try:
        latencies, elapsed = await _closed_loop(fake.ask, count // 4, 1)
        _report("one at a time", latencies, elapsed)
        latencies, elapsed = await _paced(fake.ask, count // 2, rate)
        _report(f"arriving at {rate:.0f}/s", latencies, elapsed)
        latencies, elapsed = await _closed_loop(fake.ask, count, concurrency)
        _report(f"{concurrency} in flight (saturated)", latencies, elapsed)
    finally:
        gc.enable()


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
    parser.add_argument(
        "--serve", nargs=2, metavar=("API_URL", "GATEWAY_URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # discord.py warns at start-up that voice is unsupported; the bot never uses voice.
    logging.getLogger("discord.client").setLevel(logging.ERROR)
    if args.serve:
        asyncio.run(_serve(*args.serve, freeze=args.gc_freeze))
        return
    print(
        f"/ask over the fake Discord: {args.questions} questions, the bot in a process of its own",
        flush=True,
    )
    asyncio.run(bench(args.questions, args.concurrency, args.rate, gc_freeze=args.gc_freeze))


if __name__ == "__main__":
    main()
