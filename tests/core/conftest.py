from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Core, open_core
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.settings import CoreSettings


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def matcher(knowledge: KnowledgeBase) -> Matcher:
    # The same cache the command line uses, so the suite trains the model at most once.
    return Matcher(knowledge, cache_dir=CoreSettings().cache_dir)


@pytest.fixture
async def core(tmp_path: Path, knowledge: KnowledgeBase, matcher: Matcher) -> AsyncIterator[Core]:
    async with open_core(tmp_path / "advisor.sqlite3", knowledge=knowledge, matcher=matcher) as c:
        yield c
