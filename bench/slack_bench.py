"""Slack adapter throughput and ack latency, end to end against the fake Slack on loopback.

    .venv/bin/python -m bench.slack_bench [--mentions 2000] [--concurrency 50]

The real bolt app runs in HTTP mode, served as `run` serves it (the installed WebHost, within
the HTTP limits); signed `app_mention` events go to
/slack/events and an answer counts once the fake Web API has received its chat.postMessage.
The bot runs in a child process of its own (one event loop); the fake and the load generator
run in this one.
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
import threading
import time
from collections import Counter
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from pydantic import SecretStr

from adapters.discord.settings import DiscordSettings
from adapters.slack.runtime import create_runtime
from adapters.slack.settings import SlackSettings
from bot.app import build_matcher, open_core
from bot.discovery import web_host
from bot.http import limits_from
from bot.settings import CoreSettings, HttpSettings, ReminderSettings, Settings
from tests.slack.driver import SIGNING_SECRET, sign
from tests.slack.fake_slack import BOT_USER, FakeSlack

T = TypeVar("T")

QUESTIONS = [
    "do I need lots of followers?",
    "can we sell on social media?",
    "should we be on TikTok?",
    "how do we measure results from social?",
    "هل أحتاج إلى الكثير من المتابعين؟",
    "do we have to post every day?",
    "is engagement rate what matters?",
    "what should we post this week?",
]


def _body(n: int) -> str:
    return json.dumps(
        {
            "team_id": "T_BENCH",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"EvBENCH{n:09d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": f"U{n % 97}",
                "channel": f"C{n % 13}",
                "text": f"<@{BOT_USER}> {QUESTIONS[n % len(QUESTIONS)]}",
                "ts": f"{time.time():.6f}",
            },
        }
    )


BUSY = Counter[str]()


async def _send(http: aiohttp.ClientSession, url: str, body: str) -> float:
    """Seconds to the first answer; a 503 (work queue full) is sent again a second later, as
    Slack retries it (re-signed: the same signature would be ignored as a replay)."""
    latency: float | None = None
    while True:
        headers = {"Content-Type": "application/json", **sign(body)}
        started = time.perf_counter()
        async with http.post(url, data=body.encode(), headers=headers) as response:
            await response.read()
            status = response.status
        if latency is None:
            latency = time.perf_counter() - started
        if status == 200:
            return latency
        if status != 503:
            raise RuntimeError(f"HTTP {status}")
        BUSY["503"] += 1
        await asyncio.sleep(1.1)


async def _serve(api_url: str) -> None:
    """The bot process: the real runtime in HTTP mode, answering to the fake at `api_url`."""
    knowledge, matcher = build_matcher(cache_dir=Path("data/cache"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            core=CoreSettings(_env_file=None, database_path=Path(tmp) / "bench.sqlite3"),  # type: ignore[call-arg]
            http=HttpSettings(_env_file=None),  # type: ignore[call-arg]
            slack=SlackSettings(  # type: ignore[call-arg]
                _env_file=None,
                slack_bot_token=SecretStr("xoxb-T_BENCH"),
                slack_signing_secret=SecretStr(SIGNING_SECRET),
                slack_api_url=api_url,
            ),
            discord=DiscordSettings(_env_file=None),  # type: ignore[call-arg]
            reminders=ReminderSettings(_env_file=None),  # type: ignore[call-arg]
        )
        async with open_core(
            settings.core.database_path, knowledge=knowledge, matcher=matcher
        ) as core:
            runtime = create_runtime(settings, core)
            await runtime.start()
            # As bot/runner.py does once everything is loaded.
            gc.collect()
            gc.freeze()
            host = web_host()
            host.add_routes(runtime.http_routes())
            port = await host.start(
                host="127.0.0.1",
                port=0,
                limits=limits_from(settings.http),
                shutdown_timeout=settings.core.shutdown_grace_seconds,
            )
            print(f"PORT {port}", flush=True)
            try:
                # Runs until the benchmark closes our stdin.
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            finally:
                await host.stop()
                await runtime.stop()


class FakeOnItsOwnLoop:
    """The fake Slack on a thread and event loop of its own: its work must not delay the load
    generator's clock, or the ack figures would measure the fake."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.fake: FakeSlack | None = None

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def start(self) -> FakeSlack:
        self._thread.start()

        async def build() -> FakeSlack:
            fake = FakeSlack()
            await fake.start()
            return fake

        self.fake = await self._call(build())
        return self.fake

    async def wait_for_posts(self, count: int, *, within: float) -> None:
        assert self.fake is not None
        await self._call(self.fake.wait_for_posts(count, within=within))

    async def close(self) -> None:
        if self.fake is not None:
            await self._call(self.fake.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()


async def _run(mentions: int, concurrency: int) -> None:
    fakes = FakeOnItsOwnLoop()
    fake = await fakes.start()
    # The bot runs in its own process, so the figures are the bot's, not the fake's.
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        *os.environ.get("SLACK_BENCH_PYTHON_ARGS", "").split(),
        "-m",
        "bench.slack_bench",
        "--serve",
        fake.api_url,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert bot.stdout is not None
    assert bot.stdin is not None
    line = b""
    while not line.startswith(b"PORT "):
        line = await asyncio.wait_for(bot.stdout.readline(), 300)
        if not line:
            raise RuntimeError("the bot process exited before serving")
    url = f"http://127.0.0.1:{int(line.split()[1])}/slack/events"
    connector = aiohttp.TCPConnector(limit=concurrency)
    try:
        async with aiohttp.ClientSession(connector=connector) as http:
            await _bench(http, url, fakes, mentions, concurrency)
        calls = Counter(fake.calls)
        print("Web API calls: " + ", ".join(f"{n} {c}" for n, c in calls.most_common()))
    finally:
        bot.stdin.close()
        await bot.wait()
        await fakes.close()


async def _bench(
    http: aiohttp.ClientSession,
    url: str,
    fake: FakeOnItsOwnLoop,
    mentions: int,
    concurrency: int,
) -> None:
    # Warm up: the first requests pay for auth.test and the client's connection set-up.
    await _send(http, url, _body(0))
    await asyncio.gather(*(_send(http, url, _body(n)) for n in range(1, concurrency)))
    await fake.wait_for_posts(concurrency, within=60)

    # The load generator's own collector pauses would show up as ack latency: keep it off.
    gc.collect()
    gc.disable()

    # 1. Ack latency: bursts of `concurrency` simultaneous requests.
    latencies: list[float] = []
    sent = concurrency
    for _ in range(10):
        batch = [_body(sent + i) for i in range(concurrency)]
        sent += concurrency
        latencies += await asyncio.gather(*(_send(http, url, body) for body in batch))
    await fake.wait_for_posts(sent, within=60)

    # 2. Throughput: `mentions` answered end to end, `concurrency` in flight at a time.
    queue = iter(range(sent, sent + mentions))
    started = time.perf_counter()

    async def worker() -> None:
        for n in queue:
            await _send(http, url, _body(n))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await fake.wait_for_posts(sent + mentions, within=120)
    elapsed = time.perf_counter() - started

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"ack latency at {concurrency} concurrent requests ({len(latencies)} requests):")
    print(f"  median {statistics.median(latencies) * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms")
    print(f"throughput: {mentions} mentions answered end to end in {elapsed:.2f} s")
    print(f"  {mentions / elapsed:.0f} answered mentions/s (target >= 200); p99 ack target < 50 ms")
    print(f"  {BUSY['503']} times 'busy, retry' (work queue full), each sent again a second later")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--serve", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.serve:
        asyncio.run(_serve(args.serve))
    else:
        asyncio.run(_run(args.mentions, args.concurrency))


if __name__ == "__main__":
    main()
