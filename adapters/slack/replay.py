"""Signed requests seen in the last few minutes, so a replayed one is ignored.

Slack signs each delivery with its timestamp, and the signature is accepted for 5 minutes;
within that window a captured request (an admin's `/advisor reminders add …`) could be sent
again. Slack's own retries carry a new timestamp and signature, so they are not affected.

The memory is per process: with several replicas behind a load balancer, a replay that lands
on another replica is not caught. Such setups need a shared store (the database, or Redis with
a 5-minute TTL) keyed the same way; a single process, the supported setup, is covered.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

WINDOW_SECONDS = 5 * 60


class SeenSignatures:
    def __init__(
        self,
        *,
        window: float = WINDOW_SECONDS,
        capacity: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._window = window
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # signature -> forget after

    def first_time(self, signature: str, timestamp: int) -> bool:
        """True the first time a signature is offered; False for a replay."""
        now = self._clock()
        self._forget_expired(now)
        if signature in self._seen:
            return False
        # Slack accepts a timestamp up to 5 minutes either side of now: keep it that long.
        self._seen[signature] = max(now, timestamp) + self._window
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._seen)

    def _forget_expired(self, now: float) -> None:
        while self._seen:
            signature, until = next(iter(self._seen.items()))
            if until > now:
                return
            del self._seen[signature]
