"""Rows for reminders and their occurrences, on either backend. SQL only; the rules live in
the callers.

On SQLite the store owns its own connection (see `bot.app`), and write transactions use
`BEGIN IMMEDIATE`, so two processes on one file take turns instead of both deciding the same
occurrence is theirs. On PostgreSQL the claim locks the reminders it takes (`FOR UPDATE SKIP
LOCKED`), so schedulers in several processes share the due work instead of queueing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from bot.profiles import WorkspaceKey
from bot.reminders.model import (
    OccurrenceState,
    PauseKind,
    Reminder,
    ReminderStatus,
)
from bot.storage import REMINDERS_CHANGED, Database, Row, Statements, as_utc

_REMINDER_COLUMNS = (
    "id, platform, workspace_id, channel_id, weekday, local_time, timezone, note, created_by, "
    "status, pause_kind, pause_detail, next_run_utc, rotation"
)


@dataclass(frozen=True, kw_only=True)
class PendingOccurrence:
    """A claimed occurrence waiting to be (re)tried, with the reminder it belongs to."""

    id: int
    reminder: Reminder
    scheduled_utc: datetime
    rotation: int
    attempts: int
    # Still leased when its retry time came: the process posting it died, outcome unknown.
    unconfirmed: bool


def _reminder(row: Sequence[Any]) -> Reminder:
    hours, minutes = (int(part) for part in str(row[5]).split(":"))
    return Reminder(
        id=int(row[0]),
        workspace=WorkspaceKey(str(row[1]), str(row[2])),
        channel_id=str(row[3]),
        weekday=int(row[4]),
        at=time(hours, minutes),
        timezone=str(row[6]),
        note=row[7],
        created_by=str(row[8]),
        status=cast(ReminderStatus, row[9]),
        pause_kind=cast("PauseKind | None", row[10]),
        pause_detail=row[11],
        next_run_utc=as_utc(row[12]),
        rotation=int(row[13]),
    )


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class ReminderStore:
    def __init__(self, *, database: Database) -> None:
        # Every statement goes through the database: on SQLite its lock keeps the reminders'
        # statements and the core's apart when they share one connection (in memory).
        self._db = database

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[ReminderStatements]:
        """One atomic unit of work: `async with store.transaction() as tx: …`."""
        async with self._db.transaction() as statements:
            yield ReminderStatements(statements)

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[ReminderStatements]:
        """Statements that are atomic on their own (one UPDATE): no BEGIN/COMMIT round trips."""
        async with self._db.autocommit() as statements:
            yield ReminderStatements(statements)

    async def announce_change(self) -> None:
        """Wakes the schedulers of every process sharing the database (PostgreSQL)."""
        await self._db.notify(REMINDERS_CHANGED)

    async def on_change(self, callback: Callable[[], None]) -> None:
        """Calls `callback` when another process announces a change; best effort."""
        await self._db.listen(REMINDERS_CHANGED, callback)

    async def _fetch(self, sql: str, params: Sequence[object]) -> list[Row]:
        return await self._db.fetch_all(sql, params)

    async def get(self, workspace: WorkspaceKey, reminder_id: int) -> Reminder | None:
        rows = await self._fetch(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders "  # noqa: S608 - constant columns
            "WHERE id = ? AND platform = ? AND workspace_id = ?",
            (reminder_id, workspace.platform, workspace.workspace_id),
        )
        return _reminder(rows[0]) if rows else None

    async def list_for(self, workspace: WorkspaceKey) -> list[Reminder]:
        rows = await self._fetch(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders "  # noqa: S608 - constant columns
            "WHERE platform = ? AND workspace_id = ? ORDER BY id",
            (workspace.platform, workspace.workspace_id),
        )
        return [_reminder(row) for row in rows]

    async def earliest_due(self, platforms: Sequence[str]) -> datetime | None:
        """When the next active reminder or pending retry is due, for these platforms."""
        if not platforms:
            return None
        marks = _placeholders(platforms)
        rows = await self._fetch(
            "SELECT (SELECT MIN(next_run_utc) FROM reminders "  # noqa: S608 - placeholders only
            f"WHERE status = 'active' AND platform IN ({marks})), "
            "(SELECT MIN(retry_at) FROM reminder_occurrences "
            f"WHERE state = 'pending' AND platform IN ({marks}))",
            (*platforms, *platforms),
        )
        moments = [as_utc(value) for value in rows[0] if value is not None]
        return min(moments, default=None)


class ReminderStatements:
    """The store's statements, run inside `transaction()` or `autocommit()` (lock held)."""

    def __init__(self, statements: Statements) -> None:
        self._statements = statements

    async def _all(self, sql: str, params: Sequence[object]) -> list[Row]:
        return await self._statements.fetch_all(sql, params)

    async def _run(self, sql: str, params: Sequence[object]) -> int:
        return await self._statements.execute(sql, params)

    async def lock_workspace(self, workspace: WorkspaceKey) -> None:
        """Until the transaction ends, other processes wait to change this workspace's
        reminders: the per-workspace cap holds when two admins add at once."""
        await self._statements.lock(f"reminders:{workspace.platform}:{workspace.workspace_id}")

    async def count_for(self, workspace: WorkspaceKey) -> int:
        rows = await self._all(
            "SELECT COUNT(*) FROM reminders WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        return int(rows[0][0])

    async def insert_reminder(
        self,
        *,
        workspace: WorkspaceKey,
        channel_id: str,
        weekday: int,
        at: time,
        timezone: str,
        note: str | None,
        created_by: str,
        created_at: datetime,
        next_run_utc: datetime,
    ) -> Reminder:
        rows = await self._all(
            "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, local_time, "  # noqa: S608
            "timezone, note, created_by, created_at, status, next_run_utc, rotation) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, 0) "
            f"RETURNING {_REMINDER_COLUMNS}",
            (
                workspace.platform,
                workspace.workspace_id,
                channel_id,
                weekday,
                at.strftime("%H:%M"),
                timezone,
                note,
                created_by,
                created_at,
                next_run_utc,
            ),
        )
        return _reminder(rows[0])

    async def set_status(
        self,
        workspace: WorkspaceKey,
        reminder_id: int,
        *,
        status: ReminderStatus,
        pause_kind: PauseKind | None,
        pause_detail: str | None,
        next_run_utc: datetime | None = None,
    ) -> Reminder | None:
        rows = await self._all(
            "UPDATE reminders SET status = ?, pause_kind = ?, pause_detail = ?, "  # noqa: S608
            "next_run_utc = COALESCE(?, next_run_utc) "
            "WHERE id = ? AND platform = ? AND workspace_id = ? "
            f"RETURNING {_REMINDER_COLUMNS}",
            (
                status,
                pause_kind,
                pause_detail,
                next_run_utc,
                reminder_id,
                workspace.platform,
                workspace.workspace_id,
            ),
        )
        return _reminder(rows[0]) if rows else None

    async def get(self, workspace: WorkspaceKey, reminder_id: int) -> Reminder | None:
        rows = await self._all(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders "  # noqa: S608 - constant columns
            "WHERE id = ? AND platform = ? AND workspace_id = ?",
            (reminder_id, workspace.platform, workspace.workspace_id),
        )
        return _reminder(rows[0]) if rows else None

    async def delete(self, workspace: WorkspaceKey, reminder_id: int) -> bool:
        count = await self._run(
            "DELETE FROM reminders WHERE id = ? AND platform = ? AND workspace_id = ?",
            (reminder_id, workspace.platform, workspace.workspace_id),
        )
        return count > 0

    async def pause_workspace(
        self, workspace: WorkspaceKey, *, pause_kind: PauseKind, pause_detail: str | None
    ) -> int:
        return await self._run(
            "UPDATE reminders SET status = 'paused', pause_kind = ?, pause_detail = ? "
            "WHERE platform = ? AND workspace_id = ? AND status = 'active'",
            (pause_kind, pause_detail, workspace.platform, workspace.workspace_id),
        )

    async def due_reminders(
        self, *, now: datetime, platforms: Sequence[str], limit: int
    ) -> list[Reminder]:
        marks = _placeholders(platforms)
        rows = await self._all(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders "  # noqa: S608 - placeholders only
            f"WHERE status = 'active' AND next_run_utc <= ? AND platform IN ({marks}) "
            f"ORDER BY next_run_utc LIMIT ?{self._statements.dialect.skip_locked}",
            (now, *platforms, limit),
        )
        return [_reminder(row) for row in rows]

    async def advance(self, reminder_id: int, *, next_run_utc: datetime, rotation: int) -> None:
        await self._run(
            "UPDATE reminders SET next_run_utc = ?, rotation = ? WHERE id = ?",
            (next_run_utc, rotation, reminder_id),
        )

    async def insert_occurrence(
        self,
        reminder: Reminder,
        *,
        scheduled_utc: datetime,
        state: OccurrenceState,
        reason: str | None,
        rotation: int,
        retry_at: datetime | None,
        claimed_by: str | None,
        now: datetime,
    ) -> int | None:
        """The new occurrence's id; None when this occurrence was already recorded."""
        rows = await self._all(
            "INSERT INTO reminder_occurrences (reminder_id, platform, workspace_id, "
            "scheduled_utc, state, reason, rotation, attempts, retry_at, claimed_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (reminder_id, scheduled_utc) DO NOTHING RETURNING id",
            (
                reminder.id,
                reminder.workspace.platform,
                reminder.workspace.workspace_id,
                scheduled_utc,
                state,
                reason,
                rotation,
                1 if state == "pending" else 0,
                retry_at,
                claimed_by,
                now,
            ),
        )
        return int(rows[0][0]) if rows else None

    async def retryable_occurrences(
        self, *, now: datetime, platforms: Sequence[str], limit: int
    ) -> list[PendingOccurrence]:
        marks = _placeholders(platforms)
        columns = ", ".join(f"r.{name.strip()}" for name in _REMINDER_COLUMNS.split(","))
        rows = await self._all(
            f"SELECT o.id, o.scheduled_utc, o.rotation, o.attempts, o.claimed_by, {columns} "  # noqa: S608
            "FROM reminder_occurrences o JOIN reminders r ON r.id = o.reminder_id "
            f"WHERE o.state = 'pending' AND o.retry_at <= ? AND o.platform IN ({marks}) "
            f"ORDER BY o.retry_at LIMIT ?{self._occurrence_locks()}",
            (now, *platforms, limit),
        )
        return [
            PendingOccurrence(
                id=int(row[0]),
                scheduled_utc=as_utc(row[1]),
                rotation=int(row[2]),
                attempts=int(row[3]),
                unconfirmed=row[4] is not None,
                reminder=_reminder(row[5:]),
            )
            for row in rows
        ]

    def _occurrence_locks(self) -> str:
        # Only the occurrence rows: a reminder row may be held by a claim of its next week.
        skip_locked = self._statements.dialect.skip_locked
        return skip_locked.replace("FOR UPDATE", "FOR UPDATE OF o") if skip_locked else ""

    async def lease(
        self, occurrence_id: int, *, now: datetime, until: datetime, claimed_by: str
    ) -> bool:
        """Takes a pending occurrence whose retry time has come; False if someone else did."""
        count = await self._run(
            "UPDATE reminder_occurrences SET retry_at = ?, claimed_by = ?, "
            "attempts = attempts + 1, updated_at = ? "
            "WHERE id = ? AND state = 'pending' AND retry_at <= ?",
            (until, claimed_by, now, occurrence_id, now),
        )
        return count == 1

    async def finish(
        self,
        occurrence_id: int,
        *,
        state: OccurrenceState,
        reason: str | None,
        message_id: str | None,
        now: datetime,
    ) -> bool:
        count = await self._run(
            "UPDATE reminder_occurrences SET state = ?, reason = ?, message_id = ?, "
            "retry_at = NULL, updated_at = ? WHERE id = ? AND state = 'pending'",
            (state, reason, message_id, now, occurrence_id),
        )
        return count == 1

    async def back_off(
        self, occurrence_id: int, *, retry_at: datetime, reason: str, now: datetime
    ) -> None:
        await self._run(
            "UPDATE reminder_occurrences SET retry_at = ?, reason = ?, claimed_by = NULL, "
            "updated_at = ? WHERE id = ? AND state = 'pending'",
            (retry_at, reason, now, occurrence_id),
        )
