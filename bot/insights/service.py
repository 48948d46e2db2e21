"""Team insights for admins: what the team asks, records of it, and the consent setting.

`record` is called for every question the advisor answers or declines; it never fails the
answer (a question the bot could not note is still answered). Reports and the consent are for
workspace admins only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.errors import InvalidInput, NotPermitted
from bot.insights.report import (
    DEFAULT_DAYS,
    MAX_DAYS,
    InsightsReport,
    build_report,
    period,
    phrase,
    report_notice,
)
from bot.insights.store import InsightsStore
from bot.knowledge import Entry, KnowledgeBase
from bot.ports import Clock
from bot.profiles import WorkspaceKey
from bot.replies import Notice
from bot.text import Language

log = logging.getLogger(__name__)

_CONSENT = {"consent", "موافقة"}
_ON = {"on", "yes", "true", "1", "تشغيل", "نعم"}
_OFF = {"off", "no", "false", "0", "إيقاف", "ايقاف", "لا"}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


class _HasEntry(Protocol):
    def as_entry(self) -> Entry: ...


class TeamEntrySource(Protocol):
    """A workspace's own entries (bot/team_knowledge.py): listed by their titles."""

    async def entries(self, workspace: WorkspaceKey) -> Sequence[_HasEntry]: ...


@dataclass(frozen=True)
class ConsentCommands:
    """How admins of one platform change the consent, shown in the report."""

    on: str = "`insights consent on`"
    off: str = "`insights consent off`"


class Insights:
    def __init__(
        self,
        store: InsightsStore,
        knowledge: KnowledgeBase,
        clock: Clock,
        *,
        team: TeamEntrySource | None = None,
    ) -> None:
        self._store = store
        self._knowledge = knowledge
        self._clock = clock
        self._team = team

    async def _knowledge_for(self, workspace: WorkspaceKey) -> KnowledgeBase:
        """The built-in entries and the workspace's own, so its entries show by their titles."""
        if self._team is None:
            return self._knowledge
        own = [entry.as_entry() for entry in await self._team.entries(workspace)]
        if not own:
            return self._knowledge
        return KnowledgeBase(
            entries={**self._knowledge.entries, **{entry.id: entry for entry in own}},
            off_topic=self._knowledge.off_topic,
        )

    async def record(self, workspace: WorkspaceKey, *, entry_id: str | None, question: str) -> None:
        try:
            await self._store.record_question(workspace, entry_id=entry_id, question=question)
        except Exception:
            log.exception(
                "question not recorded for insights", extra={"platform": workspace.platform}
            )

    async def report(
        self, workspace: WorkspaceKey, language: Language, days: int = DEFAULT_DAYS
    ) -> InsightsReport:
        """The report itself, for operators (no admin check: they hold the database)."""
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput(phrase("insights.usage", language), field="days", value=str(days))
        since, until = period(self._clock.now(), days)
        counts = await self._store.period_counts(workspace, since=since, until=until)
        return build_report(
            counts,
            workspace=workspace,
            knowledge=await self._knowledge_for(workspace),
            language=language,
            days=days,
            since=since,
            until=until,
            store_declined=await self._store.store_declined(workspace),
        )

    async def report_for(
        self,
        workspace: WorkspaceKey,
        language: Language,
        *,
        is_admin: bool,
        days: int = DEFAULT_DAYS,
        commands: ConsentCommands | None = None,
    ) -> Notice:
        _, notice = await self.report_and_notice(
            workspace, language, is_admin=is_admin, days=days, commands=commands
        )
        return notice

    async def report_and_notice(
        self,
        workspace: WorkspaceKey,
        language: Language,
        *,
        is_admin: bool,
        days: int = DEFAULT_DAYS,
        commands: ConsentCommands | None = None,
    ) -> tuple[InsightsReport, Notice]:
        """The report (for a chart) and its notice, for an admin."""
        _require_admin(is_admin, language)
        report = await self.report(workspace, language, days)
        how = commands or ConsentCommands()
        return report, report_notice(report, consent_on=how.on, consent_off=how.off)

    async def set_consent(
        self, workspace: WorkspaceKey, allowed: bool, language: Language, *, is_admin: bool
    ) -> Notice:
        _require_admin(is_admin, language)
        erased = await self._store.set_store_declined(workspace, allowed)
        log.info(
            "insights consent changed",
            extra={"platform": workspace.platform, "store_declined": allowed, "erased": erased},
        )
        line = (
            phrase("insights.consent.on", language)
            if allowed
            else phrase("insights.consent.off", language, erased=erased)
        )
        return Notice(language, "confirm", line, private=True)

    async def handle(
        self, workspace: WorkspaceKey, arguments: str, language: Language, *, is_admin: bool
    ) -> Notice:
        """`insights`, `insights <days>`, `insights consent on|off` (the console and Slack)."""
        words = arguments.lower().translate(_DIGITS).split()
        if not words:
            return await self.report_for(workspace, language, is_admin=is_admin)
        if len(words) == 1 and words[0].isdigit():
            days = int(words[0])
            if not 1 <= days <= MAX_DAYS:
                raise InvalidInput(
                    phrase("insights.usage", language), field="days", value=words[0][:6]
                )
            return await self.report_for(workspace, language, is_admin=is_admin, days=days)
        if len(words) == 2 and words[0] in _CONSENT and words[1] in _ON | _OFF:
            allowed = words[1] in _ON
            return await self.set_consent(workspace, allowed, language, is_admin=is_admin)
        raise InvalidInput(phrase("insights.usage", language))


def _require_admin(is_admin: bool, language: Language) -> None:
    if not is_admin:
        raise NotPermitted(phrase("insights.not_permitted", language))
