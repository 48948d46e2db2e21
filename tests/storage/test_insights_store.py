"""What team insights remember, on both backends: questions per entry, declined questions only
with the workspace's consent, votes and reminders over a period, and nothing across workspaces.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any, TypedDict, cast

import pytest

from bot.insights import InsightsStore
from bot.profiles import WorkspaceKey
from bot.retention import purge_feedback
from bot.storage import Database, DatabaseTarget, SqlStore
from tests.storage.conftest import StepClock

ACME = WorkspaceKey("slack", "T-ACME")
GLOBEX = WorkspaceKey("slack", "T-GLOBEX")


@pytest.fixture
def target(any_backend: DatabaseTarget) -> DatabaseTarget:
    return any_backend


@pytest.fixture
async def database(target: DatabaseTarget) -> AsyncIterator[Database]:
    opened = await target.open()
    yield opened
    await opened.close()


class Period(TypedDict):
    since: datetime
    until: datetime


def rows(exported: dict[str, object], table: str) -> list[dict[str, Any]]:
    """One table of an export: the store types the export loosely (`dict[str, object]`)."""
    return cast(list[dict[str, Any]], exported[table])


def last_days(clock: StepClock, days: int = 30) -> Period:
    return {"since": clock.moment - timedelta(days=days), "until": clock.moment}


async def test_questions_are_counted_per_entry_within_the_period_and_workspace(
    database: Database, clock: StepClock
) -> None:
    store = InsightsStore(database, clock)
    clock.moment -= timedelta(days=45)
    await store.record_question(ACME, entry_id="followers", question="old, outside the period")
    clock.moment += timedelta(days=45)
    for _ in range(3):
        await store.record_question(ACME, entry_id="followers", question="do we need 10k?")
    await store.record_question(ACME, entry_id="frequency", question="post daily?")
    await store.record_question(
        ACME, entry_id=None, question="<!channel> best time to tweet <@U123>?"
    )
    await store.record_question(ACME, entry_id=None, question="best   time to tweet ?")
    await store.record_question(ACME, entry_id=None, question="best time to tweet ?")
    await store.record_question(GLOBEX, entry_id=None, question="globex secret plans")

    counts = await store.period_counts(ACME, **last_days(clock))

    assert counts.asked == {"followers": 3, "frequency": 1}
    assert counts.declined == 3
    # Mentions are never kept (no user ids, nothing that could ping when shown again).
    assert counts.declined_questions == [("best time to tweet ?", 3)]
    globex = await store.period_counts(GLOBEX, **last_days(clock))
    assert globex.declined_questions == [("globex secret plans", 1)]
    assert globex.asked == {}


async def test_without_consent_declined_questions_are_counted_but_not_kept(
    database: Database, clock: StepClock
) -> None:
    store = InsightsStore(database, clock)
    assert await store.store_declined(ACME) is True  # on by default
    await store.record_question(ACME, entry_id=None, question="kept while consent is on")

    erased = await store.set_store_declined(ACME, False)
    await store.record_question(ACME, entry_id=None, question="never kept")

    assert erased == 1  # turning consent off erases what was kept
    assert await store.store_declined(ACME) is False
    counts = await store.period_counts(ACME, **last_days(clock))
    assert counts.declined == 2
    assert counts.declined_questions == []
    exported = await SqlStore(database, clock).export_workspace(ACME)
    assert [row["question"] for row in rows(exported, "questions")] == [None, None]

    await store.set_store_declined(ACME, True)
    await store.record_question(ACME, entry_id=None, question="kept again")
    counts = await store.period_counts(ACME, **last_days(clock))
    assert counts.declined_questions == [("kept again", 1)]


async def test_votes_and_reminders_are_counted_for_the_period(
    database: Database, clock: StepClock
) -> None:
    sql = SqlStore(database, clock)
    store = InsightsStore(database, clock)
    await sql.record_feedback(ACME, answer_ref="a1", entry_id="followers", user="U1", vote="up")
    await sql.record_feedback(ACME, answer_ref="a1", entry_id="followers", user="U2", vote="down")
    await sql.record_feedback(ACME, answer_ref="a2", entry_id="followers", user="U1", vote="up")
    await sql.record_feedback(GLOBEX, answer_ref="g", entry_id="followers", user="U9", vote="down")
    reminder = await seed_reminder(database, ACME, clock.moment)
    for day, state in enumerate(["sent", "sent", "skipped", "pending", "sent"]):
        moment = clock.moment - timedelta(days=7 * day, hours=1)
        await seed_occurrence(database, ACME, reminder, moment, state)
    # The last one (28 days ago) is inside 30 days; only the first is inside 7.

    counts = await store.period_counts(ACME, **last_days(clock))
    week = await store.period_counts(ACME, **last_days(clock, 7))

    assert counts.votes == {"followers": (2, 1)}
    assert (counts.reminders_sent, counts.reminders_skipped) == (3, 1)
    assert (week.reminders_sent, week.reminders_skipped) == (1, 0)


async def test_forget_removes_questions_and_consent_and_retention_purges_old_questions(
    database: Database, clock: StepClock
) -> None:
    sql = SqlStore(database, clock)
    store = InsightsStore(database, clock)
    await store.record_question(ACME, entry_id=None, question="what do we need?")
    await store.set_store_declined(ACME, True)
    await store.record_question(GLOBEX, entry_id="followers", question="10k?")

    exported = await sql.export_workspace(ACME)
    assert [row["question"] for row in rows(exported, "questions")] == ["what do we need?"]
    assert len(rows(exported, "insights_settings")) == 1

    assert await sql.forget_workspace(ACME) == 2
    assert (await store.period_counts(ACME, **last_days(clock))).declined == 0
    assert (await store.period_counts(GLOBEX, **last_days(clock))).asked == {"followers": 1}

    clock.moment += timedelta(days=400)
    await store.record_question(GLOBEX, entry_id="frequency", question="daily?")
    assert await purge_feedback(database, clock, days=365) == 1
    assert (await store.period_counts(GLOBEX, **last_days(clock, 365))).asked == {"frequency": 1}


async def seed_reminder(database: Database, workspace: WorkspaceKey, now: datetime) -> int:
    rows = await database.fetch_all(
        "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, local_time, "
        "timezone, created_by, created_at, status, next_run_utc) "
        "VALUES (?, ?, 'C1', 0, '09:00', 'UTC', 'U1', ?, 'active', ?) RETURNING id",
        (workspace.platform, workspace.workspace_id, now, now),
    )
    return int(rows[0][0])


async def seed_occurrence(
    database: Database, workspace: WorkspaceKey, reminder: int, moment: datetime, state: str
) -> None:
    await database.execute(
        "INSERT INTO reminder_occurrences (reminder_id, platform, workspace_id, scheduled_utc, "
        "state, rotation, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
        (reminder, workspace.platform, workspace.workspace_id, moment, state, moment),
    )
