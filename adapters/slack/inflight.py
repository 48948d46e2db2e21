"""Work still running after Slack was acknowledged: counted, so stop() can let it finish, and
bounded, so a burst of answers never starves the acks of the requests behind it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InFlight:
    def __init__(self, *, limit: int = 16) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> int:
        return self._running

    @asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        self._running += 1
        self._idle.clear()
        try:
            async with self._slots:
                yield
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def drained(self, seconds: float) -> bool:
        """True when everything finished within `seconds`."""
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
        except TimeoutError:
            return False
        return True
