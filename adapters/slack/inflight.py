"""Work still running after Slack was acknowledged: counted, so stop() can let it finish, and
bounded, so a burst of answers never starves the acks of the requests behind it. What is still
running when the grace period ends is cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InFlight:
    def __init__(self, *, limit: int = 16) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tasks: list[asyncio.Task[object]] = []  # one entry per `work()` being run
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> int:
        return len(self._tasks)

    @asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        assert task is not None  # listeners always run in a task
        self._tasks.append(task)
        self._idle.clear()
        try:
            async with self._slots:
                yield
        finally:
            self._tasks.remove(task)
            if not self._tasks:
                self._idle.set()

    async def drained(self, seconds: float) -> bool:
        """True when everything finished within `seconds`."""
        try:
            await asyncio.wait_for(self._idle.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    def tasks(self) -> set[asyncio.Task[object]]:
        """The tasks running work now (for cancelling what outlives the grace period)."""
        return {task for task in self._tasks if not task.done()}
