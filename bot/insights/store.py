"""Rows for team insights, on either backend: the questions a workspace asks, its consent to
keep declined questions, and the counts a report is built from. SQL only.

No user ids are stored with a question: insights are about the team, not about who asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from bot.ports import Clock
from bot.profiles import WorkspaceKey
from bot.storage import Database

# Enough to see what was asked; a pasted essay is cut.
MAX_STORED_CHARS: Final = 300
# Pings and mentions carry nobody's need and would keep user ids (Slack <@U1>, <!channel>,
# <#C1>; Discord <@123>, <@&456>).
# Platform, workspace id, and the period's first and last moment: every count's parameters.
_Period = tuple[str, str, datetime, datetime]
_MENTION: Final = re.compile(r"<[!@#][^>]*>")


def storable(question: str) -> str:
    """The question as it is kept: mentions removed, whitespace folded, length capped."""
    text = " ".join(_MENTION.sub(" ", question).split())
    return text[:MAX_STORED_CHARS]


@dataclass(frozen=True, kw_only=True)
class PeriodCounts:
    """What one workspace did in one period, as stored."""

    asked: dict[str, int] = field(default_factory=dict)  # entry id -> questions answered by it
    declined: int = 0
    # (question, times asked), most asked first; only questions kept with consent.
    declined_questions: list[tuple[str, int]] = field(default_factory=list)
    votes: dict[str, tuple[int, int]] = field(default_factory=dict)  # entry id -> (up, down)
    reminders_sent: int = 0
    reminders_skipped: int = 0


class InsightsStore:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def record_question(
        self, workspace: WorkspaceKey, *, entry_id: str | None, question: str
    ) -> None:
        """One question: answered by `entry_id`, or declined when it is None. A declined
        question's text is kept only while the workspace consents (checked in the same
        statement, so a consent change is never raced)."""
        outcome = "answered" if entry_id is not None else "declined"
        text = storable(question) if entry_id is None else None
        await self._db.execute(
            "INSERT INTO questions "
            "(platform, workspace_id, asked_at, outcome, entry_id, question) "
            "VALUES (?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM insights_settings "
            "WHERE platform = ? AND workspace_id = ? AND NOT store_declined) "
            "THEN NULL ELSE ? END)",
            (
                workspace.platform,
                workspace.workspace_id,
                self._clock.now(),
                outcome,
                entry_id,
                workspace.platform,
                workspace.workspace_id,
                text or None,
            ),
        )

    async def store_declined(self, workspace: WorkspaceKey) -> bool:
        """The workspace's consent to keep declined questions; on until an admin turns it off."""
        row = await self._db.fetch_one(
            "SELECT store_declined FROM insights_settings WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        return True if row is None else bool(row[0])

    async def set_store_declined(self, workspace: WorkspaceKey, allowed: bool) -> int:
        """Sets the consent. Turning it off also erases the texts already kept; returns how
        many were erased."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO insights_settings (platform, workspace_id, store_declined, "
                "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (platform, workspace_id) "
                "DO UPDATE SET store_declined = excluded.store_declined, "
                "updated_at = excluded.updated_at",
                (workspace.platform, workspace.workspace_id, allowed, self._clock.now()),
            )
            if allowed:
                return 0
            return await tx.execute(
                "UPDATE questions SET question = NULL "
                "WHERE platform = ? AND workspace_id = ? AND question IS NOT NULL",
                (workspace.platform, workspace.workspace_id),
            )

    async def period_counts(
        self, workspace: WorkspaceKey, *, since: datetime, until: datetime, top: int = 10
    ) -> PeriodCounts:
        key = (workspace.platform, workspace.workspace_id, since, until)
        asked, declined = await self._outcomes(key)
        questions = await self._db.fetch_all(
            "SELECT question, COUNT(*) AS times, MAX(asked_at) AS latest FROM questions "
            "WHERE platform = ? AND workspace_id = ? AND asked_at >= ? AND asked_at <= ? "
            "AND outcome = 'declined' AND question IS NOT NULL "
            "GROUP BY question ORDER BY times DESC, latest DESC, question LIMIT ?",
            (*key, top),
        )
        states = await self._reminder_states(key)
        return PeriodCounts(
            asked=asked,
            declined=declined,
            declined_questions=[(str(text), int(times)) for text, times, _ in questions],
            votes=await self._votes(key),
            reminders_sent=int(states.get("sent", 0)),
            reminders_skipped=int(states.get("skipped", 0)),
        )

    async def _outcomes(self, key: _Period) -> tuple[dict[str, int], int]:
        """How often each entry was answered, and how many questions were declined."""
        asked: dict[str, int] = {}
        declined = 0
        for outcome, entry_id, count in await self._db.fetch_all(
            "SELECT outcome, entry_id, COUNT(*) FROM questions "
            "WHERE platform = ? AND workspace_id = ? AND asked_at >= ? AND asked_at <= ? "
            "GROUP BY outcome, entry_id",
            key,
        ):
            if outcome == "answered" and entry_id is not None:
                asked[str(entry_id)] = int(count)
            else:
                declined += int(count)
        return asked, declined

    async def _votes(self, key: _Period) -> dict[str, tuple[int, int]]:
        """👍 and 👎 per entry."""
        rows = await self._db.fetch_all(
            "SELECT entry_id, SUM(CASE WHEN vote = 'up' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN vote = 'down' THEN 1 ELSE 0 END) FROM feedback "
            "WHERE platform = ? AND workspace_id = ? AND created_at >= ? AND created_at <= ? "
            "GROUP BY entry_id",
            key,
        )
        return {str(entry_id): (int(up), int(down)) for entry_id, up, down in rows}

    async def _reminder_states(self, key: _Period) -> dict[str, int]:
        rows = await self._db.fetch_all(
            "SELECT state, COUNT(*) FROM reminder_occurrences "
            "WHERE platform = ? AND workspace_id = ? AND scheduled_utc >= ? "
            "AND scheduled_utc <= ? AND state IN ('sent', 'skipped') GROUP BY state",
            key,
        )
        return {str(state): int(count) for state, count in rows}

    async def purge(self, cutoff: datetime) -> int:
        """Deletes questions asked before `cutoff` (the retention period)."""
        return await self._db.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,))
