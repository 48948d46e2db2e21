"""Reminders shared by bot processes on one PostgreSQL database: a change made through one
process reaches the schedulers of the others at once, not at their next poll."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.storage import DatabaseTarget
from tests.reminders.world import FakeClock, StartProcess, admin, eventually


@pytest.fixture
def database_target(postgres_url: str) -> DatabaseTarget:
    # PostgreSQL only: SQLite has no notifications, and its schedulers find changes by polling.
    return DatabaseTarget.of(postgres_url)


async def test_a_reminder_added_through_another_process_wakes_this_scheduler(
    start_process: StartProcess, clock: FakeClock
) -> None:
    watcher, other = await start_process(), await start_process()
    running = asyncio.create_task(watcher.reminders.run())
    try:
        # Nothing to do: the watcher polls again in 5 minutes (07:05).
        await eventually(lambda: clock.wake_times == [datetime(2024, 3, 4, 7, 5, tzinfo=UTC)])

        await other.type("reminders add monday 07:01 UTC", asker=admin())

        # Woken through the database, it now sleeps only until the new reminder is due.
        await eventually(lambda: datetime(2024, 3, 4, 7, 1, tzinfo=UTC) in clock.wake_times)
    finally:
        await watcher.reminders.stop()
        await asyncio.wait_for(running, 5)
