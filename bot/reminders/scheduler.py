"""Posts due reminders, exactly once per occurrence, across restarts and processes.

One task sleeps until the earliest due reminder (one indexed query) and is woken early by
`wake()` when reminders change. Each occurrence goes through:

1. Claim, in one `BEGIN IMMEDIATE` transaction: insert a `pending` occurrence
   (UNIQUE(reminder_id, scheduled_utc)) leased to this process for the claim timeout, and move
   the reminder to its next week. A second process waits for the lock, then finds nothing due.
2. Post through the platform's `ReminderPoster` with an idempotency key that every attempt at
   this occurrence shares.
3. Finish: `sent` with the message id; or back off after a transient `PlatformError` (its
   `retry_after` is honoured); or `paused` after a `PermanentPlatformError`, which also pauses
   the reminder with a reason code (see `pause_code`).

A lease that is never confirmed (the process died between claim and post) runs out after
REMINDER_CLAIM_TIMEOUT_SECONDS and the occurrence is tried again with the same key. An
occurrence later than REMINDER_GRACE_HOURS (the bot was down, or the platform kept failing)
is recorded as `skipped` with the reason and the reminder moves on to next week. So every
occurrence ends as sent, skipped or paused, and no error can make the loop spin.

Reasons are stored as codes ("channel_not_found", "missed_late"), and `reminders list` words
them in the reader's language (`bot.reminders.messages.reason_text`). The figures behind a
skip (how late, how many weeks) go to the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from bot.errors import PermanentPlatformError, PlatformError
from bot.ports import Clock, ProfileStore
from bot.profiles import AudienceProfile, WorkspaceKey
from bot.reminders.content import ReminderComposer
from bot.reminders.model import OccurrenceState, Reminder, occurrence_key
from bot.reminders.ports import ReminderPoster
from bot.reminders.store import PendingOccurrence, ReminderStatements, ReminderStore

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Outcome = Literal["sent", "skipped", "paused", "failed"]


class ReminderObserver(Protocol):
    """Told how occurrences end (and about each failed attempt); metrics implement it."""

    def reminder_outcome(self, outcome: str, count: int = 1) -> None: ...


class _NoObserver:
    def reminder_outcome(self, outcome: str, count: int = 1) -> None:
        return None


# A scheduler wakes this late at worst, so "on time" has at least this much slack.
_MIN_LATENESS_ALLOWED = timedelta(minutes=2)
_FIRST_RETRY = timedelta(seconds=30)
_LONGEST_RETRY = timedelta(minutes=15)
_LONGEST_RETRY_AFTER = timedelta(hours=1)
_AFTER_LOOP_ERROR = timedelta(seconds=30)
_MAX_REASON_CHARS = 200


@dataclass(frozen=True, kw_only=True)
class _Claim:
    occurrence_id: int
    reminder: Reminder
    scheduled_utc: datetime
    rotation: int
    attempts: int
    # An earlier attempt's lease ran out with no outcome: it may have reached the platform.
    unconfirmed: bool = False


class ReminderScheduler:
    def __init__(
        self,
        *,
        store: ReminderStore,
        composer: ReminderComposer,
        profiles: ProfileStore,
        clock: Clock,
        sleep: Sleep,
        grace: timedelta,
        claim_timeout: timedelta,
        instance_id: str,
        max_in_flight: int = 5,
        batch_size: int = 200,
        # Even with nothing due, look again this often: another process may have added a
        # reminder to the shared file, and a suspended host may have skipped time.
        max_idle: timedelta = timedelta(minutes=5),
    ) -> None:
        self._store = store
        self._composer = composer
        self._profiles = profiles
        self._clock = clock
        self._sleep = sleep
        self._on_time = max(grace, _MIN_LATENESS_ALLOWED)
        self._claim_timeout = claim_timeout
        self._instance_id = instance_id
        # A crash can repeat only posts the platform may have taken but we have not recorded:
        # at most `max_in_flight` at a time. Claimed occurrences waiting their turn were not
        # sent, so a retry after a crash finds them unsent; the batch stays small enough to be
        # posted well inside the claim timeout.
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._batch_size = batch_size
        self._max_idle = max_idle
        self._posters: dict[str, ReminderPoster] = {}
        self._changed = asyncio.Event()
        self._stopping = False
        self._observer: ReminderObserver = _NoObserver()

    def set_observer(self, observer: ReminderObserver) -> None:
        self._observer = observer

    def register_poster(self, platform: str, poster: ReminderPoster) -> None:
        """Reminders of `platform` are posted by this process from now on."""
        self._posters[platform] = poster
        self.wake()

    def wake(self) -> None:
        """Reminders changed: look again for the earliest due time."""
        self._changed.set()

    async def stop(self) -> None:
        """Asks `run()` to return after the batch it is posting; returns at once."""
        self._stopping = True
        self.wake()

    async def next_due(self) -> datetime | None:
        """When this process next has a reminder (or a retry) to post."""
        return await self._store.earliest_due(sorted(self._posters))

    async def run(self) -> None:
        """Runs until cancelled or stopped. Errors are logged and retried later, never raised.

        A stop() that comes before the task first runs is kept: the loop never starts."""
        try:
            # Changes made by other processes wake this one too (PostgreSQL); polling stays
            # the backstop.
            await self._store.on_change(self.wake)
        except Exception:
            log.warning("cannot hear reminder changes from other processes; polling only")
        while not self._stopping:
            self._changed.clear()
            try:
                next_due = await self.run_once()
            except Exception:
                log.exception("reminder scheduler failed; trying again shortly")
                next_due = self._clock.now() + _AFTER_LOOP_ERROR
            if not self._stopping:
                await self._wait_until(next_due)

    async def run_once(self) -> datetime | None:
        """Posts everything due now; returns when the next reminder or retry is due."""
        platforms = sorted(self._posters)
        if not platforms:
            return None
        while not self._stopping:
            claims, more = await self._claim(self._clock.now(), platforms)
            if claims:
                await self._deliver_all(claims)
            if not more:
                break
        return await self._store.earliest_due(platforms)

    async def _wait_until(self, next_due: datetime | None) -> None:
        longest = self._max_idle.total_seconds()
        if next_due is None:
            seconds = longest
        else:
            seconds = min(longest, (next_due - self._clock.now()).total_seconds())
        if seconds <= 0 or self._changed.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        woken = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait({sleeper, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            woken.cancel()
            await asyncio.gather(sleeper, woken, return_exceptions=True)

    async def _claim(self, now: datetime, platforms: Sequence[str]) -> tuple[list[_Claim], bool]:
        """Leases a batch: first reminders newly due, then occurrences due a retry. True when
        more may be waiting beyond this batch."""
        # Outcomes are counted once the transaction has committed: a rollback counts nothing.
        ended: list[str] = []
        lease_until = now + self._claim_timeout
        async with self._store.transaction() as tx:
            due = await tx.due_reminders(now=now, platforms=platforms, limit=self._batch_size)
            claims: list[_Claim] = []
            for reminder in due:
                if claim := await self._claim_reminder(tx, reminder, now, lease_until, ended):
                    claims.append(claim)
            room = self._batch_size - len(claims)
            retries = (
                await tx.retryable_occurrences(now=now, platforms=platforms, limit=room)
                if room > 0
                else []
            )
            for pending in retries:
                if claim := await self._claim_retry(tx, pending, now, lease_until, ended):
                    claims.append(claim)
        for outcome in ended:
            self._observer.reminder_outcome(outcome)
        more = len(due) == self._batch_size or room <= 0 or len(retries) == room
        return claims, more

    async def _claim_retry(
        self,
        tx: ReminderStatements,
        pending: PendingOccurrence,
        now: datetime,
        lease_until: datetime,
        ended: list[str],
    ) -> _Claim | None:
        """An occurrence whose post failed before: leased again, or ended when its reminder
        was paused meanwhile or the post could no longer be on time."""
        unsent: tuple[OccurrenceState, str] | None = None
        if pending.reminder.status != "active":
            unsent = ("paused", "reminder_paused")
        elif now - pending.scheduled_utc > self._on_time:
            unsent = ("skipped", "not_confirmed")
        if unsent is not None:
            state, reason = unsent
            await tx.finish(pending.id, state=state, reason=reason, message_id=None, now=now)
            ended.append(state)
            return None
        if not await tx.lease(pending.id, now=now, until=lease_until, claimed_by=self._instance_id):
            return None  # another process took it first
        return _Claim(
            occurrence_id=pending.id,
            reminder=pending.reminder,
            scheduled_utc=pending.scheduled_utc,
            rotation=pending.rotation,
            attempts=pending.attempts + 1,
            unconfirmed=pending.unconfirmed,
        )

    async def _claim_reminder(
        self,
        tx: ReminderStatements,
        reminder: Reminder,
        now: datetime,
        lease_until: datetime,
        ended: list[str],
    ) -> _Claim | None:
        """A reminder newly due: its occurrence recorded and leased to this process, unless it
        is too late to post (then recorded as skipped)."""
        # After a long outage, only the most recent occurrence can still be on time.
        latest = max(reminder.schedule.latest_at_or_before(now), reminder.next_run_utc)
        if latest > reminder.next_run_utc:
            await self._skip_missed_while_down(tx, reminder, latest, now)
        if now - latest > self._on_time:
            await self._skip_late(tx, reminder, latest, now)
            ended.append("skipped")
            return None
        occurrence_id = await tx.insert_occurrence(
            reminder,
            scheduled_utc=latest,
            state="pending",
            reason=None,
            rotation=reminder.rotation,
            retry_at=lease_until,
            claimed_by=self._instance_id,
            now=now,
        )
        next_run = reminder.schedule.next_after(latest)
        await tx.advance(reminder.id, next_run_utc=next_run, rotation=reminder.rotation + 1)
        if occurrence_id is None:
            return None  # already recorded (e.g. resumed inside the same minute): not twice
        return _Claim(
            occurrence_id=occurrence_id,
            reminder=reminder,
            scheduled_utc=latest,
            rotation=reminder.rotation,
            attempts=1,
        )

    async def _skip_missed_while_down(
        self, tx: ReminderStatements, reminder: Reminder, latest: datetime, now: datetime
    ) -> None:
        """The occurrences the process slept through are recorded once, as the first one."""
        missed_weeks = round((latest - reminder.next_run_utc) / timedelta(weeks=1))
        await _record_skipped(tx, reminder, reminder.next_run_utc, "missed_while_down", now)
        log.info(
            "reminder occurrence missed while down",
            extra={"reminder_id": reminder.id, "weeks_ago": missed_weeks},
        )

    async def _skip_late(
        self, tx: ReminderStatements, reminder: Reminder, latest: datetime, now: datetime
    ) -> None:
        """Too late to be useful: recorded as skipped, and the reminder moves to its next run
        (the same idea comes up next time)."""
        await _record_skipped(tx, reminder, latest, "missed_late", now)
        next_run = reminder.schedule.next_after(now)
        await tx.advance(reminder.id, next_run_utc=next_run, rotation=reminder.rotation)
        log.info(
            "reminder occurrence skipped",
            extra={"reminder_id": reminder.id, "late": _describe(now - latest)},
        )

    async def _deliver_all(self, claims: list[_Claim]) -> None:
        profiles: dict[WorkspaceKey, AudienceProfile | None] = {}
        for workspace in {claim.reminder.workspace for claim in claims}:
            stored = await self._profiles.get_profile(workspace)
            profiles[workspace] = stored.profile if stored is not None else None
        await asyncio.gather(
            *(self._deliver(claim, profiles[claim.reminder.workspace]) for claim in claims)
        )

    async def _deliver(self, claim: _Claim, profile: AudienceProfile | None) -> None:
        # The slot is held from the post until its outcome is recorded: "in flight" means
        # possibly taken by the platform and not yet written down.
        async with self._in_flight:
            await self._post_and_record(claim, profile)

    async def _post_and_record(self, claim: _Claim, profile: AudienceProfile | None) -> None:
        reminder = claim.reminder
        poster = self._posters[reminder.workspace.platform]
        post = self._composer.compose(profile=profile, rotation=claim.rotation, note=reminder.note)
        key = occurrence_key(reminder.id, claim.scheduled_utc)
        try:
            message_id = None
            if claim.unconfirmed:
                message_id = await poster.find_posted(
                    reminder.workspace,
                    reminder.channel_id,
                    idempotency_key=key,
                    since=claim.scheduled_utc,
                )
                if message_id is not None:
                    log.info("reminder found already posted", extra={"key": key})
            if message_id is None:
                message_id = await poster.post_reminder(
                    reminder.workspace, reminder.channel_id, post, idempotency_key=key
                )
        except PermanentPlatformError as exc:
            await self._pause_for(claim, pause_code(exc), _reason(exc))
        except PlatformError as exc:
            await self._back_off(claim, _reason(exc), exc.retry_after)
        except Exception as exc:
            # A bug in a poster must not stop the other reminders: retry later, then skip.
            log.exception("reminder poster failed", extra={"reminder_id": reminder.id})
            await self._back_off(claim, _reason(exc), None)
        else:
            async with self._store.autocommit() as statements:
                await statements.finish(
                    claim.occurrence_id,
                    state="sent",
                    reason=None,
                    message_id=message_id,
                    now=self._clock.now(),
                )
            self._observer.reminder_outcome("sent")
            log.info("reminder posted", extra={"reminder_id": reminder.id, "key": key})

    async def _pause_for(self, claim: _Claim, code: str, said: str) -> None:
        reminder = claim.reminder
        async with self._store.transaction() as tx:
            await tx.finish(
                claim.occurrence_id,
                state="paused",
                reason=code,
                message_id=None,
                now=self._clock.now(),
            )
            await tx.set_status(
                reminder.workspace,
                reminder.id,
                status="paused",
                pause_kind="platform",
                pause_detail=code,
            )
        self._observer.reminder_outcome("paused")
        log.warning(
            "reminder paused", extra={"reminder_id": reminder.id, "reason": code, "said": said}
        )

    async def _back_off(self, claim: _Claim, reason: str, retry_after: float | None) -> None:
        if retry_after is not None and retry_after >= 0:
            delay = min(timedelta(seconds=retry_after), _LONGEST_RETRY_AFTER)
        else:
            delay = min(_FIRST_RETRY * 2 ** (claim.attempts - 1), _LONGEST_RETRY)
        now = self._clock.now()
        async with self._store.autocommit() as statements:
            await statements.back_off(
                claim.occurrence_id, retry_at=now + delay, reason=reason, now=now
            )
        self._observer.reminder_outcome("failed")
        log.warning(
            "reminder post failed; will retry",
            extra={"reminder_id": claim.reminder.id, "retry_in_s": delay.total_seconds()},
        )


# What the adapters' permanent errors say -> the code stored (see "reason.*" in messages).
def pause_code(exc: BaseException) -> str:
    """A permanent platform error as the adapter's neutral reason code, else in its own words."""
    if isinstance(exc, PermanentPlatformError) and exc.reason:
        return exc.reason
    return _reason(exc)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:_MAX_REASON_CHARS]


async def _record_skipped(
    tx: ReminderStatements, reminder: Reminder, scheduled_utc: datetime, reason: str, now: datetime
) -> None:
    await tx.insert_occurrence(
        reminder,
        scheduled_utc=scheduled_utc,
        state="skipped",
        reason=reason,
        rotation=reminder.rotation,
        retry_at=None,
        claimed_by=None,
        now=now,
    )


def _describe(span: timedelta) -> str:
    hours, rest = divmod(int(span.total_seconds()), 3600)
    return f"{hours} h {rest // 60} min"
