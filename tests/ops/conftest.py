"""Ops tests run with a clean environment: no .env, no real tokens, a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_matcher
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher

from .support import ROOT, setting_names


@pytest.fixture(scope="session")
def matcher_cache() -> Path:
    """The checkout's matcher cache (what `python -m bot` uses here).

    Training takes tens of seconds and loading a trained model a fraction of one, so every
    test, in-process or subprocess, shares it (MATCHER_CACHE_DIR is set to it).
    """
    cache = ROOT / "data" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


@pytest.fixture(scope="session")
def trained(matcher_cache: Path) -> tuple[KnowledgeBase, Matcher]:
    """For `open_core(..., knowledge=, matcher=)`: loaded once per run."""
    return build_matcher(None, matcher_cache)


@pytest.fixture(autouse=True)
def clean_env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    matcher_cache: Path,
    trained: tuple[KnowledgeBase, Matcher],
) -> None:
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(matcher_cache))
    # The settings read `.env` from the working directory: make it an empty one.
    monkeypatch.chdir(tmp_path)
