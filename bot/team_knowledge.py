"""Team knowledge per workspace: stored entries, their small models, kept warm and bounded.

Models are trained in a worker thread (the event loop keeps answering), once per change, and
kept for the `max_models` workspaces asked about most recently; a workspace asked about again
after eviction is retrained on its first question (about a second, in the worker thread). A
change made by another process (the command line, a replica) reaches this one through the
database's change signal on PostgreSQL, and within RECHECK_SECONDS on SQLite; each cached model
is then checked with one small query and retrained only if its workspace changed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import InvalidInput, NotPermitted
from bot.i18n import t
from bot.knowledge import KnowledgeBase
from bot.matcher import Match, Matcher
from bot.profiles import WorkspaceKey
from bot.replies import Notice
from bot.storage.base import Database
from bot.storage.team_entries import TEAM_KNOWLEDGE_CHANGED, TeamEntryStore
from bot.team_form import TeamForm, entry_from_form
from bot.teamkb import MAX_TEAM_ENTRIES, TeamEntry, TeamModel, TeamTrainer, check_ids, overlay
from bot.text import Language

log = logging.getLogger(__name__)

DEFAULT_MAX_MODELS = 1000
# How often a process looks whether another one changed some workspace's entries (SQLite has
# no change signal; on PostgreSQL the signal comes first).
RECHECK_SECONDS = 10.0


@dataclass(frozen=True)
class _Trained:
    model: TeamModel | None
    knowledge: KnowledgeBase
    # The workspace's entries as they were when this was trained (TeamEntryStore.stamp).
    stamp: str


class TeamKnowledge:
    def __init__(
        self,
        *,
        knowledge: KnowledgeBase,
        matcher: Matcher,
        store: TeamEntryStore,
        max_models: int = DEFAULT_MAX_MODELS,
    ) -> None:
        self._knowledge = knowledge
        self._matcher = matcher
        self._store = store
        self._max = max_models
        self._trainer: TeamTrainer | None = None
        self._cache: OrderedDict[WorkspaceKey, _Trained] = OrderedDict()
        # Cached models that may be out of date: checked (one cheap query) before next use.
        self._unverified: set[WorkspaceKey] = set()
        self._locks: dict[WorkspaceKey, asyncio.Lock] = {}
        self._stamp: str | None = None
        self._checked = -RECHECK_SECONDS
        # Background retraining tasks, referenced until done.
        self._warming: set[asyncio.Task[_Trained]] = set()

    async def listen(self, database: Database) -> None:
        """Another process changed some workspace's entries: check each model before use."""
        await database.listen(TEAM_KNOWLEDGE_CHANGED, self.recheck_all)

    def recheck_all(self) -> None:
        self._unverified = set(self._cache)

    @property
    def cached_models(self) -> int:
        return len(self._cache)

    def _train(self, entries: Sequence[TeamEntry]) -> TeamModel | None:
        if self._trainer is None:
            self._trainer = TeamTrainer(
                self._knowledge, self._matcher.extractor, self._matcher.model
            )
        return self._trainer.train(entries)

    async def _recheck(self) -> None:
        now = time.monotonic()
        if now - self._checked < RECHECK_SECONDS:
            return
        self._checked = now
        stamp = await self._store.stamp()
        if self._stamp is not None and stamp != self._stamp:
            self.recheck_all()
        self._stamp = stamp

    async def _trained(self, workspace: WorkspaceKey) -> _Trained:
        await self._recheck()
        cached = self._cache.get(workspace)
        if cached is not None and workspace not in self._unverified:
            self._cache.move_to_end(workspace)
            return cached
        lock = self._locks.setdefault(workspace, asyncio.Lock())
        async with lock:
            stamp = await self._store.stamp(workspace)
            cached = self._cache.get(workspace)
            if cached is not None and cached.stamp == stamp:
                self._unverified.discard(workspace)
                self._cache.move_to_end(workspace)
                return cached
            trained = await self._train_workspace(workspace, stamp)
            self._cache[workspace] = trained
            self._cache.move_to_end(workspace)
            self._unverified.discard(workspace)
            while len(self._cache) > self._max:
                evicted, _ = self._cache.popitem(last=False)
                self._unverified.discard(evicted)
            self._locks.pop(workspace, None)
            return trained

    async def _train_workspace(self, workspace: WorkspaceKey, stamp: str) -> _Trained:
        entries = await self._store.entries(workspace)
        if not entries:
            return _Trained(None, self._knowledge, stamp)
        started = time.perf_counter()
        try:
            # In a worker thread: training takes a fraction of a second of CPU.
            model = await asyncio.to_thread(self._train, entries)
        except Exception:
            # A bug in training must not cost the workspace its built-in answers.
            log.exception(
                "team knowledge training failed; the workspace gets the built-in answers",
                extra={"platform": workspace.platform, "workspace": workspace.workspace_id},
            )
            return _Trained(None, self._knowledge, stamp)
        log.info(
            "team knowledge trained",
            extra={
                "platform": workspace.platform,
                "workspace": workspace.workspace_id,
                "entries": len(entries),
                "seconds": round(time.perf_counter() - started, 2),
            },
        )
        if model is None:
            return _Trained(None, self._knowledge, stamp)
        knowledge = KnowledgeBase(
            entries={**self._knowledge.entries, **model.entries},
            off_topic=self._knowledge.off_topic,
        )
        return _Trained(model, knowledge, stamp)

    async def knowledge_for(self, workspace: WorkspaceKey) -> KnowledgeBase:
        """The built-in entries plus the workspace's own."""
        return (await self._trained(workspace)).knowledge

    async def match(self, workspace: WorkspaceKey, question: str, base: Match) -> Match:
        trained = await self._trained(workspace)
        if trained.model is None or self._trainer is None:
            return base
        return overlay(base, trained.model, self._trainer.counts(question))

    async def entries(self, workspace: WorkspaceKey) -> list[TeamEntry]:
        return await self._store.entries(workspace)

    async def add(self, workspace: WorkspaceKey, entries: Sequence[TeamEntry], by: str) -> None:
        """Validates the ids against the workspace's entries, saves, and retrains at once."""
        current = {entry.id: entry for entry in await self._store.entries(workspace)}
        current.update({entry.id: entry for entry in entries})
        check_ids(list(current.values()), self._knowledge)
        await self._store.save(workspace, entries, by)
        self._changed(workspace)

    async def add_form(
        self,
        workspace: WorkspaceKey,
        form: TeamForm,
        *,
        by: str,
        is_admin: bool,
        language: Language,
    ) -> Notice:
        """An entry typed in chat by an admin (a Slack or Discord modal), for this workspace."""
        if not is_admin:
            raise NotPermitted(t("not.permitted", language))
        current = await self._store.entries(workspace)
        taken = {entry.id for entry in current}
        entry = entry_from_form(form, taken=taken | set(self._knowledge.entries), language=language)
        if len(current) >= MAX_TEAM_ENTRIES:
            raise InvalidInput(t("knowledge.full", language, most=MAX_TEAM_ENTRIES), field="title")
        await self.add(workspace, [entry], by)
        title = entry.as_entry().text(language).title
        log.info(
            "team entry added in chat",
            extra={"platform": workspace.platform, "workspace": workspace.workspace_id},
        )
        return Notice(
            language,
            "confirm",
            t("knowledge.added", language, id=entry.id, title=title),
            private=True,
        )

    async def listing(self, workspace: WorkspaceKey, language: Language) -> Notice:
        """The workspace's own entries, id and title, for anyone in it."""
        entries = [entry.as_entry() for entry in await self._store.entries(workspace)]
        lines = [f"{entry.id} — {entry.text(language).title}" for entry in entries]
        title = t("knowledge.title", language)
        return Notice(
            language, "info", title, lines or [t("knowledge.none", language)], private=True
        )

    async def remove_for(
        self, workspace: WorkspaceKey, entry_id: str, *, is_admin: bool, language: Language
    ) -> Notice:
        """`knowledge remove <id>` from chat: admins only; an unknown id is said so."""
        if not is_admin:
            raise NotPermitted(t("not.permitted", language))
        if await self.remove(workspace, entry_id):
            return Notice(
                language, "confirm", t("knowledge.removed", language, id=entry_id), private=True
            )
        lines = [t("knowledge.unknown", language, id=entry_id)]
        return Notice(language, "error", t("error.title", language), lines, private=True)

    async def remove(self, workspace: WorkspaceKey, entry_id: str) -> bool:
        removed = await self._store.remove(workspace, entry_id)
        if removed:
            self._changed(workspace)
        return removed

    def forgotten(self, workspace: WorkspaceKey) -> None:
        """The workspace's data was deleted: its model goes with it."""
        self._cache.pop(workspace, None)

    def _changed(self, workspace: WorkspaceKey) -> None:
        self._cache.pop(workspace, None)
        # Retrain now, in the background: the next question finds the model ready.
        task = asyncio.get_running_loop().create_task(self._trained(workspace))
        self._warming.add(task)
        task.add_done_callback(self._warming.discard)
