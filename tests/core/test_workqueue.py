"""The work queue every adapter puts at its door: bounded, counted, drained on stop."""

from __future__ import annotations

import asyncio

from bot.workqueue import WorkQueue


class Refusals:
    def __init__(self) -> None:
        self.count = 0

    def work_rejected(self, platform: str) -> None:
        assert platform == "test"
        self.count += 1


async def test_beyond_in_flight_plus_waiting_work_is_refused_then_admitted_again() -> None:
    refusals = Refusals()
    queue = WorkQueue("test", in_flight=2, waiting=1, observer=refusals)
    gate = asyncio.Event()
    ran: list[int] = []

    async def job(n: int) -> None:
        async with queue.slot():
            await gate.wait()
            ran.append(n)

    admitted = [queue.submit(job(n)) for n in range(5)]
    await asyncio.sleep(0)
    assert admitted == [True, True, True, False, False]
    assert (queue.depth, queue.running, queue.waiting) == (3, 2, 1)
    assert refusals.count == 2

    gate.set()
    assert await queue.drained(1.0)
    assert sorted(ran) == [0, 1, 2]
    assert queue.depth == 0
    assert queue.submit(job(9))  # room again
    assert await queue.drained(1.0)


async def test_a_running_task_can_be_counted_until_it_ends() -> None:
    queue = WorkQueue("test", in_flight=1, waiting=0)
    gate = asyncio.Event()
    entered: list[bool] = []

    async def handler() -> None:
        entered.append(queue.enter())
        await gate.wait()

    first = asyncio.create_task(handler())
    second = asyncio.create_task(handler())
    await asyncio.sleep(0)
    assert entered == [True, False]
    assert queue.depth == 1
    gate.set()
    await asyncio.gather(first, second)
    assert queue.depth == 0
    assert await queue.drained(0.1)
