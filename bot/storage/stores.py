"""Profiles, feedback, the event ledger and workspace export/forget, on either backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from bot.ports import Clock, Vote
from bot.profiles import AudienceProfile, StoredProfile, WorkspaceKey
from bot.storage.base import Database, Row, as_utc, iso_text
from bot.storage.migrations import WORKSPACE_TABLES

# Slack retries for minutes, not days: older event ids can go.
_EVENT_RETENTION = timedelta(days=2)

_SAVE_PROFILE = (
    "INSERT INTO profiles (platform, workspace_id, data, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, workspace_id) "
    "DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
)


class SqlStore:
    """The core's stores (`bot.ports`) over one `Database`, whichever backend it is."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def get_profile(self, workspace: WorkspaceKey) -> StoredProfile | None:
        row = await self._db.fetch_one(
            "SELECT data, updated_at FROM profiles WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        if row is None:
            return None
        profile = AudienceProfile.model_validate_json(row[0])
        return StoredProfile(profile=profile, updated_at=as_utc(row[1]))

    async def save_profile(self, workspace: WorkspaceKey, profile: AudienceProfile) -> None:
        await self._db.execute(_SAVE_PROFILE, self._profile_row(workspace, profile))

    async def update_profile(
        self, workspace: WorkspaceKey, change: Callable[[AudienceProfile], AudienceProfile]
    ) -> AudienceProfile:
        async with self._db.transaction() as tx:
            # The named lock covers a workspace with no row yet (nothing to lock FOR UPDATE):
            # two first edits at once must both keep their field.
            await tx.lock(f"profile:{workspace.platform}:{workspace.workspace_id}")
            rows = await tx.fetch_all(
                "SELECT data FROM profiles WHERE platform = ? AND workspace_id = ?"  # noqa: S608
                + tx.dialect.for_update,
                (workspace.platform, workspace.workspace_id),
            )
            current = AudienceProfile.model_validate_json(rows[0][0]) if rows else AudienceProfile()
            updated = change(current)
            await tx.execute(_SAVE_PROFILE, self._profile_row(workspace, updated))
        return updated

    def _profile_row(
        self, workspace: WorkspaceKey, profile: AudienceProfile
    ) -> tuple[str, str, str, datetime]:
        return (
            workspace.platform,
            workspace.workspace_id,
            profile.model_dump_json(exclude_none=True),
            self._clock.now(),
        )

    async def reset_profile(self, workspace: WorkspaceKey) -> bool:
        count = await self._db.execute(
            "DELETE FROM profiles WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        return count > 0

    async def record_feedback(
        self, workspace: WorkspaceKey, *, answer_ref: str, entry_id: str, user: str, vote: Vote
    ) -> None:
        await self._db.execute(
            "INSERT INTO feedback "
            "(platform, workspace_id, answer_ref, user_id, entry_id, vote, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, workspace_id, answer_ref, user_id) "
            "DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
            (
                workspace.platform,
                workspace.workspace_id,
                answer_ref,
                user,
                entry_id,
                vote,
                self._clock.now(),
            ),
        )

    async def feedback_counts(self, workspace: WorkspaceKey) -> dict[str, dict[Vote, int]]:
        rows = await self._db.fetch_all(
            "SELECT entry_id, vote, COUNT(*) FROM feedback "
            "WHERE platform = ? AND workspace_id = ? GROUP BY entry_id, vote",
            (workspace.platform, workspace.workspace_id),
        )
        counts: dict[str, dict[Vote, int]] = {}
        for entry_id, vote, count in rows:
            counts.setdefault(entry_id, {"up": 0, "down": 0})[cast(Vote, vote)] = int(count)
        return counts

    async def first_delivery(self, platform: str, *event_ids: str) -> bool:
        now = self._clock.now()
        ids = sorted(set(event_ids))
        if not ids:
            return True
        # One statement for all ids, in a fixed order: a second replica recording the same ids
        # waits for the first to commit and then finds every one of them taken.
        rows = ", ".join("(?, ?, ?)" for _ in ids)
        recorded = await self._db.execute(
            f"INSERT INTO processed_events (platform, event_id, seen_at) VALUES {rows} "  # noqa: S608
            "ON CONFLICT (platform, event_id) DO NOTHING",
            [value for event_id in ids for value in (platform, event_id, now)],
        )
        if recorded and hash(ids[0]) % 100 == 0:
            # Now and then, not on every event: the delete scans an index range.
            await self._db.execute(
                "DELETE FROM processed_events WHERE seen_at < ?", (now - _EVENT_RETENTION,)
            )
        return recorded == len(ids)

    async def export_workspace(self, workspace: WorkspaceKey) -> dict[str, object]:
        exported: dict[str, object] = {
            "platform": workspace.platform,
            "workspace_id": workspace.workspace_id,
        }
        for table in WORKSPACE_TABLES:
            rows = await self._db.fetch_all(
                f"SELECT * FROM {table} WHERE platform = ? AND workspace_id = ? "  # noqa: S608
                "ORDER BY 1, 2, 3",
                (workspace.platform, workspace.workspace_id),
            )
            columns = await self._db.column_names(table)
            exported[table] = [_exported(table, columns, row) for row in rows]
        return exported

    async def forget_workspace(self, workspace: WorkspaceKey) -> int:
        total = 0
        async with self._db.transaction() as tx:
            for table in WORKSPACE_TABLES:
                total += await tx.execute(
                    f"DELETE FROM {table} WHERE platform = ? AND workspace_id = ?",  # noqa: S608
                    (workspace.platform, workspace.workspace_id),
                )
        return total


def _exported(table: str, columns: list[str], row: Row) -> dict[str, object]:
    """One row as the export shows it, the same from either backend."""
    record: dict[str, object] = {}
    for column, value in zip(columns, row, strict=True):
        if column in {"platform", "workspace_id"}:
            continue
        if isinstance(value, datetime):
            value = iso_text(value)
        record[column] = value
    if table in {"profiles", "team_entries"} and isinstance(record.get("data"), str):
        record["data"] = json.loads(str(record["data"]))
    return record
