"""The `status` command: version, uptime, adapters and the next reminder, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import __version__
from bot.advisor import Asker
from bot.app import open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.profiles import WorkspaceKey
from bot.render_text import render_plain
from bot.status import format_uptime, status_provider


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


def test_uptime_reads_naturally_in_both_languages() -> None:
    assert format_uptime(timedelta(seconds=75)) == "1 minute and 15 seconds"
    assert format_uptime(timedelta(minutes=5, seconds=6)) == "5 minutes and 6 seconds"
    assert format_uptime(timedelta(hours=3, minutes=4)) == "3 hours and 4 minutes"
    assert format_uptime(timedelta(days=2, hours=1)) == "2 days and 1 hour"
    assert format_uptime(timedelta(seconds=75), "ar") == "دقيقة واحدة و15 ثانية"
    assert format_uptime(timedelta(minutes=5, seconds=6), "ar") == "5 دقائق و6 ثوانٍ"
    assert format_uptime(timedelta(hours=2, minutes=11), "ar") == "ساعتان و11 دقيقة"
    assert format_uptime(timedelta(days=2, hours=1), "ar") == "يومان وساعة واحدة"


async def test_status_lines_in_english_and_arabic() -> None:
    clock = FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    due = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    async def next_due() -> datetime | None:
        return due

    lines = status_provider(clock=clock, adapters=["slack"], next_reminder=next_due)
    clock.moment += timedelta(minutes=5)
    assert await lines("en") == [
        f"Version: {__version__}",
        "Up for: 5 minutes",
        "Connected to: Slack",
        "Next reminder: 2026-03-02 09:00 UTC",
    ]
    arabic = await lines("ar")
    assert arabic[0] == f"الإصدار: {__version__}"
    assert arabic[1] == "مدة التشغيل: 5 دقائق"
    assert arabic[2] == "المنصات المتصلة: سلاك"
    assert arabic[3].startswith("التذكير القادم")


async def test_status_command_through_the_router(
    trained: tuple[KnowledgeBase, Matcher],
) -> None:
    async with open_core(":memory:", knowledge=trained[0], matcher=trained[1]) as core:
        core.commands.status = status_provider(
            clock=core.clock, next_reminder=core.reminders.next_due
        )
        reply = await core.commands.handle(Asker(WorkspaceKey("console", "local")), "status")
    text = render_plain(reply)
    assert f"Version: {__version__}" in text
    assert "Next reminder: none scheduled" in text
