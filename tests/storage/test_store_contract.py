"""One contract for the stores, run against both backends: what the bot remembers, and what
several processes sharing one database may and may not see.

Each "process" is its own `Database` (SQLite: its own connection to the file; PostgreSQL: its
own pool), as separate bot replicas would have.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest

from bot.errors import StorageError
from bot.profiles import AudienceProfile, WorkspaceKey
from bot.retention import purge_feedback
from bot.storage import Database, DatabaseTarget, SqlStore
from tests.storage.conftest import StepClock

ACME = WorkspaceKey("slack", "T-ACME")
GLOBEX = WorkspaceKey("slack", "T-GLOBEX")


OpenProcess = Callable[[], Awaitable[Database]]


@pytest.fixture
def target(any_backend: DatabaseTarget) -> DatabaseTarget:
    return any_backend


@pytest.fixture
async def open_process(target: DatabaseTarget) -> AsyncIterator[OpenProcess]:
    opened: list[Database] = []

    async def start() -> Database:
        database = await target.open()
        opened.append(database)
        return database

    yield start
    for database in opened:
        await database.close()


async def test_a_profile_is_kept_and_read_back_by_another_process(
    open_process: OpenProcess, clock: StepClock
) -> None:
    first, second = SqlStore(await open_process(), clock), SqlStore(await open_process(), clock)
    await first.save_profile(ACME, AudienceProfile(goal="leads", followers=1500, blogs=False))

    stored = await second.get_profile(ACME)

    assert stored is not None
    assert stored.profile == AudienceProfile(goal="leads", followers=1500, blogs=False)
    assert stored.updated_at == clock.moment
    assert await second.get_profile(GLOBEX) is None


async def test_two_admins_editing_at_once_both_keep_their_field(
    open_process: OpenProcess, clock: StepClock
) -> None:
    replicas = [SqlStore(await open_process(), clock) for _ in range(3)]
    edits: list[Callable[[AudienceProfile], AudienceProfile]] = [
        lambda p: p.model_copy(update={"goal": "sales"}),
        lambda p: p.model_copy(update={"followers": 900}),
        lambda p: p.model_copy(update={"audience": "dentists in Amman"}),
        lambda p: p.model_copy(update={"blogs": True}),
        lambda p: p.model_copy(update={"engagement_rate": 3.5}),
        lambda p: p.model_copy(update={"timezone": "Asia/Riyadh"}),
    ]

    # A workspace with no profile yet: the first edits race to create the row.
    await asyncio.gather(
        *(replicas[i % 3].update_profile(ACME, edit) for i, edit in enumerate(edits))
    )

    stored = await replicas[0].get_profile(ACME)
    assert stored is not None
    assert stored.profile == AudienceProfile(
        goal="sales",
        followers=900,
        audience="dentists in Amman",
        blogs=True,
        engagement_rate=3.5,
        timezone="Asia/Riyadh",
    )


async def test_a_failed_edit_changes_nothing(open_process: OpenProcess, clock: StepClock) -> None:
    store = SqlStore(await open_process(), clock)
    await store.save_profile(ACME, AudienceProfile(goal="leads"))

    def broken(_: AudienceProfile) -> AudienceProfile:
        raise ValueError("the admin typed something impossible")

    with pytest.raises(ValueError, match="impossible"):
        await store.update_profile(ACME, broken)

    stored = await store.get_profile(ACME)
    assert stored is not None
    assert stored.profile == AudienceProfile(goal="leads")


async def test_reset_removes_only_that_workspaces_profile(
    open_process: OpenProcess, clock: StepClock
) -> None:
    store = SqlStore(await open_process(), clock)
    await store.save_profile(ACME, AudienceProfile(goal="leads"))
    await store.save_profile(GLOBEX, AudienceProfile(goal="sales"))

    assert await store.reset_profile(ACME) is True
    assert await store.reset_profile(ACME) is False
    assert await store.get_profile(ACME) is None
    assert await store.get_profile(GLOBEX) is not None


async def test_one_vote_per_person_per_answer_and_counts_per_workspace(
    open_process: OpenProcess, clock: StepClock
) -> None:
    store = SqlStore(await open_process(), clock)
    await store.record_feedback(ACME, answer_ref="a1", entry_id="2", user="U1", vote="up")
    await store.record_feedback(ACME, answer_ref="a1", entry_id="2", user="U1", vote="down")
    await store.record_feedback(ACME, answer_ref="a1", entry_id="2", user="U2", vote="up")
    await store.record_feedback(GLOBEX, answer_ref="g1", entry_id="2", user="U9", vote="up")

    assert await store.feedback_counts(ACME) == {"2": {"up": 1, "down": 1}}
    assert await store.feedback_counts(GLOBEX) == {"2": {"up": 1, "down": 0}}


async def test_a_retried_event_is_answered_by_exactly_one_process(
    open_process: OpenProcess, clock: StepClock
) -> None:
    replicas = [SqlStore(await open_process(), clock) for _ in range(3)]

    # Slack's three deliveries of one event, each landing on a different replica at once.
    firsts = await asyncio.gather(
        *(replica.first_delivery("slack", "Ev0123") for replica in replicas)
    )

    assert sorted(firsts) == [False, False, True]
    assert await replicas[0].first_delivery("discord", "Ev0123") is True


async def test_a_delivery_with_two_ids_is_answered_once_even_when_replicas_race(
    open_process: OpenProcess, clock: StepClock
) -> None:
    replicas = [SqlStore(await open_process(), clock) for _ in range(3)]

    for round_ in range(20):
        ids = (f"Ev{round_:04d}", f"message:C1:{round_}.0001")
        firsts = await asyncio.gather(*(r.first_delivery("slack", *ids) for r in replicas))
        assert sorted(firsts) == [False, False, True], f"round {round_}: {firsts}"

    # The message edited: a new event id about a message already answered is a repeat.
    assert await replicas[1].first_delivery("slack", "Ev9999", "message:C1:3.0001") is False


async def test_old_feedback_is_purged_and_recent_kept(
    open_process: OpenProcess, clock: StepClock
) -> None:
    database = await open_process()
    store = SqlStore(database, clock)
    await store.record_feedback(ACME, answer_ref="old", entry_id="1", user="U1", vote="up")
    clock.moment += timedelta(days=400)
    await store.record_feedback(ACME, answer_ref="new", entry_id="3", user="U1", vote="down")

    purged = await purge_feedback(database, clock, days=365)

    assert purged == 1
    assert await store.feedback_counts(ACME) == {"3": {"up": 0, "down": 1}}


async def test_export_then_forget_covers_every_row_of_one_workspace_only(
    open_process: OpenProcess, clock: StepClock
) -> None:
    store = SqlStore(await open_process(), clock)
    await store.save_profile(ACME, AudienceProfile(goal="leads", platforms=["linkedin"]))
    await store.record_feedback(ACME, answer_ref="a1", entry_id="4", user="U1", vote="up")
    await store.save_profile(GLOBEX, AudienceProfile(goal="sales"))

    exported = await store.export_workspace(ACME)

    assert exported["profiles"] == [
        {"data": {"goal": "leads", "platforms": ["linkedin"]}, "updated_at": _text(clock)}
    ]
    assert exported["feedback"] == [
        {
            "answer_ref": "a1",
            "user_id": "U1",
            "entry_id": "4",
            "vote": "up",
            "created_at": _text(clock),
        }
    ]
    json.dumps(exported)  # what `python -m bot export` prints must serialise as it is

    assert await store.forget_workspace(ACME) == 2
    assert await store.export_workspace(ACME) == {
        "platform": "slack",
        "workspace_id": "T-ACME",
        "profiles": [],
        "feedback": [],
        "reminder_occurrences": [],
        "reminders": [],
        "questions": [],
        "insights_settings": [],
        "team_entries": [],
    }
    assert await store.get_profile(GLOBEX) is not None


def _text(clock: StepClock) -> str:
    return clock.moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


async def test_processes_starting_together_on_an_empty_database_all_start(
    target: DatabaseTarget,
) -> None:
    opened = await asyncio.gather(*(target.open() for _ in range(4)))
    try:
        versions = {await database.schema_version() for database in opened}
        assert versions == {target.latest_version}
    finally:
        for database in opened:
            await database.close()


async def test_a_newer_schema_is_refused_with_what_to_do(
    open_process: OpenProcess, target: DatabaseTarget
) -> None:
    database = await open_process()
    if target.url:
        await database.execute("UPDATE value_advisor_schema SET version = version + 1")
    else:
        await database.execute(f"PRAGMA user_version = {target.latest_version + 1}")

    with pytest.raises(StorageError, match="newer than this release"):
        await target.open()


async def test_readiness_sees_a_writable_database(open_process: OpenProcess) -> None:
    database = await open_process()
    assert await database.writable_problem() is None


async def test_on_postgresql_a_change_announced_by_one_process_wakes_another(
    postgres_url: str,
) -> None:
    # SQLite has no notifications: its schedulers find changes by polling.
    target = DatabaseTarget.of(postgres_url)
    async with await target.open() as listener, await target.open() as announcer:
        heard = asyncio.Event()
        await listener.listen("value_advisor_reminders", heard.set)

        await announcer.notify("value_advisor_reminders")

        await asyncio.wait_for(heard.wait(), timeout=5)


async def test_the_url_password_never_appears_in_errors() -> None:
    target = DatabaseTarget.of("postgresql://advisor:hunter2-secret@127.0.0.1:1/advisor")

    with pytest.raises(StorageError) as raised:
        await target.open()

    assert "hunter2-secret" not in str(raised.value)
    assert "postgresql://advisor@127.0.0.1:1/advisor" in str(raised.value)
