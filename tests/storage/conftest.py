"""Shared by the store tests: a clock set by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest


class StepClock:
    """A clock the test sets by hand."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> StepClock:
    return StepClock()
