"""A bounded work queue for one adapter: at most `in_flight` jobs run, at most `waiting` more
wait, and anything beyond is refused at the door instead of piling up in memory.

An adapter asks `admit()` (or `enter()` for a task that is already running) when a request
arrives and, when refused, tells the platform to come back later: Slack gets a non-2xx and
retries the event, Discord users get a polite "busy, try again". Admitted work is counted
until its task ends, so the count is the real backlog and not an estimate.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, Protocol


class WorkObserver(Protocol):
    """Where refusals are counted (bot.metrics.Metrics)."""

    def work_rejected(self, platform: str) -> None: ...


class WorkQueue:
    def __init__(
        self, name: str, *, in_flight: int, waiting: int, observer: WorkObserver | None = None
    ) -> None:
        if in_flight < 1 or waiting < 0:
            raise ValueError("in_flight must be >= 1 and waiting >= 0")
        self.name = name
        self.in_flight = in_flight
        self.limit = in_flight + waiting
        self.observer = observer
        self._slots = asyncio.Semaphore(in_flight)
        self._admitted: set[asyncio.Task[Any]] = set()
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def depth(self) -> int:
        """Admitted work not finished yet: running plus waiting."""
        return len(self._admitted)

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return max(0, self.depth - self._running)

    def has_room(self) -> bool:
        return self.depth < self.limit

    def enter(self, task: asyncio.Task[Any] | None = None, *, force: bool = False) -> bool:
        """Counts `task` (default: the current one) until it ends; False when full.

        `force` admits regardless, for work already promised to the platform (an event that
        was acknowledged before its listener ran): it still shows in the depth.
        """
        task = task or asyncio.current_task()
        if task is None:
            raise RuntimeError("WorkQueue.enter needs a task")
        if task in self._admitted:
            return True
        if not force and not self.has_room():
            self.reject()
            return False
        self._admitted.add(task)
        self._idle.clear()
        task.add_done_callback(self._left)
        return True

    def submit(self, work: Coroutine[Any, Any, None], *, name: str | None = None) -> bool:
        """Runs `work` in a task of its own when there is room; closes it unrun otherwise."""
        if not self.has_room():
            work.close()
            self.reject()
            return False
        task = asyncio.create_task(work, name=name)
        self.enter(task, force=True)
        return True

    def reject(self) -> None:
        if self.observer is not None:
            self.observer.work_rejected(self.name)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Waits for one of the `in_flight` places, the current task counted meanwhile."""
        self.enter(force=True)
        async with self._slots:
            self._running += 1
            try:
                yield
            finally:
                self._running -= 1

    async def drained(self, seconds: float) -> bool:
        """True when all admitted work ended within `seconds`."""
        try:
            await asyncio.wait_for(self._idle.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    def tasks(self) -> set[asyncio.Task[Any]]:
        return {task for task in self._admitted if not task.done()}

    def _left(self, task: asyncio.Task[Any]) -> None:
        self._admitted.discard(task)
        if not self._admitted:
            self._idle.set()
