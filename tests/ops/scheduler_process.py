"""One reminder scheduler in its own process, for tests/ops/test_replicas.py.

    python -m tests.ops.scheduler_process DATABASE NAME [POST_SECONDS]

DATABASE is a postgresql:// URL or an SQLite file; POST_SECONDS (default 0.02) is how long a
post takes, as a network round trip would (bench/scaling_bench.py uses 0).

Connects, says "ready", waits for "go" on stdin (so every scheduler starts at once), posts
whatever is due through a poster that writes each post to the `test_posts` table, and exits
when nothing more is due.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime

from bot.clock import SystemClock
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.profiles import WorkspaceKey
from bot.reminders.feature import build_reminders
from bot.reminders.ports import ReminderPost
from bot.settings import ReminderSettings
from bot.storage import Database, DatabaseTarget, SqlStore


class TablePoster:
    """Stands for a chat platform: a post is a row, after a network-like pause."""

    def __init__(self, database: Database, name: str, seconds: float) -> None:
        self._database = database
        self._name = name
        self._seconds = seconds

    async def post_reminder(
        self, workspace: WorkspaceKey, channel_id: str, post: ReminderPost, *, idempotency_key: str
    ) -> str:
        await asyncio.sleep(self._seconds)
        await self._database.execute(
            "INSERT INTO test_posts (occurrence_key, posted_by) VALUES (?, ?)",
            (idempotency_key, self._name),
        )
        return f"{self._name}:{idempotency_key}"

    async def find_posted(
        self, workspace: WorkspaceKey, channel_id: str, *, idempotency_key: str, since: datetime
    ) -> str | None:
        return None


async def main(url: str, name: str, seconds: float) -> None:
    clock = SystemClock()
    async with await DatabaseTarget.of(url).open() as database:
        reminders = build_reminders(
            database=database,
            profiles=SqlStore(database, clock),
            knowledge=load_knowledge(DEFAULT_KNOWLEDGE_DIR),
            clock=clock,
            settings=ReminderSettings(_env_file=None),  # type: ignore[call-arg]
            instance_id=name,
        )
        reminders.register_poster("slack", TablePoster(database, name, seconds))
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        await reminders.scheduler.run_once()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.02))
