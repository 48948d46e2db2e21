"""SQLite persistence through aiosqlite: schema migrations, profiles, feedback, event ledger.

One connection per process, in WAL mode so readers never wait for the writer and a second
process can share the file. `PRAGMA user_version` is the schema version; each migration runs
once, in order, inside a transaction.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import aiosqlite

from bot.errors import StorageError
from bot.ports import Clock, Vote
from bot.profiles import AudienceProfile, StoredProfile, WorkspaceKey

log = logging.getLogger(__name__)

# Append only: a released migration is never edited. Tables that hold a workspace's data carry
# (platform, workspace_id) so export and forget can find every row.
MIGRATIONS: list[str] = [
    # 1: profiles, feedback, event ledger
    """
    CREATE TABLE profiles (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id)
    );
    CREATE TABLE feedback (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        answer_ref TEXT NOT NULL,
        user_id TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, answer_ref, user_id)
    );
    CREATE TABLE processed_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
    );
    CREATE INDEX processed_events_seen ON processed_events (seen_at);
    """,
    # 2: weekly reminders and what became of each scheduled occurrence (bot.reminders)
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        local_time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        note TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
        pause_kind TEXT,
        pause_detail TEXT,
        next_run_utc TEXT NOT NULL,
        rotation INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reminders_workspace ON reminders (platform, workspace_id);
    CREATE INDEX reminders_due ON reminders (next_run_utc) WHERE status = 'active';
    CREATE TABLE reminder_occurrences (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reminder_id INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        scheduled_utc TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'skipped', 'paused')),
        reason TEXT,
        rotation INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at TEXT,
        claimed_by TEXT,
        message_id TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (reminder_id, scheduled_utc)
    );
    CREATE INDEX reminder_occurrences_retry ON reminder_occurrences (retry_at)
        WHERE state = 'pending';
    CREATE INDEX reminder_occurrences_workspace ON reminder_occurrences (platform, workspace_id);
    """,
    # 3: one row that readiness rewrites, to prove the file still takes writes
    """
    CREATE TABLE write_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        written_at TEXT NOT NULL
    );
    """,
]

# Tables with (platform, workspace_id) columns, for export and forget. Later migrations that
# add such a table register it here.
# Occurrences before reminders: forget deletes in this order and reports every row it removed.
WORKSPACE_TABLES: list[str] = ["profiles", "feedback", "reminder_occurrences", "reminders"]

_EVENT_RETENTION = timedelta(days=2)


class Database:
    """Owns the connection; `async with Database.open(path) as db:`.

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

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        migrations: Sequence[str] = MIGRATIONS,
        min_free_bytes: int = 0,
    ) -> Database:
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
    async def _connect(cls, path: Path, migrations: Sequence[str], min_free_bytes: int) -> Database:
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

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
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
                (_iso(datetime.now(UTC)),),
            )
        except StorageError as exc:
            return str(exc)
        return None

    def _check_file(self) -> None:
        problem = self.file_problem()
        if problem is not None:
            raise StorageError(problem)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with (
            self.lock,
            _failures_as_storage_errors(),
            self.connection.execute(sql, params) as cursor,
        ):
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        async with (
            self.lock,
            _failures_as_storage_errors(),
            self.connection.execute(sql, params) as cursor,
        ):
            return await cursor.fetchone()

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
    async def writing(self) -> AsyncIterator[None]:
        """Holds the lock for statements that write on their own, run on `connection`."""
        async with self.lock, _failures_as_storage_errors():
            self._check_file()
            yield

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """`async with db.transaction() as tx:` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK."""
        async with self.lock, _failures_as_storage_errors():
            self._check_file()
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self.connection)
            except BaseException:
                with suppress(sqlite3.Error):
                    await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")


@asynccontextmanager
async def _failures_as_storage_errors() -> AsyncIterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(f"the database failed: {exc}") from exc
    except ValueError as exc:  # aiosqlite's "no active connection" after close
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


class Transaction:
    """Statements inside `Database.transaction()`; the lock is already held."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await _run(self._connection, sql, params)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


async def _run(connection: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> int:
    cursor = await connection.execute(sql, params)
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


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


_SAVE_PROFILE = (
    "INSERT INTO profiles (platform, workspace_id, data, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, workspace_id) "
    "DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
)


class SqliteStore:
    """Profiles, feedback, the event ledger and workspace export/forget over one Database."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def get_profile(self, workspace: WorkspaceKey) -> StoredProfile | None:
        row = await self._db.fetch_one(
            "SELECT data, updated_at FROM profiles WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        if row is None:
            return None
        profile = AudienceProfile.model_validate_json(row[0])
        return StoredProfile(profile=profile, updated_at=datetime.fromisoformat(row[1]))

    async def save_profile(self, workspace: WorkspaceKey, profile: AudienceProfile) -> None:
        await self._db.execute(_SAVE_PROFILE, self._profile_row(workspace, profile))

    async def update_profile(
        self, workspace: WorkspaceKey, change: Callable[[AudienceProfile], AudienceProfile]
    ) -> AudienceProfile:
        async with self._db.transaction() as tx:
            rows = await tx.fetch_all(
                "SELECT data FROM profiles WHERE platform = ? AND workspace_id = ?",
                (workspace.platform, workspace.workspace_id),
            )
            current = AudienceProfile.model_validate_json(rows[0][0]) if rows else AudienceProfile()
            updated = change(current)
            await tx.execute(_SAVE_PROFILE, self._profile_row(workspace, updated))
        return updated

    def _profile_row(self, workspace: WorkspaceKey, profile: AudienceProfile) -> tuple[str, ...]:
        return (
            workspace.platform,
            workspace.workspace_id,
            profile.model_dump_json(exclude_none=True),
            _iso(self._clock.now()),
        )

    async def reset_profile(self, workspace: WorkspaceKey) -> bool:
        count = await self._db.execute(
            "DELETE FROM profiles WHERE platform = ? AND workspace_id = ?",
            (workspace.platform, workspace.workspace_id),
        )
        return count > 0

    async def record_feedback(
        self, workspace: WorkspaceKey, *, answer_ref: str, entry_id: str, user: str, vote: Vote
    ) -> None:
        await self._db.execute(
            "INSERT INTO feedback "
            "(platform, workspace_id, answer_ref, user_id, entry_id, vote, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, workspace_id, answer_ref, user_id) "
            "DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
            (
                workspace.platform,
                workspace.workspace_id,
                answer_ref,
                user,
                entry_id,
                vote,
                _iso(self._clock.now()),
            ),
        )

    async def feedback_counts(self, workspace: WorkspaceKey) -> dict[str, dict[Vote, int]]:
        rows = await self._db.fetch_all(
            "SELECT entry_id, vote, COUNT(*) FROM feedback "
            "WHERE platform = ? AND workspace_id = ? GROUP BY entry_id, vote",
            (workspace.platform, workspace.workspace_id),
        )
        counts: dict[str, dict[Vote, int]] = {}
        for entry_id, vote, count in rows:
            counts.setdefault(entry_id, {"up": 0, "down": 0})[cast(Vote, vote)] = int(count)
        return counts

    async def first_delivery(self, platform: str, event_id: str) -> bool:
        now = self._clock.now()
        count = await self._db.execute(
            "INSERT OR IGNORE INTO processed_events (platform, event_id, seen_at) VALUES (?, ?, ?)",
            (platform, event_id, _iso(now)),
        )
        if count and hash(event_id) % 100 == 0:
            # Slack retries for minutes, not days: old ids can go, now and then.
            await self._db.execute(
                "DELETE FROM processed_events WHERE seen_at < ?", (_iso(now - _EVENT_RETENTION),)
            )
        return count > 0

    async def export_workspace(self, workspace: WorkspaceKey) -> dict[str, object]:
        exported: dict[str, object] = {
            "platform": workspace.platform,
            "workspace_id": workspace.workspace_id,
        }
        for table in WORKSPACE_TABLES:
            rows = await self._db.fetch_all(
                f"SELECT * FROM {table} WHERE platform = ? AND workspace_id = ?",  # noqa: S608
                (workspace.platform, workspace.workspace_id),
            )
            columns = await self._db.column_names(table)
            records = []
            for row in rows:
                record = dict(zip(columns, row, strict=True))
                record.pop("platform", None)
                record.pop("workspace_id", None)
                if table == "profiles" and isinstance(record.get("data"), str):
                    record["data"] = json.loads(record["data"])
                records.append(record)
            exported[table] = records
        return exported

    async def forget_workspace(self, workspace: WorkspaceKey) -> int:
        total = 0
        async with self._db.transaction() as tx:
            for table in WORKSPACE_TABLES:
                total += await tx.execute(
                    f"DELETE FROM {table} WHERE platform = ? AND workspace_id = ?",  # noqa: S608
                    (workspace.platform, workspace.workspace_id),
                )
        return total
