"""The reminder as stored, and what one scheduled occurrence became."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from bot.profiles import WorkspaceKey
from bot.reminders.schedule import WeeklySchedule

ReminderStatus = Literal["active", "paused"]
# pending: claimed, not yet confirmed. Every occurrence ends as one of the other three.
OccurrenceState = Literal["pending", "sent", "skipped", "paused"]

# Why a reminder is paused, stored as a kind so the list can explain it in either language.
PauseKind = Literal["admin", "platform", "uninstalled"]


@dataclass(frozen=True, kw_only=True)
class Reminder:
    id: int
    workspace: WorkspaceKey
    channel_id: str
    weekday: int
    at: time
    timezone: str
    note: str | None
    created_by: str
    status: ReminderStatus
    pause_kind: PauseKind | None
    # Who paused it (admin), or what the platform said (platform).
    pause_detail: str | None
    next_run_utc: datetime
    # Which idea, question and myth the next post uses; advances by one per post.
    rotation: int

    @property
    def schedule(self) -> WeeklySchedule:
        return WeeklySchedule(weekday=self.weekday, at=self.at, zone=ZoneInfo(self.timezone))

    @property
    def next_run_local(self) -> datetime:
        return self.schedule.local(self.next_run_utc)


def to_db_time(moment: datetime) -> str:
    """Fixed-width UTC text, so string order is time order and the index can serve ranges."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def occurrence_key(reminder_id: int, scheduled_utc: datetime) -> str:
    """The idempotency key of one occurrence: the same for every attempt, in any process."""
    return f"reminder-{reminder_id}-{scheduled_utc.astimezone(UTC):%Y%m%dT%H%MZ}"
