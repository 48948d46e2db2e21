"""What every database backend offers the stores: statements, transactions, change signals.

The stores (`bot.storage.stores`, `bot.reminders.store`) write one SQL text for both backends:
`?` placeholders, `ON CONFLICT`, `RETURNING`. Each backend translates what differs (placeholder
style, how times travel) and says through `Dialect` the few clauses only one of them has.
Times go in as aware `datetime`s and come back as whatever the driver returns; `as_utc` reads
both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal, Protocol, Self

Row = Sequence[Any]

# Sent when reminders change, so every process's scheduler looks again at once.
REMINDERS_CHANGED = "value_advisor_reminders"


@dataclass(frozen=True, kw_only=True)
class Dialect:
    name: Literal["sqlite", "postgresql"]
    # Appended to a SELECT that picks rows to change in the same transaction. SQLite has no row
    # locks (BEGIN IMMEDIATE already admits one writer), so it is empty there.
    for_update: str
    # Appended to the SELECT that claims due reminders: concurrent schedulers each take rows
    # nobody else holds instead of queueing behind one another.
    skip_locked: str


SQLITE = Dialect(name="sqlite", for_update="", skip_locked="")
POSTGRESQL = Dialect(
    name="postgresql", for_update=" FOR UPDATE", skip_locked=" FOR UPDATE SKIP LOCKED"
)


class Statements(Protocol):
    """Statements on one connection: in a transaction, or each atomic on its own."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns how many rows it changed."""
        ...

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def lock(self, key: str) -> None:
        """Holds a lock named `key` until the transaction ends, across every process."""
        ...


class Database(Protocol):
    """One backend: SQLite (`bot.storage.sqlite`) or PostgreSQL (`bot.storage.postgres`).

    `execute` and the fetches run one statement each, atomic on its own.
    """

    @property
    def dialect(self) -> Dialect: ...

    @property
    def description(self) -> str:
        """Where the data lives, for messages; never includes a password."""
        ...

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    def transaction(self) -> AbstractAsyncContextManager[Statements]:
        """`async with db.transaction() as tx:` — all of it, or none of it."""
        ...

    def autocommit(self) -> AbstractAsyncContextManager[Statements]:
        """Statements that are atomic on their own, without BEGIN/COMMIT round trips."""
        ...

    async def column_names(self, table: str) -> list[str]: ...

    async def schema_version(self) -> int: ...

    async def writable_problem(self) -> str | None:
        """Why the database cannot take writes now (for readiness); None when it can."""
        ...

    async def notify(self, channel: str) -> None:
        """Tells every process listening on `channel` that something changed."""
        ...

    async def listen(self, channel: str, callback: Callable[[], None]) -> None:
        """Calls `callback` whenever another process (or this one) notifies `channel`.

        Best effort: a backend that cannot (SQLite) does nothing, and callers keep polling.
        """
        ...

    async def take_turn(self, key: str, seconds: float) -> None:
        """Returns when it is this process's turn on `key`; nobody else sharing the database
        gets a turn on `key` until `seconds` later. For rules such as Discord's one login per
        5 seconds, kept by processes that share nothing but the database."""
        ...

    async def close(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ClosedOnExit:
    """`async with await Backend.open(…) as database:` closes it at the end; both backends."""

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


Opener = Callable[[], Awaitable[Database]]


def as_utc(value: object) -> datetime:
    """A stored time as an aware UTC datetime: SQLite gives ISO text, PostgreSQL datetimes."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_text(moment: datetime) -> str:
    """Fixed-width UTC text, so string order is time order (SQLite's storage of times)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
