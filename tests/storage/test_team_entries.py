"""A workspace's own entries on both backends: kept, matched there only, exported, forgotten."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest

from bot.advisor import Asker
from bot.app import Core, open_core
from bot.errors import KnowledgeError
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.profiles import WorkspaceKey
from bot.replies import Answer, Notice
from bot.settings import CoreSettings
from bot.storage import DatabaseTarget
from bot.teamkb import TeamEntry, parse_team_entries

TEAM_FILE = Path(__file__).resolve().parent.parent / "data" / "team_posting_times.toml"
ACME = Asker(WorkspaceKey("slack", "T-ACME"), user_id="U1", is_admin=True)
GLOBEX = Asker(WorkspaceKey("slack", "T-GLOBEX"), user_id="U2", is_admin=True)


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def matcher(knowledge: KnowledgeBase) -> Matcher:
    return Matcher(knowledge, cache_dir=CoreSettings().cache_dir)


@pytest.fixture
def target(any_backend: DatabaseTarget) -> DatabaseTarget:
    return any_backend


@pytest.fixture
async def core(
    target: DatabaseTarget, knowledge: KnowledgeBase, matcher: Matcher
) -> AsyncIterator[Core]:
    async with open_core(target, knowledge=knowledge, matcher=matcher) as opened:
        yield opened


def team_entries() -> list[TeamEntry]:
    with TEAM_FILE.open("rb") as handle:
        return parse_team_entries(tomllib.load(handle), TEAM_FILE.name)


async def test_a_team_entry_answers_in_its_workspace_only(core: Core) -> None:
    before = await core.advisor.ask(ACME, "best time to tweet?")
    assert isinstance(before, Notice)

    await core.team.add(ACME.workspace, team_entries(), by=ACME.user_id)

    mine = await core.advisor.ask(ACME, "best time to tweet?")
    assert isinstance(mine, Answer)
    assert mine.entry_id == "posting-times"
    assert "weekday mornings" in mine.short_answer
    arabic = await core.advisor.ask(ACME, "ما هو أفضل وقت للنشر على تويتر؟")
    assert isinstance(arabic, Answer)
    assert "صباح" in arabic.short_answer
    theirs = await core.advisor.ask(GLOBEX, "best time to tweet?")
    assert isinstance(theirs, Notice)
    builtin = await core.advisor.ask(ACME, "do I need lots of followers?")
    assert isinstance(builtin, Answer)
    assert builtin.entry_id == "4"
    # "More" and feedback know the team's entry in its workspace, and nowhere else.
    more = await core.advisor.myth(ACME, "posting-times", "en")
    assert isinstance(more, Answer)
    assert more.actions[0] == "Schedule posts for 8-10 am."
    assert isinstance(await core.advisor.myth(GLOBEX, "posting-times", "en"), Notice)
    await core.advisor.record_feedback(ACME, answer_ref="a1", entry_id="posting-times", vote="up")


async def test_entries_are_exported_forgotten_and_removed(core: Core) -> None:
    await core.team.add(ACME.workspace, team_entries(), by=ACME.user_id)

    exported = await core.advisor.export_workspace(ACME)
    [row] = cast(list[dict[str, Any]], exported["team_entries"])
    assert row["entry_id"] == "posting-times"
    assert row["data"]["en"]["title"] == "When we post"
    assert (await core.advisor.export_workspace(GLOBEX))["team_entries"] == []

    await core.advisor.forget_workspace(ACME, "en")
    assert await core.team.entries(ACME.workspace) == []
    assert isinstance(await core.advisor.ask(ACME, "best time to tweet?"), Notice)

    await core.team.add(ACME.workspace, team_entries(), by=ACME.user_id)
    assert await core.team.remove(ACME.workspace, "posting-times")
    assert not await core.team.remove(ACME.workspace, "posting-times")
    assert isinstance(await core.advisor.ask(ACME, "best time to tweet?"), Notice)


async def test_an_id_of_a_built_in_entry_is_refused_and_nothing_is_saved(core: Core) -> None:
    [entry] = team_entries()
    clash = entry.model_copy(update={"id": "value"})
    with pytest.raises(KnowledgeError, match="built-in"):
        await core.team.add(ACME.workspace, [entry, clash], by=ACME.user_id)
    assert await core.team.entries(ACME.workspace) == []
