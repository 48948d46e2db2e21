"""Graceful restarts: SIGTERM stops intake, lets in-flight work finish, exits 0, loses nothing.

`SlowPlatform` is an adapter runtime whose answers and reminder posts wait on a gate, like a
slow chat platform; the tests stop the runner while work is waiting and check what survived.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.advisor import Asker
from bot.app import Core
from bot.errors import PlatformError
from bot.http import HttpRequest, HttpResponse, Route, post
from bot.metrics import PlatformErrorObserver
from bot.profiles import WorkspaceKey
from bot.reminders.ports import ReminderPost
from bot.replies import Reply
from bot.runner import RuntimeFactory, serve
from bot.settings import Settings, load_settings

from .support import bot_env, free_port, start_bot

WORKSPACE = WorkspaceKey("fake", "T1")


class SlowPlatform:
    name = "fake"

    def __init__(self, core: Core) -> None:
        self.core = core
        self.gate = asyncio.Event()
        self.accepting = False
        self.in_flight: set[asyncio.Task[Reply]] = set()
        self.replies: list[Reply] = []
        self.refused: list[str] = []
        self.posts: list[str] = []
        self.posting = asyncio.Event()

    # AdapterRuntime
    def http_routes(self) -> Sequence[Route]:
        async def events(request: HttpRequest) -> HttpResponse:
            self.deliver(request.text())
            return HttpResponse.text("ack")

        return [post("/fake/events", events)]

    async def start(self) -> None:
        self.accepting = True

    async def stop(self) -> None:
        self.accepting = False
        if self.in_flight:
            await asyncio.gather(*self.in_flight)

    def is_ready(self) -> bool:
        return self.accepting

    def reminder_poster(self) -> SlowPlatform:
        return self

    def set_metrics(self, metrics: PlatformErrorObserver) -> None:
        self.metrics = metrics

    # ReminderPoster
    async def post_reminder(
        self, workspace: WorkspaceKey, channel_id: str, post: ReminderPost, *, idempotency_key: str
    ) -> str:
        self.posting.set()
        await self.gate.wait()
        self.posts.append(idempotency_key)
        return f"msg-{len(self.posts)}"

    async def find_posted(
        self, workspace: WorkspaceKey, channel_id: str, *, idempotency_key: str, since: datetime
    ) -> str | None:
        return None

    # the platform side
    def deliver(self, text: str) -> None:
        if not self.accepting:
            self.refused.append(text)
            return
        task = asyncio.create_task(self._answer(text))
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)

    async def _answer(self, text: str) -> Reply:
        await self.gate.wait()
        reply = await self.core.commands.handle(Asker(WORKSPACE, is_admin=True), text)
        self.replies.append(reply)
        return reply


class Bot:
    """`serve()` in this process, with SlowPlatform as its only adapter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.platforms: list[SlowPlatform] = []
        self.stop = asyncio.Event()
        self.task: asyncio.Task[int] | None = None

    def _factory(self, _: Settings, core: Core) -> SlowPlatform:
        self.platforms.append(SlowPlatform(core))
        return self.platforms[-1]

    async def start(self) -> SlowPlatform:
        factories: list[RuntimeFactory] = [self._factory]
        self.task = asyncio.create_task(
            serve(self.settings, factories, stop=self.stop, handle_signals=False)
        )
        for _ in range(600):
            if self.platforms and self.platforms[-1].accepting:
                return self.platforms[-1]
            if self.task.done():
                raise AssertionError(f"serve() ended early: {self.task.result()}")
            await asyncio.sleep(0.05)
        raise AssertionError("never started")

    async def sigterm(self) -> int:
        assert self.task is not None
        self.stop.set()
        return await asyncio.wait_for(self.task, timeout=20)


def _settings(**env: str) -> Settings:
    # Loopback and a free port: tests never listen on all interfaces or on a fixed port.
    env.setdefault("HTTP_HOST", "127.0.0.1")
    env.setdefault("HTTP_PORT", str(free_port()))
    os.environ.update(env)  # monkeypatched environment: cleaned by the clean_env fixture
    return load_settings(env_file=None)


@pytest.fixture(autouse=True)
def _restore_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Makes monkeypatch record the variables _settings() sets, so they are undone afterwards.
    for name in ("DATABASE_PATH", "HEALTH_SERVER", "HTTP_HOST", "HTTP_PORT"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
        monkeypatch.delenv(name)
    monkeypatch.setenv("SHUTDOWN_GRACE_SECONDS", "5")


def _followers(database: Path) -> int | None:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT data FROM profiles WHERE platform = ? AND workspace_id = ?",
            (WORKSPACE.platform, WORKSPACE.workspace_id),
        ).fetchall()
    assert len(rows) <= 1
    return json.loads(rows[0][0]).get("followers") if rows else None


def _occurrences(database: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT state, message_id FROM reminder_occurrences ORDER BY id"
        ).fetchall()


async def _due_now(core: Core, platform: str = "fake", channel: str = "C1") -> None:
    """A weekly reminder whose occurrence is due this minute."""
    reminder = await core.reminders.service.create(
        WorkspaceKey(platform, "T1"),
        channel_id=channel,
        weekday="monday",
        time="09:00",
        timezone="UTC",
        created_by="U1",
    )
    due = (datetime.now(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    await core.database.execute(
        "UPDATE reminders SET next_run_utc = ? WHERE id = ?", (due, reminder.id)
    )
    core.reminders.scheduler.wake()


async def test_in_flight_answer_finishes_before_the_database_closes(tmp_path: Path) -> None:
    port = free_port()
    database = tmp_path / "advisor.sqlite3"
    bot = Bot(
        _settings(
            DATABASE_PATH=str(database),
            HEALTH_SERVER="true",
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
        )
    )
    platform = await bot.start()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
            assert response.status == 200
        platform.metrics.platform_error("fake", "rate_limited")
        async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
            counted = 'advisor_platform_errors_total{kind="rate_limited",platform="fake"} 1.0'
            assert counted in await response.text()
        url = f"http://127.0.0.1:{port}/fake/events"
        async with session.post(url, data="profile set followers=5000") as response:
            assert response.status == 200
        assert len(platform.in_flight) == 1

        stopping = asyncio.create_task(bot.sigterm())
        await asyncio.sleep(0.3)
        # Draining: the HTTP listener is closed, so nothing new gets in...
        with pytest.raises(aiohttp.ClientConnectionError):
            async with session.get(f"http://127.0.0.1:{port}/healthz"):
                pass
    platform.deliver("profile set followers=9999")  # ...nor through the adapter itself.
    assert not stopping.done()  # waiting for the slow answer, not cutting it off

    platform.gate.set()
    assert await stopping == 0
    assert len(platform.replies) == 1
    assert platform.refused == ["profile set followers=9999"]
    assert _followers(database) == 5000


async def test_reminder_being_posted_at_sigterm_is_sent_once_across_restart(
    tmp_path: Path,
) -> None:
    database = tmp_path / "advisor.sqlite3"
    settings = _settings(DATABASE_PATH=str(database))
    first = Bot(settings)
    platform = await first.start()
    await _due_now(platform.core)
    await asyncio.wait_for(platform.posting.wait(), timeout=10)  # the post is in flight

    stopping = asyncio.create_task(first.sigterm())
    await asyncio.sleep(0.3)
    assert not stopping.done()
    platform.gate.set()
    assert await stopping == 0
    assert len(platform.posts) == 1
    assert _occurrences(database) == [("sent", "msg-1")]

    second = Bot(settings)
    again = await second.start()
    again.gate.set()
    await asyncio.sleep(1.0)  # a scheduler that would re-post does so at once
    assert await second.sigterm() == 0
    assert again.posts == []
    assert _occurrences(database) == [("sent", "msg-1")]


async def test_grace_period_bounds_the_wait(tmp_path: Path) -> None:
    bot = Bot(_settings(DATABASE_PATH=str(tmp_path / "advisor.sqlite3")))
    bot.settings.core.shutdown_grace_seconds = 0.5
    platform = await bot.start()
    platform.deliver("profile set followers=1")  # never released
    started = time.monotonic()
    assert await bot.sigterm() == 0
    assert time.monotonic() - started < 4  # 0.5 s grace, with room for a busy machine


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wait_http(url: str) -> tuple[int, str]:
    deadline = time.monotonic() + 90  # a cold matcher cache trains first
    while time.monotonic() < deadline:
        try:
            return _get(url)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def _seed_console_reminder(database: Path, cwd: Path) -> None:
    env = bot_env(DATABASE_PATH=str(database))
    from .support import run_bot

    done = run_bot("console", cwd=cwd, env=env, stdin="reminders add monday 09:00 UTC\n")
    assert done.returncode == 0, done.stderr
    due = (datetime.now(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE reminders SET next_run_utc = ?", (due,))


def test_sigterm_to_a_running_bot_exits_0_and_restart_loses_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    """Headless mode (HEALTH_SERVER=true, no tokens): health, metrics and console reminders."""
    database = tmp_path / "data" / "advisor.sqlite3"
    _seed_console_reminder(database, tmp_path)
    posted = 0
    for run in range(2):
        port = free_port()
        env = bot_env(
            DATABASE_PATH=str(database),
            HEALTH_SERVER="true",
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
            LOG_FORMAT="json",
        )
        process = start_bot("run", cwd=tmp_path, env=env)
        try:
            status, body = _wait_http(f"http://127.0.0.1:{port}/readyz")
            assert status == 200, body
            assert json.loads(body)["checks"] == {
                "database": True,
                "scheduler": True,
                "accepting": True,
            }
            deadline = time.monotonic() + 10
            # Wait for the post to be confirmed, not just claimed: the metric counts sends.
            while (
                run == 0
                and "sent" not in {state for state, _ in _occurrences(database)}
                and time.monotonic() < deadline
            ):
                time.sleep(0.1)
            status, metrics = _get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200
            process.send_signal(signal.SIGTERM)
            stdout, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, stderr
        events = [json.loads(line)["msg"] for line in stderr.splitlines() if line.startswith("{")]
        assert events.index("running") < events.index("stopping") < events.index("stopped")
        posted += stdout.count("[#console]")
        sent = 'advisor_reminders_total{outcome="sent"} 1.0' in metrics
        assert sent == (run == 0)
        # Between runs: a profile written while the bot is down is there after the restart.
        if run == 0:
            with sqlite3.connect(database) as connection:
                connection.execute(
                    "INSERT INTO profiles VALUES ('fake', 'T1', '{\"followers\": 7}', "
                    "'2026-01-01T00:00:00+00:00')"
                )
    assert posted == 1
    assert [state for state, _ in _occurrences(database)] == ["sent"]
    assert _followers(database) == 7
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


class Unreachable(SlowPlatform):
    async def start(self) -> None:
        raise PlatformError("login failed: cannot connect")


async def test_adapter_that_cannot_start_stops_the_others_and_exits_1(tmp_path: Path) -> None:
    settings = _settings(DATABASE_PATH=str(tmp_path / "advisor.sqlite3"))
    started: list[SlowPlatform] = []

    def healthy(_: Settings, core: Core) -> SlowPlatform:
        started.append(SlowPlatform(core))
        return started[-1]

    def broken(_: Settings, core: Core) -> SlowPlatform:
        return Unreachable(core)

    code = await asyncio.wait_for(
        serve(settings, [healthy, broken], stop=asyncio.Event(), handle_signals=False), 20
    )
    assert code == 1
    assert not started[0].accepting  # the one that had started was stopped again
