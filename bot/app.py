"""Wires the core together from settings: knowledge, matcher, database, advisor, commands."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar, cast

from bot.advisor import Advisor, QuestionObserver
from bot.clock import SystemClock
from bot.commands import CommandRouter
from bot.insights import Insights, InsightsStore
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.ports import Clock, EventLedger
from bot.reminders.feature import Reminders, build_reminders
from bot.request import RequestHandler
from bot.settings import ReminderSettings
from bot.storage import Database, DatabaseTarget, SqliteDatabase, SqlStore
from bot.storage.team_entries import TeamEntryStore
from bot.team_knowledge import TeamKnowledge

_T = TypeVar("_T")


@dataclass
class Core:
    knowledge: KnowledgeBase
    matcher: Matcher
    database: Database
    store: SqlStore
    advisor: Advisor
    commands: CommandRouter
    clock: Clock
    reminders: Reminders
    team: TeamKnowledge

    @property
    def requests(self) -> RequestHandler:
        """The one way into the core for what a person asks (bot/request.py)."""
        return self.commands.requests

    @property
    def ledger(self) -> EventLedger:
        """Which platform deliveries were seen: what adapters use to drop retries."""
        return self.store


def build_matcher(
    extra_dir: Path | None = None, cache_dir: Path | None = None
) -> tuple[KnowledgeBase, Matcher]:
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra_dir)
    return knowledge, Matcher(knowledge, cache_dir=cache_dir)


async def _in_daemon_thread(work: Callable[[], _T]) -> _T:
    """`work()` (loading or training the matcher, up to tens of seconds) off the event loop.

    A daemon thread rather than asyncio.to_thread: Ctrl-C or SIGTERM during a first training
    cancels the wait at once, before the database is opened, and the process exits without
    waiting for the training to finish (asyncio.run joins its executor's threads).
    """
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[_T] = loop.create_future()

    def settle(result: _T | None, error: BaseException | None) -> None:
        if outcome.cancelled():
            return
        if error is not None:
            outcome.set_exception(error)
        else:
            outcome.set_result(cast(_T, result))

    def run() -> None:
        result, error = None, None
        try:
            result = work()
        except BaseException as exc:  # handed to the waiting task, raised there
            error = exc
        with suppress(RuntimeError):  # the loop has closed: nobody is waiting any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="matcher", daemon=True).start()
    return await outcome


@asynccontextmanager
async def open_core(
    database_path: DatabaseTarget | Path | str,
    *,
    extra_dir: Path | None = None,
    cache_dir: Path | None = None,
    clock: Clock | None = None,
    observer: QuestionObserver | None = None,
    knowledge: KnowledgeBase | None = None,
    matcher: Matcher | None = None,
    reminder_settings: ReminderSettings | None = None,
    console_output: TextIO | None = None,
    min_free_bytes: int = 0,
) -> AsyncIterator[Core]:
    """Everything the adapters share, opened together and closed together."""
    if knowledge is None or matcher is None:
        built = await _in_daemon_thread(lambda: build_matcher(extra_dir, cache_dir))
        knowledge, matcher = built
    clock = clock or SystemClock()
    target = DatabaseTarget.of(database_path)
    async with _databases(target, min_free_bytes) as (database, reminder_database):
        store, team, advisor = await _advisor(knowledge, matcher, database, clock, observer)
        reminders = build_reminders(
            database=reminder_database,
            profiles=store,
            knowledge=knowledge,
            clock=clock,
            settings=reminder_settings or ReminderSettings(),
            # Console reminders print only where a console (or headless log) is the output.
            console_output=console_output,
        )
        yield Core(
            knowledge=knowledge,
            matcher=matcher,
            database=database,
            store=store,
            advisor=advisor,
            commands=CommandRouter(advisor, reminders=reminders.commands, ledger=store),
            clock=clock,
            reminders=reminders,
            team=team,
        )


async def _advisor(
    knowledge: KnowledgeBase,
    matcher: Matcher,
    database: Database,
    clock: Clock,
    observer: QuestionObserver | None,
) -> tuple[SqlStore, TeamKnowledge, Advisor]:
    """The advisor on an open database, with the store and the team knowledge it uses."""
    store = SqlStore(database, clock)
    team = TeamKnowledge(
        knowledge=knowledge, matcher=matcher, store=TeamEntryStore(database, clock)
    )
    await team.listen(database)
    # One store plays every storage role the advisor has.
    advisor = Advisor(
        knowledge=knowledge,
        matcher=matcher,
        profiles=store,
        feedback=store,
        workspace_data=store,
        observer=observer,
        insights=Insights(InsightsStore(database, clock), knowledge, clock, team=team),
        team=team,
    )
    return store, team, advisor


@asynccontextmanager
async def _databases(
    target: DatabaseTarget, min_free_bytes: int
) -> AsyncIterator[tuple[Database, Database]]:
    """The database, and the one the reminder engine uses, closed together.

    On SQLite the reminder engine holds transactions open across awaits, so it gets its own
    connection to the same file (an in-memory database cannot be shared, so it uses the one
    there is). PostgreSQL's pool already gives each transaction its own connection.
    """
    database = await target.open(min_free_bytes=min_free_bytes)
    try:
        separate = isinstance(database, SqliteDatabase) and not target.in_memory
        reminder_database: Database = await target.open() if separate else database
        try:
            yield database, reminder_database
        finally:
            if reminder_database is not database:
                await reminder_database.close()
    finally:
        await database.close()
