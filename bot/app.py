"""Wires the core together from settings: knowledge, matcher, database, advisor, commands."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.advisor import Advisor, QuestionObserver
from bot.clock import SystemClock
from bot.commands import CommandRouter
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.ports import Clock
from bot.storage import Database, SqliteStore


@dataclass
class Core:
    knowledge: KnowledgeBase
    matcher: Matcher
    database: Database
    store: SqliteStore
    advisor: Advisor
    commands: CommandRouter
    clock: Clock


def build_matcher(
    extra_dir: Path | None = None, cache_dir: Path | None = Path("data/cache")
) -> tuple[KnowledgeBase, Matcher]:
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra_dir)
    return knowledge, Matcher(knowledge, cache_dir=cache_dir)


@asynccontextmanager
async def open_core(
    database_path: Path | str,
    *,
    extra_dir: Path | None = None,
    clock: Clock | None = None,
    observer: QuestionObserver | None = None,
    knowledge: KnowledgeBase | None = None,
    matcher: Matcher | None = None,
) -> AsyncIterator[Core]:
    """Everything the adapters share, opened together and closed together."""
    if knowledge is None or matcher is None:
        knowledge, matcher = build_matcher(extra_dir)
    clock = clock or SystemClock()
    database = await Database.open(database_path)
    try:
        store = SqliteStore(database, clock)
        advisor = Advisor(
            knowledge=knowledge,
            matcher=matcher,
            profiles=store,
            feedback=store,
            workspace_data=store,
            observer=observer,
        )
        yield Core(
            knowledge=knowledge,
            matcher=matcher,
            database=database,
            store=store,
            advisor=advisor,
            commands=CommandRouter(advisor),
            clock=clock,
        )
    finally:
        await database.close()
