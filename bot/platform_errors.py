"""Counts failed chat-platform API calls for `/metrics`.

Each adapter says how its library's exceptions map to a short label ("ratelimited", "404",
"connection"); everything else — holding the metrics once the runner attaches them, counting,
letting the failure propagate — is the same for every platform and lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.metrics import PlatformErrorObserver

Classify = Callable[[BaseException], "str | None"]


class PlatformErrorCounter:
    """A no-op until `attach`: adapters can count from their first call."""

    def __init__(self, *, platform: str, classify: Classify) -> None:
        self._platform = platform
        self._classify = classify
        self._observer: PlatformErrorObserver | None = None

    def attach(self, observer: PlatformErrorObserver) -> None:
        self._observer = observer

    def count(self, exc: BaseException) -> None:
        """Counts `exc` when it is a failed API call (a bug or a user mistake is not)."""
        kind = self._classify(exc)
        if kind is not None and self._observer is not None:
            self._observer.platform_error(self._platform, kind)

    @contextmanager
    def counting(self) -> Iterator[None]:
        """Counts a failure of the calls inside and lets it propagate unchanged."""
        try:
            yield
        except Exception as exc:
            self.count(exc)
            raise
