"""`knowledge` in chat: a team sees its own entries; admins remove them, in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Core
from bot.profiles import WorkspaceKey
from bot.teamkb import TeamTrainer, load_team_file
from tests.core.test_conversation import Chat

TEAM_FILE = Path(__file__).resolve().parent.parent / "data" / "team_posting_times.toml"


async def test_a_team_lists_asks_and_removes_its_own_entries(core: Core) -> None:
    admin, member = Chat(core, "acme"), Chat(core, "acme", admin=False)
    assert "no entries of its own" in await member.say("knowledge")
    await core.team.add(WorkspaceKey("console", "acme"), load_team_file(TEAM_FILE), by="u1")

    assert "posting-times — When we post" in await member.say("knowledge")
    assert "posting-times — متى ننشر" in await member.say("المعرفة")
    assert "weekday mornings" in await member.say("best time to tweet?")
    assert "weekday mornings" not in await Chat(core, "globex").say("best time to tweet?")

    assert "Only workspace admins" in await member.say("knowledge remove posting-times")
    assert "has no entry nope" in await admin.say("knowledge remove nope")
    assert "Removed the entry posting-times" in await admin.say("knowledge remove posting-times")
    assert "weekday mornings" not in await member.say("best time to tweet?")


async def test_an_arabic_admin_removes_in_arabic(core: Core) -> None:
    await core.team.add(WorkspaceKey("console", "acme"), load_team_file(TEAM_FILE), by="u1")
    reply = await Chat(core, "acme").say("المعرفة احذف posting-times")
    assert "حُذف المدخل" in reply


async def test_a_failed_training_leaves_the_built_in_answers(
    core: Core, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: TeamTrainer, entries: object) -> None:
        raise RuntimeError("a bug in training")

    monkeypatch.setattr(TeamTrainer, "train", broken)
    await core.team.add(WorkspaceKey("console", "acme"), load_team_file(TEAM_FILE), by="u1")
    chat = Chat(core, "acme")
    assert "not one my advice covers" in await chat.say("best time to tweet?")
    assert "followers" in (await chat.say("do I need lots of followers?")).lower()
    assert "team knowledge training failed" in caplog.text
