"""Fixtures for reminder scenarios; the fakes themselves are in `world.py`.

Every scenario runs twice: on SQLite (one file shared by the bot processes) and on PostgreSQL
(one database shared by the bot processes, each with its own connection pool).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.reminders.feature import build_reminders
from bot.settings import ReminderSettings
from bot.storage import Database, DatabaseTarget
from tests.reminders.world import (
    BotProcess,
    FakeChatPlatform,
    FakeClock,
    InMemoryProfiles,
    StartProcess,
)


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 3, 4, 7, 0, tzinfo=UTC))  # a Monday morning


@pytest.fixture
def profiles() -> InMemoryProfiles:
    return InMemoryProfiles()


@pytest.fixture
def slack(clock: FakeClock) -> FakeChatPlatform:
    return FakeChatPlatform(clock=clock)


@pytest.fixture
def database_target(any_backend: DatabaseTarget) -> DatabaseTarget:
    return any_backend


@pytest.fixture
async def start_process(
    database_target: DatabaseTarget,
    knowledge: KnowledgeBase,
    clock: FakeClock,
    profiles: InMemoryProfiles,
    slack: FakeChatPlatform,
) -> AsyncIterator[StartProcess]:
    opened: list[Database] = []

    async def start(
        *,
        poster: FakeChatPlatform | None = None,
        grace_hours: float = 3,
        max_per_workspace: int = 25,
        claim_timeout_seconds: float = 90,
    ) -> BotProcess:
        database = await database_target.open()
        opened.append(database)
        settings = ReminderSettings(
            _env_file=None,  # type: ignore[call-arg]
            reminder_grace_hours=grace_hours,
            reminder_max_per_workspace=max_per_workspace,
            reminder_claim_timeout_seconds=claim_timeout_seconds,
        )
        reminders = build_reminders(
            database=database,
            profiles=profiles,
            knowledge=knowledge,
            clock=clock,
            settings=settings,
            sleep=clock.sleep,
            instance_id=f"process-{len(opened)}",
        )
        reminders.register_poster("slack", poster or slack)
        return BotProcess(database=database, reminders=reminders, clock=clock)

    yield start
    for database in opened:
        await database.close()


@pytest.fixture
async def bot(start_process: StartProcess) -> BotProcess:
    return await start_process()
