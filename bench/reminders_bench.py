"""Reminder engine cost: a busy minute and an idle week.

    .venv/bin/python -m bench.reminders_bench [--reminders 10000] [--workspaces 1000]

1. 10,000 reminders in 1,000 workspaces, all due in the same minute, posted through a fake
   port that answers at once: wall time for the whole minute's work and SQL statements per
   reminder (counted with sqlite3's trace callback on both connections), over several weeks.
2. The scheduler idle with those 10,000 reminders scheduled days ahead: CPU seconds used
   (time.process_time) while `run()` sleeps for a few seconds of real time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.knowledge import load_knowledge
from bot.profiles import AudienceProfile, WorkspaceKey
from bot.reminders.feature import Reminders, build_reminders
from bot.reminders.ports import ReminderPost
from bot.settings import ReminderSettings
from bot.storage import SqliteDatabase, SqlStore
from bot.text import Language

FIRST_DUE = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday
WEEKS = 5
IDLE_SECONDS = 3.0


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


class InstantPoster:
    def __init__(self) -> None:
        self.posted = 0

    async def post_reminder(
        self, workspace: WorkspaceKey, channel_id: str, post: ReminderPost, *, idempotency_key: str
    ) -> str:
        self.posted += 1
        return idempotency_key

    async def find_posted(
        self, workspace: WorkspaceKey, channel_id: str, *, idempotency_key: str, since: datetime
    ) -> str | None:
        return None


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, statement: str) -> None:
        self.count += 1


async def _fill(database: SqliteDatabase, store: SqlStore, reminders: int, workspaces: int) -> None:
    """Inserts straight through SQL: setting up is not what is measured."""
    for number in range(workspaces):
        language: Language = "ar" if number % 3 == 0 else "en"
        profile = AudienceProfile(language=language, value_style="how_tos", platforms=["x"])
        await store.save_profile(WorkspaceKey("slack", f"T{number:05d}"), profile)
    rows = [
        (
            "slack",
            f"T{number % workspaces:05d}",
            f"C{number:06d}",
            FIRST_DUE.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        )
        for number in range(reminders)
    ]
    await database.connection.execute("BEGIN")
    await database.connection.executemany(
        "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, local_time, "
        "timezone, note, created_by, created_at, status, next_run_utc, rotation) "
        "VALUES (?, ?, ?, 0, '09:00', 'UTC', NULL, 'bench', '2024-03-01T00:00:00+00:00', "
        "'active', ?, 0)",
        rows,
    )
    await database.connection.execute("COMMIT")


def _build(database: SqliteDatabase, store: SqlStore, clock: FixedClock | SystemClock) -> Reminders:
    return build_reminders(
        database=database,
        profiles=store,
        knowledge=load_knowledge(),
        clock=clock,
        settings=ReminderSettings(_env_file=None),  # type: ignore[call-arg]
        instance_id="bench",
    )


async def busy_minute(folder: Path, reminders: int, workspaces: int) -> None:
    main = await SqliteDatabase.open(folder / "busy.sqlite3")
    engine_db = await SqliteDatabase.open(folder / "busy.sqlite3")
    clock = FixedClock(FIRST_DUE)
    store = SqlStore(main, clock)
    await _fill(engine_db, store, reminders, workspaces)
    engine = _build(engine_db, store, clock)
    poster = InstantPoster()
    engine.register_poster("slack", poster)
    engine_statements, profile_statements = StatementCounter(), StatementCounter()
    await engine_db.connection.set_trace_callback(engine_statements)
    await main.connection.set_trace_callback(profile_statements)
    seconds: list[float] = []
    per_reminder: list[float] = []
    for week in range(WEEKS):
        clock.moment = FIRST_DUE + timedelta(weeks=week, seconds=20)
        engine_statements.count = profile_statements.count = 0
        before = poster.posted
        started = time.perf_counter()
        await engine.scheduler.run_once()
        seconds.append(time.perf_counter() - started)
        posted = poster.posted - before
        assert posted == reminders, f"week {week}: posted {posted} of {reminders}"
        per_reminder.append((engine_statements.count + profile_statements.count) / posted)
        print(
            f"  week {week + 1}: {posted} posted in {seconds[-1]:.2f} s "
            f"({posted / seconds[-1]:,.0f}/s), statements: {engine_statements.count} engine + "
            f"{profile_statements.count} profile reads = {per_reminder[-1]:.2f} per reminder"
        )
    print(
        f"busy minute: median {statistics.median(seconds):.2f} s for {reminders} reminders "
        f"({statistics.median(seconds) / reminders * 1000:.3f} ms each), "
        f"median {statistics.median(per_reminder):.2f} SQL statements per reminder"
    )
    await engine_db.close()
    await main.close()


async def idle_week(folder: Path, reminders: int, workspaces: int) -> None:
    main = await SqliteDatabase.open(folder / "idle.sqlite3")
    engine_db = await SqliteDatabase.open(folder / "idle.sqlite3")
    clock = SystemClock()
    store = SqlStore(main, clock)
    await _fill(engine_db, store, reminders, workspaces)
    # Due in three days: the scheduler has nothing to do but wait.
    await engine_db.connection.execute(
        "UPDATE reminders SET next_run_utc = ?",
        ((clock.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),),
    )
    engine = _build(engine_db, store, clock)
    engine.register_poster("slack", InstantPoster())
    statements = StatementCounter()
    await engine_db.connection.set_trace_callback(statements)
    task = asyncio.create_task(engine.run())
    await asyncio.sleep(0.5)  # let it look once and go to sleep
    statements.count = 0
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    await asyncio.sleep(IDLE_SECONDS)
    cpu = time.process_time() - cpu_before
    wall = time.perf_counter() - wall_before
    await engine.stop()
    await asyncio.wait_for(task, timeout=5)
    print(
        f"idle: {cpu * 1000:.1f} ms CPU over {wall:.1f} s with {reminders} reminders scheduled "
        f"({cpu / wall * 100:.2f}% of one core), {statements.count} SQL statements while idle"
    )
    await engine_db.close()
    await main.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workspaces", type=int, default=1_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{arguments.reminders} reminders in {arguments.workspaces} workspaces, all due")
        await busy_minute(Path(folder), arguments.reminders, arguments.workspaces)
        await idle_week(Path(folder), arguments.reminders, arguments.workspaces)


if __name__ == "__main__":
    asyncio.run(main())
