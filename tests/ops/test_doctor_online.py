"""`python -m bot doctor --online`: each configured token tried against its platform (the fakes
on 127.0.0.1), so a revoked or mistyped token shows before `run` fails on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.doctor import Check, run_checks
from tests.discord.fake_discord import TOKEN as DISCORD_TOKEN
from tests.discord.fake_discord import FakeDiscord
from tests.slack.fake_slack import FakeSlack

from .support import PYTHON, bot_env, free_port


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


def _platforms(
    monkeypatch: pytest.MonkeyPatch, slack: FakeSlack, discord: FakeDiscord, **tokens: str
) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-T_LIVE",
        "SLACK_APP_TOKEN": "xapp-1-live",
        "SLACK_API_URL": slack.api_url,
        "DISCORD_TOKEN": DISCORD_TOKEN,
        "DISCORD_API_URL": discord.api_url,
        **tokens,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)


async def _checks(*, online: bool = True) -> dict[str, Check]:
    return {check.name: check for check in await run_checks(None, online=online)}


async def test_good_tokens_say_whose_they_are(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, fake_discord: FakeDiscord
) -> None:
    _platforms(monkeypatch, fake_slack, fake_discord)
    checks = await _checks()
    assert checks["slack token"].status == "ok"
    assert "advisor in Team T_LIVE (T_LIVE)" in checks["slack token"].detail
    assert checks["discord token"].status == "ok"
    assert "advisor" in checks["discord token"].detail


async def test_rejected_tokens_fail_and_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, fake_discord: FakeDiscord
) -> None:
    fake_slack.rejected_tokens.add("xoxb-T_REVOKED")
    _platforms(
        monkeypatch,
        fake_slack,
        fake_discord,
        SLACK_BOT_TOKEN="xoxb-T_REVOKED",
        DISCORD_TOKEN="MTIzNDU2.rejected." + "x" * 27,
    )
    checks = await _checks()
    assert checks["slack token"].status == "FAIL"
    assert "invalid_auth" in checks["slack token"].detail
    assert "SLACK_BOT_TOKEN" in checks["slack token"].detail
    assert checks["discord token"].status == "FAIL"
    assert "DISCORD_TOKEN" in checks["discord token"].detail
    assert "rejected." not in checks["discord token"].detail  # the token itself is never shown


async def test_an_unreachable_platform_fails_with_its_address(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, fake_discord: FakeDiscord
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/"
    _platforms(monkeypatch, fake_slack, fake_discord, SLACK_API_URL=closed)
    checks = await _checks()
    assert checks["slack token"].status == "FAIL"
    assert f"Slack ({closed}) unreachable" in checks["slack token"].detail
    assert checks["discord token"].status == "ok"


async def test_without_online_no_platform_is_called(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, fake_discord: FakeDiscord
) -> None:
    _platforms(monkeypatch, fake_slack, fake_discord)
    checks = await _checks(online=False)
    assert "slack token" not in checks
    assert "discord token" not in checks
    assert fake_slack.calls == []


async def test_nothing_configured_skips_the_online_check() -> None:
    checks = await _checks()
    assert checks["online"].status == "skip"


async def test_the_cli_flag_exits_1_on_a_revoked_token(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.rejected_tokens.add("xoxb-T_REVOKED")
    env = bot_env(
        SLACK_BOT_TOKEN="xoxb-T_REVOKED",
        SLACK_APP_TOKEN="xapp-1-x",
        SLACK_API_URL=fake_slack.api_url,
    )
    doctor = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "bot",
        "doctor",
        "--online",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(doctor.communicate(), 60)
    report = out.decode()
    assert doctor.returncode == 1, report + err.decode()
    line = next(line for line in report.splitlines() if "slack token" in line)
    assert line.split()[0] == "FAIL"
    assert "invalid_auth" in line
    assert report.rstrip().endswith("Problems: slack token.")
