"""Ops tests run with a clean environment: no .env, no real tokens, a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_matcher

from .support import ROOT, setting_names


@pytest.fixture(scope="session")
def matcher_cache() -> Path:
    """The checkout's matcher cache (what `python -m bot` uses here), trained once if stale.

    Training takes tens of seconds and loading a trained one a fraction of a second, so every
    test, in-process or subprocess, shares it.
    """
    cache = ROOT / "data" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    build_matcher(None, cache)
    return cache


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, matcher_cache: Path) -> None:
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    # The settings read `.env` from the working directory: make it an empty one. The matcher
    # caches in ./data/cache: point that at the shared cache (subprocesses run here too).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cache").symlink_to(matcher_cache, target_is_directory=True)
