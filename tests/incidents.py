"""A bug planted in the core, and the one log record it must leave (bot/request.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

# break_core(core.matcher, "match"): that call now fails as a bug would.
BreakCore = Callable[[object, str], None]
SORRY = "something went wrong on my side"


def breaker(monkeypatch: pytest.MonkeyPatch) -> BreakCore:
    def breaking(target: object, name: str) -> None:
        def broken(*args: object, **kwargs: object) -> object:
            raise RuntimeError("a bug in the core")

        monkeypatch.setattr(target, name, broken)

    return breaking


def the_incident(caplog: pytest.LogCaptureFixture) -> str:
    """The reference of the one error record logged; fails unless there is exactly one."""
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    return str(record.__dict__["incident"])


def assert_apology_quotes_the_incident(caplog: pytest.LogCaptureFixture, shown: str) -> None:
    assert SORRY in shown
    assert f"Reference: {the_incident(caplog)}" in shown
