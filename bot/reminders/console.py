"""The console's reminder poster: prints the post as plain text."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from bot.profiles import WorkspaceKey
from bot.reminders.content import render_reminder_plain
from bot.reminders.ports import ReminderPost


class ConsolePoster:
    def __init__(self, *, output: TextIO) -> None:
        self._output = output

    async def post_reminder(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        post: ReminderPost,
        *,
        idempotency_key: str,
    ) -> str:
        self._output.write(f"\n[#{channel_id}] {render_reminder_plain(post)}\n\n")
        self._output.flush()
        return idempotency_key

    async def find_posted(
        self,
        workspace: WorkspaceKey,
        channel_id: str,
        *,
        idempotency_key: str,
        since: datetime,
    ) -> str | None:
        return None  # a terminal keeps no history to look in
