"""`python -m bot run`: starts every adapter whose credentials are set, else the console."""

from __future__ import annotations

import asyncio
import logging

from bot.app import open_core
from bot.settings import Settings

log = logging.getLogger(__name__)


async def run(settings: Settings, *, workspace_id: str = "local") -> int:
    if not settings.slack.enabled and not settings.discord.enabled:
        from adapters.console import run_console

        async with open_core(
            settings.core.database_path, extra_dir=settings.core.knowledge_extra_dir
        ) as core:
            return await run_console(core.commands, workspace_id=workspace_id)
    async with open_core(
        settings.core.database_path, extra_dir=settings.core.knowledge_extra_dir
    ) as core:
        tasks: list[asyncio.Task[None]] = []
        if settings.slack.enabled:
            from adapters.slack.runtime import serve_slack

            tasks.append(asyncio.create_task(serve_slack(settings, core), name="slack"))
        if settings.discord.enabled:
            from adapters.discord.runtime import serve_discord

            tasks.append(asyncio.create_task(serve_discord(settings, core), name="discord"))
        await asyncio.gather(*tasks)
    return 0
