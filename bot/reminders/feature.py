"""Builds the reminders feature from the core's collaborators: `core.reminders`."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from bot.knowledge import KnowledgeBase
from bot.ports import Clock, ProfileStore
from bot.profiles import WorkspaceKey
from bot.reminders.commands import ReminderTextCommands
from bot.reminders.console import ConsolePoster
from bot.reminders.content import ReminderComposer
from bot.reminders.ports import ReminderPoster
from bot.reminders.scheduler import ReminderObserver, ReminderScheduler, Sleep
from bot.reminders.service import ReminderService
from bot.reminders.store import ReminderStore
from bot.settings import ReminderSettings
from bot.storage import Database


@dataclass(frozen=True, kw_only=True)
class Reminders:
    """`core.reminders`: what the runner and the adapters use of the feature."""

    service: ReminderService
    scheduler: ReminderScheduler
    commands: ReminderTextCommands

    def register_poster(self, platform: str, poster: ReminderPoster) -> None:
        self.scheduler.register_poster(platform, poster)

    async def run(self) -> None:
        await self.scheduler.run()

    async def stop(self) -> None:
        await self.scheduler.stop()

    async def next_due(self) -> datetime | None:
        return await self.scheduler.next_due()

    def set_metrics(self, observer: ReminderObserver) -> None:
        self.scheduler.set_observer(observer)

    async def stop_workspace(self, workspace: WorkspaceKey) -> int:
        return await self.service.stop_workspace(workspace)


def build_reminders(
    *,
    database: Database,
    profiles: ProfileStore,
    knowledge: KnowledgeBase,
    clock: Clock,
    settings: ReminderSettings,
    sleep: Sleep = asyncio.sleep,
    console_output: TextIO | None = None,
    instance_id: str | None = None,
) -> Reminders:
    """`database` should be the reminders' own connection (see `ReminderStore`)."""
    store = ReminderStore(database=database)
    scheduler = ReminderScheduler(
        store=store,
        composer=ReminderComposer(knowledge=knowledge),
        profiles=profiles,
        clock=clock,
        sleep=sleep,
        grace=timedelta(hours=settings.reminder_grace_hours),
        claim_timeout=timedelta(seconds=settings.reminder_claim_timeout_seconds),
        instance_id=instance_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
        max_in_flight=settings.reminder_max_in_flight,
    )
    if console_output is not None:
        scheduler.register_poster("console", ConsolePoster(output=console_output))
    service = ReminderService(
        store=store,
        profiles=profiles,
        clock=clock,
        max_per_workspace=settings.reminder_max_per_workspace,
        on_change=scheduler.wake,
    )
    return Reminders(
        service=service, scheduler=scheduler, commands=ReminderTextCommands(service=service)
    )
