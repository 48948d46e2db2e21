"""A small world for reminder scenarios: a clock we move by hand, a chat platform that records
what it was asked to post, and bot processes that share one database file."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.advisor import Asker
from bot.bidi import strip_isolation
from bot.profiles import AudienceProfile, StoredProfile, WorkspaceKey
from bot.reminders.feature import Reminders
from bot.reminders.ports import ReminderPost
from bot.render_text import render_plain
from bot.storage import Database, as_utc
from bot.storage.base import iso_text
from bot.text import detect_language

ACME = WorkspaceKey("slack", "T-ACME")
GLOBEX = WorkspaceKey("slack", "T-GLOBEX")


class ProcessKilled(BaseException):
    """Stands for the process dying mid-send: nothing in the scheduler may catch it."""


class FakeClock:
    """Time moves only when a test moves it; `sleep` waits for that (no real waiting)."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._sleepers: list[tuple[datetime, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)
        for wake_at, future in list(self._sleepers):
            if wake_at <= self._now and not future.done():
                future.set_result(None)
        self._sleepers = [(at, f) for at, f in self._sleepers if not f.done()]

    def advance(self, **delta: float) -> None:
        self.set(self._now + timedelta(**delta))

    @property
    def sleepers(self) -> int:
        return sum(1 for _, future in self._sleepers if not future.done())

    @property
    def wake_times(self) -> list[datetime]:
        """When each sleeper still waiting wants to wake."""
        return sorted(at for at, future in self._sleepers if not future.done())

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._now + timedelta(seconds=seconds), future))
        await future


@dataclass
class Delivered:
    workspace: WorkspaceKey
    channel_id: str
    post: ReminderPost
    idempotency_key: str
    message_id: str
    posted_at: datetime


@dataclass
class FakeChatPlatform:
    """Records posts. When it honours idempotency keys (like Discord's enforced nonce) a
    repeated key is not posted twice; without, every call is a new message, so any double
    post by the engine shows. Failures are scripted with `fail_next`."""

    clock: FakeClock
    honours_idempotency_keys: bool = True
    # Like Slack with message metadata: earlier posts can be found by their key.
    keeps_history: bool = False
    delivered: list[Delivered] = field(default_factory=list)
    keys_tried: list[str] = field(default_factory=list)
    _script: deque[BaseException | str] = field(default_factory=deque)

    def fail_next(self, *failures: BaseException | str) -> None:
        """An exception to raise, or "crash-after-post" to post and then die."""
        self._script.extend(failures)

    async def post_reminder(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        post: ReminderPost,
        *,
        idempotency_key: str,
    ) -> str:
        self.keys_tried.append(idempotency_key)
        failure = self._script.popleft() if self._script else None
        if isinstance(failure, BaseException):
            raise failure
        if self.honours_idempotency_keys:
            for earlier in self.delivered:
                if earlier.idempotency_key == idempotency_key:
                    return earlier.message_id
        message_id = f"msg-{len(self.delivered) + 1}"
        self.delivered.append(
            Delivered(workspace, channel_id, post, idempotency_key, message_id, self.clock.now())
        )
        if failure == "crash-after-post":
            raise ProcessKilled
        return message_id

    async def find_posted(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        *,
        idempotency_key: str,
        since: datetime,
    ) -> str | None:
        if not self.keeps_history:
            return None
        for earlier in self.delivered:
            if earlier.idempotency_key == idempotency_key and earlier.channel_id == channel_id:
                return earlier.message_id
        return None

    def posts(self, channel_id: str | None = None) -> list[ReminderPost]:
        return [d.post for d in self.delivered if channel_id in (None, d.channel_id)]


class InMemoryProfiles:
    def __init__(self) -> None:
        self.saved: dict[WorkspaceKey, AudienceProfile] = {}

    async def get_profile(self, workspace: WorkspaceKey) -> StoredProfile | None:
        profile = self.saved.get(workspace)
        if profile is None:
            return None
        return StoredProfile(profile=profile, updated_at=datetime(2024, 1, 1, tzinfo=UTC))

    async def save_profile(self, workspace: WorkspaceKey, profile: AudienceProfile) -> None:
        self.saved[workspace] = profile

    async def update_profile(
        self, workspace: WorkspaceKey, change: Callable[[AudienceProfile], AudienceProfile]
    ) -> AudienceProfile:
        # One event loop and no await in between: the read-change-write is already atomic.
        updated = change(self.saved.get(workspace, AudienceProfile()))
        self.saved[workspace] = updated
        return updated

    async def reset_profile(self, workspace: WorkspaceKey) -> bool:
        return self.saved.pop(workspace, None) is not None


@dataclass
class BotProcess:
    """One running bot: its own database connection, scheduler and registered poster."""

    database: Database
    reminders: Reminders
    clock: FakeClock

    async def type(self, text: str, *, asker: Asker) -> str:
        """What the person sees after typing `reminders …` (text after the word 'reminders')."""
        arguments = text.removeprefix("reminders").strip()
        reply = await self.reminders.commands.handle(asker, arguments, detect_language(text))
        return strip_isolation(render_plain(reply))  # bidi marks are invisible to the reader

    async def occurrences(self) -> list[tuple[str, str, str | None]]:
        """(scheduled UTC, state, reason) of every occurrence, oldest first."""
        rows = await self.database.fetch_all(
            "SELECT scheduled_utc, state, reason FROM reminder_occurrences ORDER BY id"
        )
        return [(iso_text(as_utc(row[0])), str(row[1]), row[2]) for row in rows]

    async def live_until(self, moment: datetime) -> None:
        """Runs the scheduler as its loop would, jumping the clock to each due time."""
        while True:
            next_due = await self.reminders.scheduler.run_once()
            if next_due is None or next_due > moment:
                break
            self.clock.set(max(next_due, self.clock.now()))
        self.clock.set(moment)


def admin(workspace: WorkspaceKey = ACME, channel: str = "C-MARKETING") -> Asker:
    return Asker(workspace, user_id="U-ADMIN", channel_id=channel, is_admin=True)


def member(workspace: WorkspaceKey = ACME, channel: str = "C-MARKETING") -> Asker:
    return Asker(workspace, user_id="U-MEMBER", channel_id=channel, is_admin=False)


async def eventually(condition: Callable[[], bool], *, seconds: float = 3.0) -> None:
    """Lets the event loop (and aiosqlite's thread) work until `condition` holds."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


StartProcess = Callable[..., Awaitable[BotProcess]]
