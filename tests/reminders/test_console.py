"""The whole core, as the console uses it: `reminders …` through the command router, and the
weekly post printed as plain text."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.advisor import Asker
from bot.app import open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.profiles import WorkspaceKey
from bot.render_text import render_plain
from bot.settings import CoreSettings
from tests.reminders.world import FakeClock


@pytest.fixture(scope="session")
def matcher(knowledge: KnowledgeBase) -> Matcher:
    # The cache the command line and the other suites use: the model trains once per run.
    return Matcher(knowledge, cache_dir=CoreSettings().cache_dir)


@pytest.mark.slow
async def test_the_console_adds_a_reminder_and_prints_it_when_due(
    tmp_path: Path, knowledge: KnowledgeBase, matcher: Matcher, clock: FakeClock
) -> None:
    printed = io.StringIO()
    me = Asker(WorkspaceKey("console", "local"), is_admin=True)
    async with open_core(
        tmp_path / "advisor.sqlite3",
        clock=clock,
        knowledge=knowledge,
        matcher=matcher,
        console_output=printed,
    ) as core:
        reply = render_plain(
            await core.commands.handle(me, "reminders add monday 09:00 UTC Post the FAQ")
        )
        assert "Reminder #1 added." in reply
        assert "in #console" in reply
        clock.set(datetime(2024, 3, 4, 9, 0, 5, tzinfo=UTC))
        next_due = await core.reminders.scheduler.run_once()
        assert next_due == datetime(2024, 3, 11, 9, 0, tzinfo=UTC)
        assert await core.reminders.next_due() == next_due
    text = printed.getvalue()
    assert "[#console] Weekly reminder: provide value" in text
    assert "Idea for this week: " in text
    assert "Myth to avoid: Social media changed everything" in text
    assert "Note: Post the FAQ" in text
    assert clock.now() - datetime(2024, 3, 4, 9, tzinfo=UTC) < timedelta(minutes=1)
