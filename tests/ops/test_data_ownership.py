"""A workspace's data can be exported and forgotten (bot/cli.py), and old feedback expires."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from bot.advisor import Asker
from bot.app import open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.profiles import WorkspaceKey
from bot.retention import purge_feedback

from .support import bot_env, run_bot

OURS = WorkspaceKey("slack", "T1")
THEIRS = WorkspaceKey("slack", "T2")


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


async def _seed(database: Path, trained: tuple[KnowledgeBase, Matcher]) -> None:
    async with open_core(database, knowledge=trained[0], matcher=trained[1]) as core:
        for key in (OURS, THEIRS):
            admin = Asker(key, user_id="U1", is_admin=True)
            await core.advisor.update_profile(admin, {"followers": 1200}, "en")
            await core.advisor.record_feedback(admin, answer_ref="a1", entry_id="4", vote="up")
            await core.reminders.service.create(
                key, channel_id="C1", weekday="monday", time="09:00", created_by="U1"
            )


async def test_export_then_forget_round_trip(
    tmp_path: Path, trained: tuple[KnowledgeBase, Matcher]
) -> None:
    database = tmp_path / "advisor.sqlite3"
    await _seed(database, trained)
    env = bot_env(DATABASE_PATH=str(database))

    exported = run_bot("export", "--platform", "slack", "--workspace", "T1", cwd=tmp_path, env=env)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["workspace_id"] == "T1"
    assert data["profiles"][0]["data"]["followers"] == 1200
    assert [row["vote"] for row in data["feedback"]] == ["up"]
    assert len(data["reminders"]) == 1

    refused = run_bot("forget", "--platform", "slack", "--workspace", "T1", cwd=tmp_path, env=env)
    assert refused.returncode != 0  # not interactive and no --yes: nothing deleted
    assert "--yes" in refused.stderr
    forgot = run_bot(
        "forget", "--platform", "slack", "--workspace", "T1", "--yes", cwd=tmp_path, env=env
    )
    assert forgot.returncode == 0, forgot.stderr
    assert "Deleted" in forgot.stdout

    # What is left, read back through the store (the CLI's export is the same call).
    async with open_core(database, knowledge=trained[0], matcher=trained[1]) as core:
        after = await core.store.export_workspace(OURS)
        other = await core.store.export_workspace(THEIRS)
    assert after["profiles"] == after["feedback"] == after["reminders"] == []
    tables = [cast(list[object], other[name]) for name in ("profiles", "feedback", "reminders")]
    assert [len(table) for table in tables] == [1, 1, 1]


async def test_feedback_older_than_retention_is_purged(
    tmp_path: Path, trained: tuple[KnowledgeBase, Matcher]
) -> None:
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    clock = FixedClock(now - timedelta(days=400))
    async with open_core(
        tmp_path / "advisor.sqlite3", clock=clock, knowledge=trained[0], matcher=trained[1]
    ) as core:
        admin = Asker(OURS, user_id="U1", is_admin=True)
        await core.advisor.record_feedback(admin, answer_ref="old", entry_id="4", vote="up")
        clock.moment = now - timedelta(days=10)
        await core.advisor.record_feedback(admin, answer_ref="new", entry_id="4", vote="down")
        clock.moment = now

        assert await purge_feedback(core.database, clock, days=0) == 0  # 0 keeps everything
        assert await purge_feedback(core.database, clock, days=365) == 1
        assert await core.store.feedback_counts(OURS) == {"4": {"up": 0, "down": 1}}
