"""Socket Mode with the adapter's work queue at the door.

slack_sdk runs each envelope in a task of its own and bolt acks it. When the queue is full an
event is not acknowledged at all: Slack counts it as failed and delivers it again later (with
`retry_attempt` 1, 2, 3), which is the Socket Mode form of HTTP's "503, retry later". Slash
commands and clicks come from people one at a time and are never retried by Slack, so they
are always taken (and counted).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.http import rejections
from bot.workqueue import WorkQueue


class QueuedSocketModeHandler(AsyncSocketModeHandler):
    def __init__(
        self, app: AsyncApp, *, app_token: str, web_client: AsyncWebClient, work: WorkQueue
    ) -> None:
        super().__init__(app, app_token=app_token, web_client=web_client)
        self._work = work

    async def handle(self, client: Any, req: Any) -> None:
        if req.type == "events_api" and not self._work.enter():
            rejections.warning("slack event left unacknowledged", reason="work queue full")
            return
        self._work.enter(force=True)
        await super().handle(client, req)
