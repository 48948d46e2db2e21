"""Helpers shared by the ops tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from pydantic_settings import BaseSettings

from bot.discovery import installed_adapters
from bot.settings import CoreSettings, HttpSettings, ReminderSettings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
AREAS: tuple[type[BaseSettings], ...] = (CoreSettings, HttpSettings, ReminderSettings)


def setting_names() -> list[str]:
    """Every environment variable the bot reads: bot/settings.py and each adapter's area."""
    adapters = [a.settings_model for a in installed_adapters() if a.settings_model is not None]
    return [name.upper() for area in (*AREAS, *adapters) for name in area.model_fields]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(**overrides: str) -> dict[str, str]:
    """An environment for `python -m bot` subprocesses: this checkout importable, no tokens."""
    # Keeps MATCHER_CACHE_DIR (set by the clean_env fixture): the shared trained model.
    names = set(setting_names()) - {"MATCHER_CACHE_DIR"}
    env = {key: value for key, value in os.environ.items() if key.upper() not in names}
    env["PYTHONPATH"] = str(ROOT)
    env.update(overrides)
    return env


def run_bot(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` to completion, output captured."""
    return subprocess.run(
        [PYTHON, "-m", "bot", *args],
        cwd=cwd,
        env=env or bot_env(),
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def start_bot(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """`python -m bot ARGS` in the background; the caller stops it."""
    return subprocess.Popen(
        [PYTHON, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
