"""The typed API for reminders: create, list, pause, resume, remove, stop a workspace.

Adapters (Discord slash commands, Slack uninstall events) call it directly; the `reminders …`
text commands call it too. It does not check who is asking: callers decide who is an admin.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.errors import InvalidInput, StorageError
from bot.i18n import t
from bot.ports import Clock, ProfileStore
from bot.profiles import WorkspaceKey
from bot.reminders import suggestions
from bot.reminders.model import Reminder
from bot.reminders.parsing import parse_time, parse_weekday, parse_zone
from bot.reminders.schedule import WeeklySchedule
from bot.reminders.store import ReminderStore
from bot.text import Language, clean

log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 300
MAX_CHANNEL_CHARS = 100


class ReminderService:
    def __init__(
        self,
        *,
        store: ReminderStore,
        profiles: ProfileStore,
        clock: Clock,
        max_per_workspace: int,
        on_change: Callable[[], None],
    ) -> None:
        self._store = store
        self._profiles = profiles
        self._clock = clock
        self._max_per_workspace = max_per_workspace
        # Wakes the scheduler so a reminder due in a minute is not slept through.
        self._on_change = on_change

    async def create(
        self,
        workspace: WorkspaceKey,
        *,
        channel_id: str,
        weekday: int | str,
        time: dt.time | str,
        timezone: str | None = None,
        note: str | None = None,
        created_by: str,
        language: Language = "en",
    ) -> Reminder:
        """Validates everything before storing anything; raises InvalidInput naming the field,
        its message in `language`.

        `weekday`: 0 (Monday) … 6 (Sunday) or a name in English or Arabic. `time`: a
        `datetime.time` or text such as "09:00", "9am", "17:30". `timezone`: an IANA name;
        None uses the workspace profile's time zone, else UTC.
        """
        day = parse_weekday(weekday, language=language)
        at = parse_time(time, language=language)
        zone = parse_zone(timezone or await self._default_zone(workspace), language=language)
        channel = _channel(channel_id, language)
        cleaned_note = _note(note, language)
        now = self._clock.now()
        schedule = WeeklySchedule(weekday=day, at=at, zone=zone)
        async with self._store.transaction() as tx:
            await tx.lock_workspace(workspace)
            if await tx.count_for(workspace) >= self._max_per_workspace:
                raise InvalidInput(
                    suggestions.limit(self._max_per_workspace, language), field="reminders"
                )
            reminder = await tx.insert_reminder(
                workspace=workspace,
                channel_id=channel,
                weekday=day,
                at=at,
                timezone=zone.key,
                note=cleaned_note,
                created_by=created_by,
                created_at=now,
                next_run_utc=schedule.next_after(now),
            )
        await self._changed()
        return reminder

    async def list_reminders(self, workspace: WorkspaceKey) -> list[Reminder]:
        return await self._store.list_for(workspace)

    async def get(
        self, workspace: WorkspaceKey, reminder_id: int, *, language: Language = "en"
    ) -> Reminder:
        reminder = await self._store.get(workspace, reminder_id)
        if reminder is None:
            raise InvalidInput(suggestions.not_found(reminder_id, language), field="id")
        return reminder

    async def pause(
        self,
        workspace: WorkspaceKey,
        reminder_id: int,
        *,
        paused_by: str,
        language: Language = "en",
    ) -> Reminder:
        async with self._store.autocommit() as statements:
            reminder = await statements.set_status(
                workspace,
                reminder_id,
                status="paused",
                pause_kind="admin",
                pause_detail=paused_by,
            )
        if reminder is None:
            raise InvalidInput(suggestions.not_found(reminder_id, language), field="id")
        await self._changed()
        return reminder

    async def resume(
        self, workspace: WorkspaceKey, reminder_id: int, *, language: Language = "en"
    ) -> Reminder:
        """Active again from the next occurrence after now; missed weeks are not made up."""
        async with self._store.transaction() as tx:
            current = await tx.get(workspace, reminder_id)
            if current is None:
                raise InvalidInput(suggestions.not_found(reminder_id, language), field="id")
            if current.status == "active":
                return current
            resumed = await tx.set_status(
                workspace,
                reminder_id,
                status="active",
                pause_kind=None,
                pause_detail=None,
                next_run_utc=current.schedule.next_after(self._clock.now()),
            )
        assert resumed is not None  # same transaction as the read above
        await self._changed()
        return resumed

    async def remove(
        self, workspace: WorkspaceKey, reminder_id: int, *, language: Language = "en"
    ) -> None:
        async with self._store.autocommit() as statements:
            removed = await statements.delete(workspace, reminder_id)
        if not removed:
            raise InvalidInput(suggestions.not_found(reminder_id, language), field="id")
        await self._changed()

    async def stop_workspace(self, workspace: WorkspaceKey) -> int:
        """Pauses every reminder of a workspace (the app was uninstalled); returns how many.

        Paused, not deleted: a reinstall can resume them, and `forget` deletes them.
        """
        async with self._store.autocommit() as statements:
            count = await statements.pause_workspace(
                workspace, pause_kind="uninstalled", pause_detail=None
            )
        await self._changed()
        return count

    async def _changed(self) -> None:
        self._on_change()
        try:
            await self._store.announce_change()
        except StorageError:
            # Committed already; other processes' schedulers find it on their next poll.
            log.warning("could not announce a reminder change to other processes")

    async def _default_zone(self, workspace: WorkspaceKey) -> str:
        stored = await self._profiles.get_profile(workspace)
        if stored is not None and stored.profile.timezone:
            return stored.profile.timezone
        return "UTC"


def _channel(channel_id: str, language: Language) -> str:
    channel = clean(channel_id)
    if not channel or len(channel) > MAX_CHANNEL_CHARS:
        raise InvalidInput(t("reminders.no_channel", language), field="channel")
    return channel


def _note(note: str | None, language: Language) -> str | None:
    """The team's own words for each reminder; None when there are none."""
    cleaned = clean(note or "") or None
    if cleaned is not None and len(cleaned) > MAX_NOTE_CHARS:
        raise InvalidInput(
            t("reminders.error.note", language, length=len(cleaned), limit=MAX_NOTE_CHARS),
            field="note",
        )
    return cleaned
