"""A new chat platform is adapter-only work: ChatFake (tests/ops/new_platform/chatfake.py) is
installed as a distribution of its own, found through the `value_advisor.adapters` entry point,
and the bot serves it, posts its reminders, checks its settings and offers its command, with no
line of bot/ naming it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import discovery
from bot.doctor import run_checks
from bot.errors import ConfigurationError
from bot.profiles import WorkspaceKey
from bot.runner import configured_factories, secret_values, serve
from bot.settings import load_settings

from .live_bot import LiveBot
from .support import ROOT, bot_env, free_port, run_bot

TOKEN = "cf-quiet-harbour-42"
SOURCE = Path(__file__).parent / "new_platform" / "chatfake.py"


@pytest.fixture
def chatfake_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path holding ChatFake as an installed distribution (what `pip install`
    leaves behind: the module, and a .dist-info with METADATA and entry_points.txt)."""
    site = tmp_path / "site"
    info = site / "chatfake-0.1.dist-info"
    info.mkdir(parents=True)
    shutil.copy(SOURCE, site / "chatfake.py")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: chatfake\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[value_advisor.adapters]\nchatfake = chatfake:ChatFakeAdapter\n"
    )
    monkeypatch.syspath_prepend(str(site))
    discovery.reset()
    yield site
    discovery.reset()
    sys.modules.pop("chatfake", None)


def _env(site: Path, **more: str) -> dict[str, str]:
    return {"PYTHONPATH": f"{ROOT}{os.pathsep}{site}", "CHATFAKE_TOKEN": TOKEN, **more}


class Person:
    def __init__(self, http: aiohttp.ClientSession, url: str, team: str, *, admin: bool) -> None:
        self.http, self.url, self.team, self.admin = http, url, team, admin

    async def say(self, text: str, channel: str = "C1") -> str:
        body = {"team": self.team, "user": "U1", "channel": channel, "text": text}
        async with self.http.post(
            f"{self.url}/chatfake/messages", json={**body, "admin": self.admin}
        ) as response:
            assert response.status == 200, await response.text()
            reply: dict[str, Any] = await response.json()
        return str(reply["text"])


async def test_a_new_platform_holds_a_conversation_in_a_real_process(
    tmp_path: Path, chatfake_site: Path
) -> None:
    bot = await LiveBot.start(tmp_path, **_env(chatfake_site))
    try:
        await bot.wait_healthy()
        async with aiohttp.ClientSession() as http:
            async with http.get(bot.url + "/readyz") as response:
                assert response.status == 200
            admin = Person(http, bot.url, "T1", admin=True)
            other = Person(http, bot.url, "T2", admin=False)

            assert "provide value" in (await admin.say("hello")).lower()
            first = await admin.say("do I need lots of followers?")
            assert "followers" in first.lower()
            assert "1,200" not in first
            saved = await admin.say("profile set goal=leads followers=1200 engagement=3")
            assert "Profile saved." in saved
            assert "1,200 followers" in await admin.say("do I need lots of followers?")
            # Another workspace on the same platform sees none of it.
            assert "1,200" not in await other.say("do I need lots of followers?")
            refused = await other.say("profile set followers=5")
            assert "admin" in refused.lower()
            # Channels are named in the platform's own syntax, which the core never learned.
            added = await admin.say("reminders add friday 5:30pm UTC", channel="C-HERE")
            assert "every Friday at 17:30 (UTC) in [[channel C-HERE]]" in added
        bot.signal(signal.SIGTERM)
        assert await bot.exit_code() == 0
    finally:
        await bot.kill()
    log = "\n".join(bot.stderr)
    assert "adapters=chatfake" in log
    assert "chatfake: the platform greeted" in log
    assert TOKEN not in log  # its secret is redacted like Slack's and Discord's


async def test_a_new_platform_gets_reminders_and_metrics(
    tmp_path: Path, chatfake_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    for name, value in _env(
        chatfake_site,
        DATABASE_PATH=str(tmp_path / "advisor.sqlite3"),
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(port),
    ).items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    assert TOKEN in secret_values(settings)
    factories = configured_factories(settings)
    assert len(factories) == 1  # ChatFake only: Slack and Discord have no tokens here
    import chatfake  # the module the entry point loaded

    stop = asyncio.Event()
    serving = asyncio.create_task(serve(settings, factories, stop=stop, handle_signals=False))
    try:
        runtime = await _running(chatfake.RUNNING, serving)
        assert runtime.metrics is not None  # the runner handed it the process's metrics
        core = runtime.core
        reminder = await core.reminders.service.create(
            WorkspaceKey("chatfake", "T1"),
            channel_id="C9",
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
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                async with http.get(f"http://127.0.0.1:{port}/chatfake/posts") as response:
                    posts = await response.json()
                if posts:
                    break
                await asyncio.sleep(0.05)
        assert [(post["team"], post["channel"]) for post in posts] == [("T1", "C9")]
    finally:
        stop.set()
        assert await asyncio.wait_for(serving, 20) == 0


async def _running(started: list[Any], serving: asyncio.Task[int]) -> Any:
    for _ in range(600):
        if started and started[-1].accepting:
            return started[-1]
        if serving.done():
            raise AssertionError(f"serve() ended early: {serving.result()}")
        await asyncio.sleep(0.05)
    raise AssertionError("ChatFake never started")


def test_a_new_platform_settings_name_its_variable(
    chatfake_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATFAKE_TOKEN", "xoxb-wrong-platform")
    with pytest.raises(ConfigurationError) as caught:
        load_settings(env_file=None)
    line = next(line for line in str(caught.value).splitlines() if "CHATFAKE_TOKEN" in line)
    assert "starting with 'cf-'" in line
    assert "Set it to the token from ChatFake's developer page." in line
    assert "xoxb-wrong-platform" not in str(caught.value)


async def test_doctor_reports_a_new_platform(
    chatfake_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATFAKE_TOKEN", "cf-paste-yours-here")
    copied = {check.name: check for check in await run_checks(None)}
    assert copied["configuration"].status == "FAIL"
    assert "CHATFAKE_TOKEN still hold the example" in copied["configuration"].detail

    monkeypatch.setenv("CHATFAKE_TOKEN", TOKEN)
    checks = {check.name: check for check in await run_checks(None, online=True)}
    assert checks["adapters"].detail.startswith("ChatFake (HTTP); HTTP on ")
    assert checks["chatfake token"].status == "ok"


def test_a_new_platform_adds_its_command_to_the_cli(tmp_path: Path, chatfake_site: Path) -> None:
    env = bot_env(PYTHONPATH=f"{ROOT}{os.pathsep}{chatfake_site}")
    listed = run_bot("--help", cwd=tmp_path, env=env)
    assert "ChatFake operator commands: hello" in listed.stdout

    ran = run_bot("chatfake", "hello", "--verbose", cwd=tmp_path, env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "chatfake operator: hello --verbose\n"


def test_a_new_platform_documents_its_settings_in_env_example(
    tmp_path: Path, chatfake_site: Path
) -> None:
    env = bot_env(PYTHONPATH=f"{ROOT}{os.pathsep}{chatfake_site}")
    written = run_bot("env-example", cwd=tmp_path, env=env)
    assert written.returncode == 0, written.stderr
    lines = written.stdout.splitlines()
    token = lines.index("CHATFAKE_TOKEN=")
    assert lines[token - 1] == "# The bot's token from ChatFake's developer page. Starts with cf-."
    # Everything else is this checkout's own file: ChatFake's section is the only addition.
    committed = (ROOT / ".env.example").read_text(encoding="utf-8")
    chatfake = discovery.adapter_named("chatfake")
    assert chatfake is not None
    assert written.stdout.replace(chatfake.env_section() + "\n", "") == committed


def test_a_source_tree_that_was_not_installed_finds_its_adapters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The container runs the source in place: no entry point metadata, only pyproject.toml."""
    monkeypatch.setattr(discovery, "entry_points", lambda group: [])
    discovery.reset()
    try:
        names = [adapter.name for adapter in discovery.installed_adapters()]
    finally:
        discovery.reset()
    assert names == ["console", "discord", "slack"]
