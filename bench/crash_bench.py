"""Reminders under kill -9: how many are lost or posted twice when a process dies mid-dispatch.

    .venv/bin/python -m bench.crash_bench [--trials 10] [--reminders 300] [--processes 1 2]
                                          [--backend sqlite|postgresql]

Each trial fills a fresh database with `--reminders` weekly reminders, all due now, half for
Slack and half for Discord, and starts `--processes` scheduler processes (the real engine, the
real Slack and Discord posters) against a fake platform on 127.0.0.1 that takes 5-30 ms per
post. When part of the posts have landed, one process gets SIGKILL and a fresh one takes its
place; the trial ends when every occurrence is recorded (or after a timeout).

Counted per platform, per occurrence key:
- lost: no message in the channel;
- doubled: more than one message a reader would see. Slack has no idempotency key: a repeat is
  a second message unless the retry found the first through its metadata. Discord drops a
  repeated nonce (enforce_nonce) within its window, as the fake does for 5 minutes, so a
  repeat shows as an "absorbed" attempt, not as a message.
The last row repeats the 1-process case with the channel history unreadable (an install
without channels:history): the retry cannot look, so what was in flight is posted again.
Target: 0 lost; Slack doubles per kill at most REMINDER_MAX_IN_FLIGHT; 0 on Discord.
With `--backend postgresql` the processes share a throwaway PostgreSQL server
(tests/postgres_server.py, or TEST_DATABASE_URL's) instead of an SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

CLAIM_TIMEOUT_SECONDS = 15  # short, so trials end sooner; long enough for a loaded machine
MAX_IN_FLIGHT = 5
NONCE_WINDOW_SECONDS = 300
BOT_USER = {"id": "1000", "username": "advisor", "discriminator": "0", "avatar": None, "bot": True}


@dataclass
class FakePlatform:
    """Slack's chat.postMessage/conversations.history and Discord's channel messages."""

    slack_posts: list[dict[str, Any]] = field(default_factory=list)
    discord_messages: list[dict[str, Any]] = field(default_factory=list)
    absorbed_nonces: int = 0
    # False: the bot may not read channel history (no channels:history), as some installs.
    history: bool = True
    _nonces: dict[tuple[str, str], tuple[float, dict[str, Any]]] = field(default_factory=dict)
    _ids: int = 0
    _posted: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_for_posts(self, count: int) -> None:
        while len(self.slack_posts) + len(self.discord_messages) < count:
            self._posted.clear()
            await self._posted.wait()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/slack/api/{method}", self._slack)
        app.router.add_get("/discord/api/v10/users/@me", self._me)
        app.router.add_get("/discord/api/v10/oauth2/applications/@me", self._application)
        app.router.add_post("/discord/api/v10/channels/{channel}/messages", self._discord_post)
        return app

    def _next_id(self) -> str:
        self._ids += 1
        return str(self._ids)

    async def _slack(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            form.update(await request.json())
        elif request.method == "POST":
            form.update(await request.post())
        if method == "chat.postMessage":
            await asyncio.sleep(random.uniform(0.005, 0.03))
            metadata = form.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            ts = f"{time.time():.6f}{self._next_id()}"
            self.slack_posts.append(
                {"channel": form.get("channel"), "ts": ts, "metadata": metadata or {}}
            )
            self._posted.set()
            return web.json_response({"ok": True, "channel": form.get("channel"), "ts": ts})
        if method == "conversations.history":
            if not self.history:
                return web.json_response({"ok": False, "error": "missing_scope"})
            channel = form.get("channel")
            messages = [
                {"type": "message", "ts": post["ts"], "metadata": post["metadata"]}
                for post in reversed(self.slack_posts)
                if post["channel"] == channel
            ]
            return web.json_response({"ok": True, "messages": messages})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _me(self, _: web.Request) -> web.Response:
        return _discord_json(BOT_USER)

    async def _application(self, _: web.Request) -> web.Response:
        return _discord_json(
            {
                "id": BOT_USER["id"],
                "name": "Advisor",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": {**BOT_USER, "id": "1", "bot": False, "username": "owner"},
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _discord_post(self, request: web.Request) -> web.Response:
        await asyncio.sleep(random.uniform(0.005, 0.03))
        body = await request.json()
        channel = request.match_info["channel"]
        nonce = str(body.get("nonce") or "")
        now = time.monotonic()
        if body.get("enforce_nonce") and nonce:
            earlier = self._nonces.get((channel, nonce))
            if earlier is not None and now - earlier[0] < NONCE_WINDOW_SECONDS:
                self.absorbed_nonces += 1
                return _discord_json(earlier[1])
        message = {
            "id": self._next_id(),
            "channel_id": channel,
            "type": 0,
            "content": "",
            "author": BOT_USER,
            "embeds": body.get("embeds") or [],
            "timestamp": "2026-01-05T09:00:00.000000+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "nonce": nonce,
        }
        self._nonces[(channel, nonce)] = (now, message)
        self.discord_messages.append(message)
        self._posted.set()
        return _discord_json(message)


def _discord_json(value: Any) -> web.Response:
    # discord.py parses JSON only when the content type is exactly application/json.
    return web.Response(body=json.dumps(value).encode(), content_type="application/json")


async def fill(where: str, reminders: int) -> None:
    """Half Slack, half Discord, all due a few seconds ago."""
    from bot.storage import DatabaseTarget

    due = datetime.now(UTC) - timedelta(seconds=5)
    async with await DatabaseTarget.of(where).open() as database, database.transaction() as tx:
        for number in range(reminders):
            platform = "slack" if number % 2 == 0 else "discord"
            workspace = f"T{number % 10}" if platform == "slack" else str(9000 + number % 10)
            channel = f"C{number:05d}" if platform == "slack" else str(100_000 + number)
            await tx.execute(
                "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, "
                "local_time, timezone, note, created_by, created_at, status, next_run_utc, "
                "rotation) VALUES (?, ?, ?, 0, '09:00', 'UTC', NULL, 'bench', ?, 'active', ?, 0)",
                (platform, workspace, channel, due, due),
            )


async def recorded(where: str) -> int:
    from bot.storage import DatabaseTarget

    async with await DatabaseTarget.of(where).open() as database:
        row = await database.fetch_one(
            "SELECT COUNT(*) FROM reminder_occurrences WHERE state = 'sent'"
        )
    return int(row[0]) if row else 0


async def worker(database_path: str, base_url: str) -> None:
    """One bot process: the reminder engine with the real Slack and Discord posters."""
    import discord
    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.discord.reminders import DiscordReminderPoster
    from adapters.slack.reminders import SlackReminderPoster
    from bot.clock import SystemClock
    from bot.knowledge import load_knowledge
    from bot.reminders.feature import build_reminders
    from bot.settings import ReminderSettings
    from bot.storage import DatabaseTarget, SqlStore

    discord.http.Route.BASE = f"{base_url}/discord/api/v10"
    clock = SystemClock()
    target = DatabaseTarget.of(database_path)
    database = await target.open()
    # SQLite: the engine gets its own connection (see bot.app); PostgreSQL's pool is shared.
    engine_database = await target.open() if target.url is None else database
    settings = ReminderSettings(
        _env_file=None,  # type: ignore[call-arg]
        reminder_claim_timeout_seconds=CLAIM_TIMEOUT_SECONDS,
        reminder_max_in_flight=MAX_IN_FLIGHT,
    )
    reminders = build_reminders(
        database=engine_database,
        profiles=SqlStore(database, clock),
        knowledge=load_knowledge(),
        clock=clock,
        settings=settings,
    )

    async def token_for(team: str) -> str:
        return f"xoxb-{team}"

    reminders.register_poster(
        "slack",
        SlackReminderPoster(
            token_for=token_for,
            client_for=lambda token: AsyncWebClient(token=token, base_url=f"{base_url}/slack/api/"),
        ),
    )
    client = discord.Client(intents=discord.Intents.none())
    await client.login("bench-token")
    reminders.register_poster("discord", DiscordReminderPoster(client=client))
    print("ready", flush=True)
    await reminders.run()


@dataclass
class Trial:
    slack_lost: int
    slack_doubled: int
    discord_lost: int
    discord_doubled: int
    absorbed: int
    kills: int
    seconds: float


async def _spawn(database: str, base_url: str) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.crash_bench",
        "--worker",
        database,
        base_url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "LOG_LEVEL": "ERROR"},
    )
    assert process.stdout is not None
    await asyncio.wait_for(process.stdout.readline(), timeout=60)
    return process


async def trial(database: str, reminders: int, processes: int, *, history: bool) -> Trial:
    await fill(database, reminders)
    platform = FakePlatform(history=history)
    runner = web.AppRunner(platform.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    started = time.perf_counter()
    workers = [await _spawn(database, base_url) for _ in range(processes)]
    try:
        kill_at = random.randint(reminders // 5, reminders * 4 // 5)
        await platform.wait_for_posts(kill_at)
        victim = workers.pop(random.randrange(len(workers)))
        victim.send_signal(signal.SIGKILL)
        await victim.wait()
        workers.append(await _spawn(database, base_url))
        deadline = time.perf_counter() + 60 + CLAIM_TIMEOUT_SECONDS
        while await recorded(database) < reminders and time.perf_counter() < deadline:  # noqa: ASYNC110 - polls another process's writes
            await asyncio.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        for process in workers:
            process.send_signal(signal.SIGKILL)
            await process.wait()
        await runner.cleanup()
    keys = [
        str((post["metadata"].get("event_payload") or {}).get("occurrence"))
        for post in platform.slack_posts
    ]
    slack = Counter(keys)
    discord_channels = Counter(message["channel_id"] for message in platform.discord_messages)
    expected_each = reminders // 2
    return Trial(
        slack_lost=expected_each - len(slack),
        slack_doubled=sum(count - 1 for count in slack.values()),
        discord_lost=expected_each - len(discord_channels),
        discord_doubled=sum(count - 1 for count in discord_channels.values()),
        absorbed=platform.absorbed_nonces,
        kills=1,
        seconds=seconds,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--reminders", type=int, default=300)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    arguments = parser.parse_args()
    print(
        f"kill -9 during dispatch of {arguments.reminders} due reminders on {arguments.backend}, "
        f"REMINDER_MAX_IN_FLIGHT={MAX_IN_FLIGHT}, {arguments.trials} trials per row"
    )
    server = None
    if arguments.backend == "postgresql" and not os.environ.get("TEST_DATABASE_URL"):
        from tests.postgres_server import ThrowawayPostgres

        server = ThrowawayPostgres.start()
    try:
        await _rows(arguments, server.url if server else os.environ.get("TEST_DATABASE_URL"))
    finally:
        if server is not None:
            server.stop()


async def _rows(arguments: argparse.Namespace, admin_url: str | None) -> None:
    from tests.postgres_server import create_database

    rows = [(processes, True) for processes in arguments.processes]
    rows.append((1, False))
    for processes, history in rows:
        results: list[Trial] = []
        for _ in range(arguments.trials):
            with tempfile.TemporaryDirectory() as folder:
                where = (
                    await create_database(admin_url, "crash")
                    if admin_url
                    else str(Path(folder) / "advisor.sqlite3")
                )
                results.append(await trial(where, arguments.reminders, processes, history=history))
        print(
            f"{processes} process(es){'' if history else ', no channels:history'}: "
            f"slack lost {sum(r.slack_lost for r in results)}, "
            f"doubled {sum(r.slack_doubled for r in results)} "
            f"(max {max(r.slack_doubled for r in results)} per kill); "
            f"discord lost {sum(r.discord_lost for r in results)}, "
            f"doubled {sum(r.discord_doubled for r in results)}, "
            f"repeats absorbed by the nonce {sum(r.absorbed for r in results)}; "
            f"median trial {statistics.median(r.seconds for r in results):.1f} s"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        asyncio.run(worker(sys.argv[2], sys.argv[3]))
    else:
        asyncio.run(main())
