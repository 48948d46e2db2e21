"""SQLite vs PostgreSQL with 1, 2 and 4 bot processes, side by side, and NOTIFY wake-up latency.

    .venv/bin/python -m bench.scaling_bench [--mentions 600] [--reminders 2000]

Per backend and process count:
- mentions answered per second and ack p99: `python -m bot run` processes in Slack HTTP mode
  against the fake Slack (on its own thread), signed `app_mention` events sent round-robin,
  20 at a time; an answer counts when the fake has its chat.postMessage;
- reminder claims per second: as many scheduler processes (tests/ops/scheduler_process.py)
  with `--reminders` reminders due at once, posting to a table without delay, so the figure is
  the claim-and-record path.
PostgreSQL is a throwaway server from this machine's binaries (tests/postgres_server.py), or
TEST_DATABASE_URL's. On 2 cores, 4 processes compete with the load generator and the database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.slack_bench import QUESTIONS, FakeOnItsOwnLoop
from bot.storage import DatabaseTarget, PostgresDatabase
from tests.postgres_server import ThrowawayPostgres, create_database
from tests.slack.driver import SIGNING_SECRET, sign
from tests.slack.fake_slack import BOT_USER

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T_SCALE"


@dataclass
class Row:
    backend: str
    processes: int
    answered_per_second: float
    ack_p99_ms: float
    claims_per_second: float


def _env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DISCORD_", "HTTP_", "DATABASE_", "WORK_QUEUE_"))
    }
    env.update(PYTHONPATH=str(ROOT), MATCHER_CACHE_DIR=str(ROOT / "data" / "cache"))
    env.update(overrides)
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mention(n: int, run: str) -> str:
    return json.dumps(
        {
            "team_id": TEAM,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev{run}{n:07d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": f"U{n % 31}",
                "channel": f"C{n % 7}",
                "text": f"<@{BOT_USER}> {QUESTIONS[n % len(QUESTIONS)]}",
                "ts": f"{1_700_000_000 + n}.000200",
            },
        }
    )


async def _wait_ready(http: aiohttp.ClientSession, base: str) -> None:
    for _ in range(900):
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(base + "/readyz") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.2)
    raise RuntimeError(f"{base} never became ready")


async def _mentions(database: dict[str, str], processes: int, mentions: int) -> tuple[float, float]:
    fakes = FakeOnItsOwnLoop()
    fake = await fakes.start()
    ports = [_free_port() for _ in range(processes)]
    bots = []
    with tempfile.TemporaryDirectory() as tmp:
        for port in ports:
            env = _env(
                SLACK_BOT_TOKEN=f"xoxb-{TEAM}",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=fake.api_url,
                HTTP_HOST="127.0.0.1",
                HTTP_PORT=str(port),
                LOG_LEVEL="WARNING",
                **database,
            )
            bots.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    cwd=tmp,
                    env=env,
                    stdin=asyncio.subprocess.DEVNULL,
                )
            )
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            connector = aiohttp.TCPConnector(limit=20)
            async with aiohttp.ClientSession(connector=connector) as http:
                await asyncio.gather(*(_wait_ready(http, base) for base in bases))
                run = uuid.uuid4().hex[:6]
                acks: list[float] = []
                numbers = iter(range(mentions))

                async def sender() -> None:
                    for n in numbers:
                        body = _mention(n, run)
                        headers = {"Content-Type": "application/json", **sign(body)}
                        url = bases[n % processes] + "/slack/events"
                        started = time.perf_counter()
                        async with http.post(url, data=body.encode(), headers=headers) as reply:
                            await reply.read()
                        acks.append(time.perf_counter() - started)

                started = time.perf_counter()
                await asyncio.gather(*(sender() for _ in range(20)))
                await fakes.wait_for_posts(mentions, within=600)
                elapsed = time.perf_counter() - started
        finally:
            for bot in bots:
                with contextlib.suppress(ProcessLookupError):
                    bot.terminate()
            for bot in bots:
                await bot.wait()
            await fakes.close()
    acks.sort()
    return mentions / elapsed, acks[int(len(acks) * 0.99) - 1] * 1000


async def _claims(target: DatabaseTarget, processes: int, reminders: int) -> float:
    database = await target.open()
    async with database, database.transaction() as tx:
        for number in range(reminders):
            due = "now() - interval '1 minute'" if target.url else "?"
            params: tuple[object, ...] = (f"T{number // 20:04d}", f"C{number % 20:02d}")
            if not target.url:
                params += (time.strftime("%Y-%m-%dT%H:%M:00+00:00", time.gmtime()),)
            await tx.execute(
                "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, "  # noqa: S608
                "local_time, timezone, created_by, created_at, status, next_run_utc) "
                f"VALUES ('slack', ?, ?, 0, '09:00', 'UTC', 'U', '2026-01-01T00:00:00+00:00', "
                f"'active', {due})",
                params,
            )
        await tx.execute("CREATE TABLE test_posts (occurrence_key text, posted_by text)")
    where = target.url or str(target.path)
    children = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.ops.scheduler_process",
            where,
            f"s{number}",
            "0",
            cwd=ROOT,
            env=_env(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        for number in range(processes)
    ]
    for child in children:
        assert child.stdout is not None
        await child.stdout.readline()
    started = time.perf_counter()
    await asyncio.gather(*(child.communicate(b"go\n") for child in children))
    elapsed = time.perf_counter() - started
    async with await target.open() as database:
        row = await database.fetch_one("SELECT COUNT(*) FROM test_posts")
    posted = int(row[0]) if row else 0
    if posted != reminders:
        raise RuntimeError(f"{posted} posts for {reminders} reminders")
    return reminders / elapsed


async def _notify_latency(url: str, rounds: int = 500) -> tuple[float, float]:
    async with (
        await PostgresDatabase.open(url) as listener,
        await PostgresDatabase.open(url) as sender,
    ):
        heard = asyncio.Event()
        await listener.listen("bench_wake", heard.set)
        latencies: list[float] = []
        for _ in range(rounds):
            heard.clear()
            started = time.perf_counter()
            await sender.notify("bench_wake")
            await heard.wait()
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


async def _run(mentions: int, reminders: int) -> None:
    given = os.environ.get("TEST_DATABASE_URL")
    server = None if given else ThrowawayPostgres.start()
    admin_url = given or (server.url if server else "")
    rows: list[Row] = []
    try:
        for backend in ("sqlite", "postgresql"):
            for processes in (1, 2, 4):
                with tempfile.TemporaryDirectory() as tmp:
                    if backend == "sqlite":
                        path = Path(tmp) / "scale.sqlite3"
                        database = {"DATABASE_PATH": str(path)}
                    else:
                        database = {"DATABASE_URL": await create_database(admin_url, "bench")}
                    rate, p99 = await _mentions(database, processes, mentions)
                    claims_target = (
                        DatabaseTarget.of(await create_database(admin_url, "bench"))
                        if backend == "postgresql"
                        else DatabaseTarget.of(Path(tmp) / "claims.sqlite3")
                    )
                    claims = await _claims(claims_target, processes, reminders)
                rows.append(Row(backend, processes, rate, p99, claims))
                print(f"  done: {backend} x{processes}", file=sys.stderr)
        median, p99 = await _notify_latency(await create_database(admin_url, "bench"))
    finally:
        if server is not None:
            server.stop()
    print(f"{mentions} mentions per run (20 in flight), {reminders} reminders due at once")
    print(f"{'backend':<12}{'processes':>10}{'answered/s':>12}{'ack p99 ms':>12}{'claims/s':>10}")
    for row in rows:
        print(
            f"{row.backend:<12}{row.processes:>10}{row.answered_per_second:>12.1f}"
            f"{row.ack_p99_ms:>12.1f}{row.claims_per_second:>10.0f}"
        )
    print(f"NOTIFY wake-up latency: median {median:.2f} ms, p99 {p99:.2f} ms (target p99 < 10 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=600)
    parser.add_argument("--reminders", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(_run(args.mentions, args.reminders))


if __name__ == "__main__":
    main()
