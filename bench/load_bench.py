"""Memory under a flood of Slack mentions: RSS of `python -m bot run` before and after.

    .venv/bin/python -m bench.load_bench [--mentions 50000] [--concurrency 20]

The bot runs as an operator starts it (HTTP mode, its own process, default settings: work
queue WORK_QUEUE_IN_FLIGHT=200 + WORK_QUEUE_WAITING=1000); the fake Slack runs on a thread of
this process and the load generator sends signed `app_mention` events, `concurrency` at a
time, as fast as they are acknowledged. A 503 (queue full) is sent again a second later with
the same event id, as Slack retries. Prints RSS before, at its peak and after every mention
has been answered; the target is growth < 50 MB (issue 9: 107 -> 628 MB before the queue).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.slack_bench import QUESTIONS, FakeOnItsOwnLoop
from tests.slack.driver import SIGNING_SECRET, sign
from tests.slack.fake_slack import BOT_USER

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T_LOAD"


def _body(n: int) -> str:
    return json.dumps(
        {
            "team_id": TEAM,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"EvLOAD{n:09d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": f"U{n % 97}",
                "channel": f"C{n % 13}",
                "text": f"<@{BOT_USER}> {QUESTIONS[n % len(QUESTIONS)]}",
                "ts": f"{1_700_000_000 + n}.000100",
            },
        }
    )


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Counts:
    def __init__(self) -> None:
        self.busy = 0
        self.acks: list[float] = []


async def _deliver(http: aiohttp.ClientSession, url: str, n: int, counts: Counts) -> None:
    """One mention, sent again after a 503 until it is acknowledged (Slack's retries)."""
    body = _body(n)
    while True:
        headers = {"Content-Type": "application/json", **sign(body)}
        started = time.perf_counter()
        async with http.post(url, data=body.encode(), headers=headers) as response:
            await response.read()
            status = response.status
        if status == 200:
            counts.acks.append(time.perf_counter() - started)
            return
        if status != 503:
            raise RuntimeError(f"HTTP {status}")
        counts.busy += 1
        # Slack waits a minute; a new second at least, so the retry is signed anew (a request
        # with the same signature is a replay and is ignored).
        await asyncio.sleep(1.1)


async def _run(mentions: int, concurrency: int) -> None:
    fakes = FakeOnItsOwnLoop()
    fake = await fakes.start()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SLACK_", "DISCORD_", "HTTP_", "WORK_QUEUE_"))
        }
        env.update(
            PYTHONPATH=str(ROOT),
            SLACK_BOT_TOKEN=f"xoxb-{TEAM}",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
            DATABASE_PATH=str(Path(tmp) / "load.sqlite3"),
            MATCHER_CACHE_DIR=str(ROOT / "data" / "cache"),
            LOG_LEVEL="WARNING",
        )
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp, env=env, stdin=asyncio.subprocess.DEVNULL
        )
        try:
            await _measure(bot.pid, f"http://127.0.0.1:{port}", fakes, mentions, concurrency)
        finally:
            with contextlib.suppress(ProcessLookupError):
                bot.terminate()
            await bot.wait()
            await fakes.close()


async def _measure(
    pid: int, base: str, fakes: FakeOnItsOwnLoop, mentions: int, concurrency: int
) -> None:
    url = base + "/slack/events"
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        for _ in range(600):
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(base + "/readyz") as response:
                    if response.status == 200:
                        break
            await asyncio.sleep(0.2)
        # Warm up (auth.test, connection pools, first answers), then the baseline.
        counts = Counts()
        await asyncio.gather(*(_deliver(http, url, n, counts) for n in range(concurrency)))
        await fakes.wait_for_posts(concurrency, within=60)
        await asyncio.sleep(1.0)
        before = _rss_mb(pid)

        peak = before
        done = asyncio.Event()

        async def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _rss_mb(pid))
                await asyncio.sleep(0.5)

        sampler = asyncio.create_task(sample())
        numbers = iter(range(concurrency, concurrency + mentions))
        counts = Counts()
        started = time.perf_counter()

        async def sender() -> None:
            for n in numbers:
                await _deliver(http, url, n, counts)

        await asyncio.gather(*(sender() for _ in range(concurrency)))
        acked = time.perf_counter() - started
        await fakes.wait_for_posts(concurrency + mentions, within=1800)
        answered = time.perf_counter() - started
        await asyncio.sleep(2.0)
        done.set()
        await sampler
        after = _rss_mb(pid)

    counts.acks.sort()
    p99 = counts.acks[int(len(counts.acks) * 0.99) - 1]
    print(f"{mentions} mentions, {concurrency} sent at a time, bot pid {pid}")
    print(f"  RSS before {before:.0f} MB, peak {peak:.0f} MB, after {after:.0f} MB")
    print(f"  growth {after - before:+.0f} MB (peak {peak - before:+.0f} MB); target < 50 MB")
    print(f"  all acked after {acked:.1f} s, all answered after {answered:.1f} s")
    print(f"  last answer {answered - acked:.1f} s after the last ack")
    print(f"  503 'busy, retry' answers: {counts.busy} (each mention sent again until acked)")
    median = statistics.median(counts.acks) * 1000
    print(f"  ack latency median {median:.1f} ms, p99 {p99 * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(_run(args.mentions, args.concurrency))


if __name__ == "__main__":
    main()
