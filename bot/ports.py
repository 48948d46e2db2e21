"""The core's ports: what it needs from the outside world, as Protocols.

Real implementations live in `bot.storage` (SQLite); tests pass small in-memory ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, Protocol

from bot.profiles import AudienceProfile, StoredProfile, WorkspaceKey

Vote = Literal["up", "down"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class ProfileStore(Protocol):
    async def get_profile(self, workspace: WorkspaceKey) -> StoredProfile | None: ...

    async def save_profile(self, workspace: WorkspaceKey, profile: AudienceProfile) -> None: ...

    async def update_profile(
        self, workspace: WorkspaceKey, change: Callable[[AudienceProfile], AudienceProfile]
    ) -> AudienceProfile:
        """Applies `change` to the stored profile (or an empty one) atomically: two admins
        setting different fields at once both keep their field. Returns the new profile."""
        ...

    async def reset_profile(self, workspace: WorkspaceKey) -> bool:
        """True when there was a profile to remove."""
        ...


class FeedbackStore(Protocol):
    async def record_feedback(
        self, workspace: WorkspaceKey, *, answer_ref: str, entry_id: str, user: str, vote: Vote
    ) -> None:
        """One vote per user per answer; a second vote replaces the first."""
        ...

    async def feedback_counts(self, workspace: WorkspaceKey) -> dict[str, dict[Vote, int]]: ...


class EventLedger(Protocol):
    async def first_delivery(self, platform: str, *event_ids: str) -> bool:
        """True the first time a delivery is seen; False for every retry after.

        A delivery may carry several ids (Slack: the event id and the message it is about);
        all are recorded at once, and it is a repeat when any was seen before. Atomic across
        processes: of two replicas recording the same ids together, exactly one gets True.
        """
        ...


class WorkspaceData(Protocol):
    async def export_workspace(self, workspace: WorkspaceKey) -> dict[str, object]: ...

    async def forget_workspace(self, workspace: WorkspaceKey) -> int:
        """Deletes every row of the workspace; returns how many."""
        ...
