"""Work still running after Slack was acknowledged: counted in the adapter's work queue
(bot/workqueue.py), so stop() can let it finish and a full queue turns new requests away, and
bounded, so a burst of answers never starves the acks of the requests behind it. What is still
running when the grace period ends is cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.workqueue import WorkQueue


class InFlight:
    def __init__(self, queue: WorkQueue | None = None) -> None:
        self.queue = queue or WorkQueue("slack", in_flight=16, waiting=1000)

    @property
    def running(self) -> int:
        return self.queue.depth

    @asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        # Admitted at the door (the HTTP handler or the Socket Mode handler): counted here
        # whatever the depth, because the request has already been acknowledged.
        async with self.queue.slot():
            yield

    async def drained(self, seconds: float) -> bool:
        """True when everything finished within `seconds`."""
        return await self.queue.drained(seconds)

    def tasks(self) -> set[asyncio.Task[Any]]:
        """The tasks running work now (for cancelling what outlives the grace period)."""
        return self.queue.tasks()
