"""`python -m bot run` starting and stopping as an operator sees it: a rejected token is one
line and exit 1; an unreachable or silent platform ends at the start deadline; SIGTERM is
honoured whatever stage the process is in.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.discord.fake_discord import TOKEN as DISCORD_TOKEN
from tests.discord.fake_discord import FakeDiscord
from tests.slack.fake_slack import FakeSlack

from .live_bot import LiveBot
from .support import free_port

SIGNING_SECRET = "live-signing-secret"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    yield slack
    await slack.close()


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(guild_ids=[1])
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """Accepts connections and never answers: a platform stuck behind a broken proxy."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    for writer in held:
        writer.close()
    server.close()
    await server.wait_closed()


def _slack_env(api_url: str, **more: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-T_LIVE",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "LOG_FORMAT": "json",
        **more,
    }


def _lines(bot: LiveBot, level: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in bot.stderr if line.startswith("{")]
    return [row for row in rows if row.get("level") == level]


def _assert_one_clear_line(bot: LiveBot, *words: str) -> None:
    errors = _lines(bot, "ERROR")
    assert len(errors) == 1, bot.stderr
    message = str(errors[0]["msg"])
    for word in words:
        assert word in message, message
    assert not [line for line in bot.stderr if "Traceback" in line or '"exc"' in line]


async def _exit_code(bot: LiveBot, *, within: float) -> tuple[int, float]:
    started = time.monotonic()
    try:
        code = await bot.exit_code(within=within)
    finally:
        await bot.kill()
    return code, time.monotonic() - started


async def test_a_rejected_slack_bot_token_exits_1_with_one_line(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.rejected_tokens.add("xoxb-T_LIVE")
    bot = await LiveBot.start(tmp_path, **_slack_env(fake_slack.api_url))
    code, _ = await _exit_code(bot, within=60)
    assert code == 1
    _assert_one_clear_line(bot, "SLACK_BOT_TOKEN", "invalid_auth")


async def test_a_rejected_socket_mode_app_token_exits_1_with_one_line(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.rejected_tokens.add("xapp-1-revoked")
    env = _slack_env(fake_slack.api_url, SLACK_APP_TOKEN="xapp-1-revoked")
    bot = await LiveBot.start(tmp_path, **env)
    code, _ = await _exit_code(bot, within=60)
    assert code == 1
    _assert_one_clear_line(bot, "SLACK_APP_TOKEN", "invalid_auth")


async def test_a_rejected_discord_token_exits_1_with_one_line(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    bot = await LiveBot.start(
        tmp_path,
        DISCORD_TOKEN="MTIzNDU2.rejected." + "x" * 27,
        DISCORD_API_URL=fake_discord.api_url,
        DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        LOG_FORMAT="json",
    )
    code, _ = await _exit_code(bot, within=60)
    assert code == 1
    _assert_one_clear_line(bot, "DISCORD_TOKEN")


@pytest.mark.parametrize("where", ["closed port", "silent server"])
async def test_an_unreachable_slack_ends_at_the_start_deadline(
    tmp_path: Path, silent_server: str, where: str
) -> None:
    api_url = f"http://127.0.0.1:{free_port()}/api/" if where == "closed port" else silent_server
    bot = await LiveBot.start(
        tmp_path, **_slack_env(api_url, ADAPTER_START_TIMEOUT_SECONDS="3", HEALTH_SERVER="true")
    )
    await bot.wait_for_line("http server listening")
    code, seconds = await _exit_code(bot, within=60)
    assert code == 1
    assert seconds < 10  # the 3 s deadline, with room for a busy machine
    _assert_one_clear_line(bot, "slack", "ADAPTER_START_TIMEOUT_SECONDS")
    if where == "closed port":  # it said it was retrying, not silently
        assert _lines(bot, "WARNING")
    # Gone, so nothing (Docker's healthcheck included) sees a healthy bot that never connected.
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as http, http.get(bot.url + "/healthz"):
            pass


@pytest.mark.parametrize("where", ["closed port", "silent server"])
async def test_an_unreachable_discord_ends_start_up_with_one_line(
    tmp_path: Path, silent_server: str, where: str
) -> None:
    base = f"http://127.0.0.1:{free_port()}" if where == "closed port" else silent_server
    bot = await LiveBot.start(
        tmp_path,
        DISCORD_TOKEN=DISCORD_TOKEN,
        DISCORD_API_URL=base + "/api/v10",
        DISCORD_GATEWAY_URL=base.replace("http", "ws"),
        ADAPTER_START_TIMEOUT_SECONDS="3",
        LOG_FORMAT="json",
    )
    code, seconds = await _exit_code(bot, within=60)
    assert code == 1
    assert seconds < 30
    _assert_one_clear_line(bot, "iscord")


async def test_a_socket_mode_websocket_that_cannot_connect_ends_start_up_with_one_line(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.socket_url = f"ws://127.0.0.1:{free_port()}/link"  # nothing listens there
    env = _slack_env(
        fake_slack.api_url, SLACK_APP_TOKEN="xapp-1-live", ADAPTER_START_TIMEOUT_SECONDS="3"
    )
    bot = await LiveBot.start(tmp_path, **env)
    code, seconds = await _exit_code(bot, within=60)
    assert code == 1
    assert seconds < 30
    _assert_one_clear_line(bot, "slack", "ADAPTER_START_TIMEOUT_SECONDS")


async def test_sigterm_while_slack_start_hangs_exits_0_promptly(
    tmp_path: Path, silent_server: str
) -> None:
    bot = await LiveBot.start(tmp_path, **_slack_env(silent_server))
    await bot.wait_for_line("http server listening")
    await asyncio.sleep(0.5)  # auth.test is waiting on the silent server
    bot.signal()
    code, seconds = await _exit_code(bot, within=20)
    assert code == 0
    assert seconds < 10
    assert not _lines(bot, "ERROR")


async def test_sigterm_while_discord_start_hangs_exits_0_promptly(
    tmp_path: Path, silent_server: str
) -> None:
    bot = await LiveBot.start(
        tmp_path,
        DISCORD_TOKEN=DISCORD_TOKEN,
        DISCORD_API_URL=silent_server + "/api/v10",
        DISCORD_GATEWAY_URL=silent_server.replace("http", "ws"),
        HEALTH_SERVER="true",
        LOG_FORMAT="json",
    )
    await bot.wait_for_line("http server listening")
    await asyncio.sleep(0.5)
    bot.signal()
    code, seconds = await _exit_code(bot, within=20)
    assert code == 0
    assert seconds < 10


async def test_sigterm_before_anything_is_up_ends_the_process(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    bot = await LiveBot.start(tmp_path, **_slack_env(fake_slack.api_url))
    await asyncio.sleep(0.3)  # still importing or loading the matcher
    bot.signal()
    code, seconds = await _exit_code(bot, within=30)
    assert code in (0, -15)  # handled (0) or, before the handlers exist, the default action
    assert seconds < 20


async def test_sigterm_while_running_exits_0(tmp_path: Path, fake_slack: FakeSlack) -> None:
    bot = await LiveBot.start(tmp_path, **_slack_env(fake_slack.api_url))
    await bot.wait_for_line('"running"')
    bot.signal()
    code, _ = await _exit_code(bot, within=30)
    assert code == 0
    messages = [row["msg"] for row in _lines(bot, "INFO")]
    assert messages.index("running") < messages.index("stopping") < messages.index("stopped")
