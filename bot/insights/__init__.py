"""Team insights: which claims a workspace asks about, what was declined, 👍/👎 per entry, and
reminders sent and skipped, for admins (README.md, "Team insights")."""

from __future__ import annotations

from bot.insights.report import DEFAULT_DAYS, MAX_DAYS, EntryInsight, InsightsReport
from bot.insights.service import ConsentCommands, Insights
from bot.insights.store import InsightsStore, PeriodCounts

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "ConsentCommands",
    "EntryInsight",
    "Insights",
    "InsightsReport",
    "InsightsStore",
    "PeriodCounts",
]
