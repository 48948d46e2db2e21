"""A workspace's own knowledge entries (bot.teamkb), on either backend."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ports import Clock
from bot.profiles import WorkspaceKey
from bot.storage.base import Database
from bot.teamkb import TeamEntry

# Sent when a workspace's entries change, so every process drops its copy of that model.
TEAM_KNOWLEDGE_CHANGED = "value_advisor_team_knowledge"

_SAVE = (
    "INSERT INTO team_entries (platform, workspace_id, entry_id, data, created_by, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, workspace_id, entry_id) "
    "DO UPDATE SET data = excluded.data, created_by = excluded.created_by, "
    "updated_at = excluded.updated_at"
)


class TeamEntryStore:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def entries(self, workspace: WorkspaceKey) -> list[TeamEntry]:
        rows = await self._db.fetch_all(
            "SELECT data FROM team_entries WHERE platform = ? AND workspace_id = ? "
            "ORDER BY entry_id",
            (workspace.platform, workspace.workspace_id),
        )
        return [TeamEntry.model_validate_json(row[0]) for row in rows]

    async def stamp(self, workspace: WorkspaceKey | None = None) -> str:
        """Changes whenever the workspace's entries (or, without one, anyone's) change."""
        if workspace is None:
            row = await self._db.fetch_one("SELECT COUNT(*), MAX(updated_at) FROM team_entries")
        else:
            row = await self._db.fetch_one(
                "SELECT COUNT(*), MAX(updated_at) FROM team_entries "
                "WHERE platform = ? AND workspace_id = ?",
                (workspace.platform, workspace.workspace_id),
            )
        return f"{row[0]}:{row[1]}" if row is not None else ""

    async def save(self, workspace: WorkspaceKey, entries: Sequence[TeamEntry], by: str) -> None:
        """Adds the entries, replacing any with the same id; all of them or none."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            for entry in entries:
                await tx.execute(
                    _SAVE,
                    (
                        workspace.platform,
                        workspace.workspace_id,
                        entry.id,
                        entry.model_dump_json(exclude_none=True),
                        by,
                        now,
                    ),
                )
        await self._db.notify(TEAM_KNOWLEDGE_CHANGED)

    async def remove(self, workspace: WorkspaceKey, entry_id: str) -> bool:
        count = await self._db.execute(
            "DELETE FROM team_entries WHERE platform = ? AND workspace_id = ? AND entry_id = ?",
            (workspace.platform, workspace.workspace_id, entry_id),
        )
        if count:
            await self._db.notify(TEAM_KNOWLEDGE_CHANGED)
        return count > 0
