"""The PostgreSQL backend through asyncpg (DATABASE_URL): for several replicas on one database.

A pool of connections serves every coroutine, so unlike SQLite no statement waits behind
another's transaction in this process; PostgreSQL's row locks and advisory locks keep the
processes apart. Migrations run under a session advisory lock: replicas starting together
take turns, and the first one migrates.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from bot.errors import StorageError
from bot.storage.base import POSTGRESQL, ClosedOnExit, Dialect, Row
from bot.storage.migrations import POSTGRES_MIGRATIONS

log = logging.getLogger(__name__)

# Advisory lock ids are one shared 64-bit space per database; ours are derived from our name.
_SCHEMA_LOCK = 0x76616C7565_01  # "value" + 1: migrations and every other schema change
_ACQUIRE_TIMEOUT = 10.0
_CONNECT_TIMEOUT = 10.0
_COMMAND_TIMEOUT = 30.0
_LISTEN_RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)

# What asyncpg raises when the server refuses, drops or cannot be reached.
_FAILURES: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
    TimeoutError,
)


_FAILURES_OR_BAD_URL: tuple[type[BaseException], ...] = (*_FAILURES, ValueError)


def describe_url(url: str) -> str:
    """user@host:port/database — the URL without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path or '/'}"


class PostgresDatabase(ClosedOnExit):
    """`database = await PostgresDatabase.open(url)`; `await database.close()` at the end."""

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self._url = url
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._listen_task: asyncio.Task[None] | None = None
        self._listening: asyncpg.Connection[Any] | None = None
        self._turns: set[asyncio.Task[None]] = set()
        self._closing = False

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        migrations: Sequence[str] = POSTGRES_MIGRATIONS,
        pool_size: int = 10,
        migrate: bool = True,
        check_schema: bool = True,
    ) -> PostgresDatabase:
        """`migrate`: bring the schema up to date (under the schema lock); else, with
        `check_schema`, refuse a schema other than this release's."""
        where = describe_url(url)
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                # One more than asked: the schema lock holds a connection while others work.
                max_size=pool_size + 1,
                timeout=_CONNECT_TIMEOUT,
                command_timeout=_COMMAND_TIMEOUT,
                reset=_reset,
            )
        except _FAILURES_OR_BAD_URL as exc:
            raise StorageError(f"cannot connect to {where}: {_reason(exc)}") from exc
        database = cls(pool, url)
        try:
            if migrate:
                await database.migrate(migrations)
            elif check_schema:
                await database._require_version(len(migrations))
        except BaseException:
            await pool.close()
            raise
        return database

    @property
    def dialect(self) -> Dialect:
        return POSTGRESQL

    @property
    def description(self) -> str:
        return describe_url(self._url)

    async def close(self) -> None:
        self._closing = True
        for turn in list(self._turns):
            turn.cancel()
        await asyncio.gather(*self._turns, return_exceptions=True)
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listen_task
        await self._pool.close()

    # -- statements ---------------------------------------------------------------------------

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self.autocommit() as statements:
            return await statements.execute(sql, params)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self.autocommit() as statements:
            return await statements.fetch_all(sql, params)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[PostgresStatements]:
        async with self._failures(), self._pool.acquire(timeout=_ACQUIRE_TIMEOUT) as connection:
            yield PostgresStatements(connection)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresStatements]:
        """READ COMMITTED, as PostgreSQL defaults to; callers lock what they read to change."""
        async with (
            self._failures(),
            self._pool.acquire(timeout=_ACQUIRE_TIMEOUT) as connection,
            connection.transaction(),
        ):
            yield PostgresStatements(connection)

    async def column_names(self, table: str) -> list[str]:
        async with self._failures(), self._pool.acquire(timeout=_ACQUIRE_TIMEOUT) as connection:
            statement = await connection.prepare(
                f"SELECT * FROM {table} LIMIT 0"  # noqa: S608 - table names are ours
            )
            return [attribute.name for attribute in statement.get_attributes()]

    # -- schema -------------------------------------------------------------------------------

    @asynccontextmanager
    async def schema_lock(self) -> AsyncIterator[None]:
        """Held while this process changes the schema; other processes wait their turn."""
        async with self._failures(), self._pool.acquire(timeout=_ACQUIRE_TIMEOUT) as connection:
            # No command timeout here: waiting for another replica's migration is expected.
            await connection.execute("SELECT pg_advisory_lock($1)", _SCHEMA_LOCK, timeout=None)
            try:
                yield
            finally:
                try:
                    await connection.execute("SELECT pg_advisory_unlock($1)", _SCHEMA_LOCK)
                except _FAILURES:
                    # Never back into the pool holding the lock: closing it releases the lock.
                    connection.terminate()
                    raise

    async def migrate(self, migrations: Sequence[str] = POSTGRES_MIGRATIONS) -> int:
        """Applies what is missing, under the schema lock; returns the schema version."""
        async with self.schema_lock():
            await self.execute(
                "CREATE TABLE IF NOT EXISTS value_advisor_schema ("
                "id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, "
                "migrated_at timestamptz NOT NULL)"
            )
            current = await self.schema_version()
            self._refuse_newer(current, len(migrations))
            for version in range(current + 1, len(migrations) + 1):
                await self._apply(version, migrations[version - 1])
        return len(migrations)

    async def _apply(self, version: int, script: str) -> None:
        try:
            async with self.transaction() as tx:
                await tx.run_script(script)
                await tx.execute(
                    "INSERT INTO value_advisor_schema (id, version, migrated_at) "
                    "VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE "
                    "SET version = excluded.version, migrated_at = excluded.migrated_at",
                    (version, datetime.now(UTC)),
                )
        except StorageError as exc:
            raise StorageError(f"migration {version} failed: {exc}") from exc
        log.info("database migrated", extra={"schema_version": version})

    async def schema_version(self) -> int:
        async with self.autocommit() as statements:
            rows = await statements.fetch_all(
                "SELECT to_regclass('value_advisor_schema') IS NOT NULL"
            )
            if not rows[0][0]:
                return 0
            rows = await statements.fetch_all("SELECT version FROM value_advisor_schema")
        return int(rows[0][0]) if rows else 0

    async def _require_version(self, expected: int) -> None:
        current = await self.schema_version()
        self._refuse_newer(current, expected)
        if current < expected:
            raise StorageError(
                f"the database at {self.description} has schema version {current}, this "
                f"release needs {expected}: run `python -m bot migrate`"
            )

    def _refuse_newer(self, current: int, known: int) -> None:
        if current > known:
            raise StorageError(
                f"the database at {self.description} has schema version {current}, newer than "
                f"this release knows ({known}); upgrade the bot"
            )

    async def writable_problem(self) -> str | None:
        try:
            await self.execute(
                "INSERT INTO write_probe (id, written_at) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
                (datetime.now(UTC),),
            )
        except StorageError as exc:
            return str(exc)
        return None

    # -- turns --------------------------------------------------------------------------------

    async def take_turn(self, key: str, seconds: float) -> None:
        """A session advisory lock on a connection of its own, released `seconds` later."""
        async with self._failures():
            connection = await self._pool.acquire(timeout=_ACQUIRE_TIMEOUT)
            try:
                await connection.execute(
                    "SELECT pg_advisory_lock(hashtextextended($1, 1))", key, timeout=None
                )
            except BaseException:
                await self._pool.release(connection)
                raise
        turn = asyncio.create_task(self._end_turn(connection, key, seconds), name=f"turn:{key}")
        self._turns.add(turn)
        turn.add_done_callback(self._turns.discard)

    async def _end_turn(
        self, connection: asyncpg.pool.PoolConnectionProxy[Any], key: str, seconds: float
    ) -> None:
        try:
            await asyncio.sleep(seconds)
            await connection.execute("SELECT pg_advisory_unlock(hashtextextended($1, 1))", key)
        except asyncio.CancelledError:
            # Closing: ending the session is what releases the lock, and a connection still
            # holding it must never go back into the pool.
            connection.terminate()
            raise
        except _FAILURES:
            log.warning("could not end a turn; closing its connection", extra={"key": key})
            connection.terminate()
        finally:
            await self._pool.release(connection)

    # -- change signals -----------------------------------------------------------------------

    async def notify(self, channel: str) -> None:
        await self.execute("SELECT pg_notify(?, '')", (channel,))

    async def listen(self, channel: str, callback: Callable[[], None]) -> None:
        known = channel in self._listeners
        self._listeners.setdefault(channel, []).append(callback)
        if self._listen_task is None:
            ready = asyncio.get_running_loop().create_future()
            self._listen_task = asyncio.create_task(self._keep_listening(ready), name="pg-listen")
            # The first connection is awaited, so a notify sent after `listen` returns is heard.
            await ready
        elif not known and self._listening is not None:
            async with self._failures():
                await self._listening.add_listener(channel, self._dispatch)

    async def _keep_listening(self, ready: asyncio.Future[None]) -> None:
        """One connection LISTENs on every channel; reconnects when it drops. Polling covers
        the gaps, so a lost connection delays a wake-up and loses nothing."""
        attempt = 0
        while not self._closing:
            if await self._listen_until_lost(ready):
                attempt = 0
            if not ready.done():
                ready.set_result(None)  # callers poll meanwhile; do not hold start-up
            await asyncio.sleep(_LISTEN_RETRY_SECONDS[min(attempt, len(_LISTEN_RETRY_SECONDS) - 1)])
            attempt += 1

    async def _listen_until_lost(self, ready: asyncio.Future[None]) -> bool:
        """True when a connection was made (and later lost)."""
        lost = asyncio.Event()
        try:
            connection = await asyncpg.connect(self._url, timeout=_CONNECT_TIMEOUT)
        except _FAILURES_OR_BAD_URL as exc:
            log.warning("database listener cannot connect", extra={"reason": _reason(exc)})
            return False
        try:
            connection.add_termination_listener(lambda _connection: lost.set())
            for channel in self._listeners:
                await connection.add_listener(channel, self._dispatch)
            self._listening = connection
            if not ready.done():
                ready.set_result(None)
            await lost.wait()
            log.warning("database listener disconnected; reconnecting")
        except _FAILURES as exc:
            log.warning("database listener failed", extra={"reason": _reason(exc)})
        finally:
            self._listening = None
            with contextlib.suppress(*_FAILURES):
                await connection.close(timeout=2)
        return True

    def _dispatch(self, _connection: object, _pid: int, channel: str, _payload: object) -> None:
        for callback in self._listeners.get(channel, ()):
            callback()

    @asynccontextmanager
    async def _failures(self) -> AsyncIterator[None]:
        try:
            yield
        except StorageError:
            raise
        except _FAILURES as exc:
            raise StorageError(
                f"the database at {self.description} failed: {_reason(exc)}"
            ) from exc


class PostgresStatements:
    """Statements on one pooled connection, in a transaction or each on its own."""

    def __init__(self, connection: asyncpg.pool.PoolConnectionProxy[Any]) -> None:
        self._connection = connection

    @property
    def dialect(self) -> Dialect:
        return POSTGRESQL

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        status = await self._connection.execute(_numbered(sql), *params)
        return _row_count(status)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self._connection.fetch(_numbered(sql), *params))

    async def lock(self, key: str) -> None:
        await self._connection.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)

    async def run_script(self, script: str) -> None:
        """Several statements without parameters (a migration)."""
        await self._connection.execute(script)


async def _reset(connection: asyncpg.Connection[Any]) -> None:
    """Run when a connection goes back to the pool. asyncpg's default (unlock advisory locks,
    close cursors, unlisten, reset settings) is one more round trip per statement, tripling
    the cost of a simple query; our connections change no session state except in
    `schema_lock` and `take_turn`, which undo it themselves. A transaction cut short by a
    cancellation is still rolled back."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


@functools.lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …`. Our SQL has no `?` inside literals."""
    pieces = sql.split("?")
    return pieces[0] + "".join(f"${number}{piece}" for number, piece in enumerate(pieces[1:], 1))


def _row_count(status: str) -> int:
    """The count at the end of a command tag: 'INSERT 0 1', 'UPDATE 3', 'DELETE 0'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
