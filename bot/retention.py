"""Deletes answer feedback and the questions kept for team insights once they are older than
FEEDBACK_RETENTION_DAYS (README.md, "Operations")."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, timedelta

from bot.insights import InsightsStore
from bot.ports import Clock
from bot.storage import Database

log = logging.getLogger(__name__)

_EVERY = timedelta(days=1)


async def purge_feedback(database: Database, clock: Clock, *, days: int) -> int:
    """Deletes feedback and insights questions older than `days`; 0 keeps everything.
    Returns how many rows went."""
    if days <= 0:
        return 0
    cutoff = (clock.now() - timedelta(days=days)).astimezone(UTC)
    count = await database.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,))
    questions = await InsightsStore(database, clock).purge(cutoff)
    if count or questions:
        log.info(
            "feedback purged",
            extra={"rows": count, "questions": questions, "retention_days": days},
        )
    return count + questions


async def purge_daily(database: Database, clock: Clock, *, days: int) -> None:
    """Purges at once, then once a day, until cancelled."""
    while True:
        try:
            await purge_feedback(database, clock, days=days)
        except Exception:
            # A failed purge must not take the bot down; tomorrow's run tries again.
            log.exception("feedback purge failed")
        await asyncio.sleep(_EVERY.total_seconds())
