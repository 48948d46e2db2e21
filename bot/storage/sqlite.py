"""The SQLite backend through aiosqlite: the embedded default (DATABASE_PATH).

One connection per process, in WAL mode so readers never wait for the writer and a second
process can share the file. `PRAGMA user_version` is the schema version; each migration runs
once, in order, inside a transaction.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.errors import StorageError
from bot.storage.base import SQLITE, ClosedOnExit, Dialect, Row, iso_text
from bot.storage.migrations import SQLITE_MIGRATIONS

log = logging.getLogger(__name__)


class SqliteDatabase(ClosedOnExit):
    """Owns the connection; `async with await SqliteDatabase.open(path) as db:`.

    The connection is in autocommit mode and shared by every coroutine, so a multi-statement
    transaction holds `lock` from BEGIN to COMMIT; single statements take it too, so nothing
    lands inside (or is rolled back with) another coroutine's transaction.

    Every sqlite3 failure surfaces as `StorageError`. Before each write the file is checked to
    still be the one opened: SQLite keeps writing to a file whose directory was removed, and
    those writes would be acknowledged and then lost.
    """

    def __init__(
        self,
        connection: aiosqlite.Connection,
        path: Path,
        *,
        min_free_bytes: int = 0,
    ) -> None:
        self.connection = connection
        self.path = path
        self.lock = asyncio.Lock()
        self._min_free_bytes = min_free_bytes
        self._identity = _file_identity(path)
        self._turn_locks: dict[str, asyncio.Lock] = {}
        self._turn_files: set[Any] = set()

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        migrations: Sequence[str] = SQLITE_MIGRATIONS,
        min_free_bytes: int = 0,
    ) -> SqliteDatabase:
        path = Path(path)
        if _in_memory(path):
            return await cls._connect(path, migrations, min_free_bytes)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the folder for the database at {path}: {exc}"
            ) from exc
        # Processes starting together on a fresh file take turns: WAL switch, integrity check
        # and migrations each need the file to themselves.
        async with startup_lock(path):
            return await cls._connect(path, migrations, min_free_bytes)

    @classmethod
    async def _connect(
        cls, path: Path, migrations: Sequence[str], min_free_bytes: int
    ) -> SqliteDatabase:
        try:
            connection = await aiosqlite.connect(str(path), isolation_level=None)
        except Exception as exc:
            raise StorageError(f"cannot open the database at {path}: {exc}") from exc
        try:
            for pragma in _PRAGMAS:
                await connection.execute(pragma)
            await _check_integrity(connection, path)
            database = cls(connection, path, min_free_bytes=min_free_bytes)
            await database._migrate(migrations)
        except BaseException as exc:
            # Close now: an open aiosqlite thread would outlive the event loop.
            await connection.close()
            if isinstance(exc, StorageError) or not isinstance(exc, Exception):
                raise
            raise StorageError(f"cannot open the database at {path}: {exc}") from exc
        return database

    @property
    def dialect(self) -> Dialect:
        return SQLITE

    @property
    def description(self) -> str:
        return str(self.path)

    async def close(self) -> None:
        for handle in self._turn_files:
            handle.close()  # turns still running end with the process's use of the database
        self._turn_files.clear()
        await self.connection.close()

    async def schema_version(self) -> int:
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self, migrations: Sequence[str]) -> None:
        current = await self.schema_version()
        if current > len(migrations):
            raise StorageError(
                f"the database at {self.path} has schema version {current}, newer than this "
                f"release knows ({len(migrations)}); upgrade the bot"
            )
        for version in range(current + 1, len(migrations) + 1):
            # BEGIN IMMEDIATE takes the write lock first, so two processes starting together
            # cannot both apply the same migration.
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                if await self.schema_version() >= version:
                    await self.connection.execute("ROLLBACK")
                    continue
                for statement in _split(migrations[version - 1]):
                    await self.connection.execute(statement)
                await self.connection.execute(f"PRAGMA user_version = {version}")
                await self.connection.execute("COMMIT")
            except Exception as exc:
                await self.connection.execute("ROLLBACK")
                raise StorageError(f"migration {version} failed: {exc}") from exc
            log.info("database migrated", extra={"schema_version": version})

    def file_problem(self) -> str | None:
        """Why the file opened is no longer the file at `path`; None when it still is."""
        if self._identity is None:
            return None
        try:
            now = _file_identity(self.path)
        except OSError as exc:
            return f"the database file at {self.path} cannot be read: {exc.strerror}"
        if now is None:
            return f"the database file at {self.path} was removed while the bot was running"
        if now != self._identity:
            return f"the database file at {self.path} was replaced while the bot was running"
        return None

    async def writable_problem(self) -> str | None:
        """Why the database cannot take writes now (for readiness); None when it can."""
        problem = self.file_problem()
        if problem is not None:
            return problem
        if self._min_free_bytes and not _in_memory(self.path):
            try:
                free = shutil.disk_usage(self.path.parent).free
            except OSError as exc:
                return f"cannot read the free space beside {self.path}: {exc.strerror}"
            if free < self._min_free_bytes:
                return (
                    f"only {free // 1_000_000} MB free beside {self.path} "
                    f"(DATABASE_MIN_FREE_MB is {self._min_free_bytes // 1_000_000})"
                )
        try:
            await self.execute(
                "INSERT INTO write_probe (id, written_at) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
                (datetime.now(UTC),),
            )
        except StorageError as exc:
            return str(exc)
        return None

    def _check_file(self) -> None:
        problem = self.file_problem()
        if problem is not None:
            raise StorageError(problem)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self.lock, _failures_as_storage_errors():
            return await _fetch(self.connection, sql, params)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self.lock, _failures_as_storage_errors():
            self._check_file()
            return await _run(self.connection, sql, params)

    async def column_names(self, table: str) -> list[str]:
        async with (
            self.lock,
            _failures_as_storage_errors(),
            self.connection.execute(
                f"SELECT * FROM {table} LIMIT 0"  # noqa: S608 - table names are ours
            ) as cursor,
        ):
            return [column[0] for column in cursor.description]

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[SqliteStatements]:
        """Holds the lock for statements that are atomic on their own."""
        async with self.lock, _failures_as_storage_errors():
            self._check_file()
            yield SqliteStatements(self.connection)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteStatements]:
        """`async with db.transaction() as tx:` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK."""
        async with self.lock, _failures_as_storage_errors():
            self._check_file()
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteStatements(self.connection)
            except BaseException:
                with suppress(sqlite3.Error):
                    await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def take_turn(self, key: str, seconds: float) -> None:
        """A lock file beside the database (processes on this machine), held `seconds`."""
        if _in_memory(self.path):
            lock = self._turn_locks.setdefault(key, asyncio.Lock())
            await lock.acquire()
            asyncio.get_running_loop().call_later(seconds, lock.release)
            return
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        lock_path = self.path.with_name(f"{self.path.name}.turn-{digest}.lock")
        try:
            handle = await asyncio.to_thread(_locked, lock_path)
        except OSError as exc:
            raise StorageError(f"cannot lock {lock_path}: {exc.strerror}") from exc
        self._turn_files.add(handle)

        def end_turn() -> None:
            self._turn_files.discard(handle)
            handle.close()  # closing the descriptor releases the lock

        asyncio.get_running_loop().call_later(seconds, end_turn)

    async def notify(self, channel: str) -> None:
        """Nothing to send: processes sharing a file find changes by polling."""

    async def listen(self, channel: str, callback: Callable[[], None]) -> None:
        """Nothing to hear (see `notify`)."""


@asynccontextmanager
async def _failures_as_storage_errors() -> AsyncIterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(f"the database failed: {exc}") from exc
    except ValueError as exc:
        # aiosqlite's "no active connection" after close; any other ValueError is the caller's
        # own (a profile edit that fails validation inside a transaction) and passes through.
        if "no active connection" not in str(exc):
            raise
        raise StorageError(f"the database is not open: {exc}") from exc


@asynccontextmanager
async def startup_lock(path: Path) -> AsyncIterator[None]:
    """An exclusive lock beside `path`, held while a process sets up the database.

    Also taken by other code that creates tables in the same file (the Slack OAuth store), so
    concurrent first starts never race on DDL or the WAL switch. The lock file stays behind;
    it holds nothing.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        handle = await asyncio.to_thread(_locked, lock_path)
    except OSError as exc:
        raise StorageError(f"cannot lock {lock_path}: {exc.strerror}") from exc
    try:
        yield
    finally:
        handle.close()  # closing the descriptor releases the lock


def _locked(lock_path: Path) -> Any:
    handle = open(lock_path, "a+b")  # noqa: SIM115 - held until the caller closes it
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    except BaseException:
        handle.close()
        raise
    return handle


async def _check_integrity(connection: aiosqlite.Connection, path: Path) -> None:
    async with connection.execute("PRAGMA quick_check") as cursor:
        rows = await cursor.fetchall()
    found = [str(row[0]) for row in rows]
    if found != ["ok"]:
        raise StorageError(
            f"the database at {path} is damaged ({'; '.join(found[:3])}); restore it from a "
            "backup, or move it aside to start with an empty one"
        )


def _in_memory(path: Path) -> bool:
    return str(path) == ":memory:"


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None when there is none (or it is in memory)."""
    if _in_memory(path):
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino)


class SqliteStatements:
    """Statements inside `transaction()` or `autocommit()`; the lock is already held."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    @property
    def dialect(self) -> Dialect:
        return SQLITE

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await _run(self._connection, sql, params)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await _fetch(self._connection, sql, params)

    async def lock(self, key: str) -> None:
        """Nothing to do: the transaction already runs alone (BEGIN IMMEDIATE)."""


def _adapted(params: Sequence[Any]) -> list[Any]:
    # Times are stored as fixed-width UTC text (see `iso_text`).
    return [iso_text(value) if isinstance(value, datetime) else value for value in params]


async def _fetch(connection: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> list[Row]:
    async with connection.execute(sql, _adapted(params)) as cursor:
        return list(await cursor.fetchall())


async def _run(connection: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> int:
    cursor = await connection.execute(sql, _adapted(params))
    count = cursor.rowcount
    await cursor.close()
    return count


# busy_timeout first: switching a fresh file to WAL needs its lock, and a second process
# starting at the same moment must wait for it rather than fail with "database is locked".
_PRAGMAS = (
    "PRAGMA busy_timeout=5000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def _split(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
