"""`python -m bot discord sync|invite` when Discord refuses the token or cannot be reached:
one line that says what to fix, a non-zero exit, and no traceback."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from tests.discord.fake_discord import TOKEN, FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
# The application id cannot be read from this one, so `invite` has to ask Discord.
OPAQUE_TOKEN = "not-base64!.fake.token"


async def _discord_command(*args: str, cwd: Path, **settings: str) -> tuple[int, str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DISCORD_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "discord",
        *args,
        cwd=cwd,  # away from a developer's .env
        env={**env, "PYTHONPATH": str(ROOT), **settings},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


async def test_a_rejected_token_is_one_line_naming_the_setting(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    for command in ("sync", "invite"):
        code, out, err = await _discord_command(
            command,
            cwd=tmp_path,
            DISCORD_TOKEN=OPAQUE_TOKEN,
            DISCORD_API_URL=fake_discord.api_url,
        )

        assert code == 2, err
        assert out == ""
        assert "DISCORD_TOKEN was rejected by Discord" in _one_line(err)


async def test_discord_unreachable_is_one_line_naming_the_address(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_unused_port()}/api/v10"
    for command, token in (("sync", TOKEN), ("invite", OPAQUE_TOKEN)):
        code, out, err = await _discord_command(
            command, cwd=tmp_path, DISCORD_TOKEN=token, DISCORD_API_URL=api
        )

        assert code == 1, err
        assert out == ""
        line = _one_line(err)
        assert line.startswith(f"Could not reach Discord at {api}")
        assert "DISCORD_API_URL" in line


async def test_without_a_token_one_line_says_where_to_get_it(tmp_path: Path) -> None:
    code, out, err = await _discord_command("sync", cwd=tmp_path)

    assert code == 2
    assert out == ""
    assert "DISCORD_TOKEN is not set" in _one_line(err)
