"""Persistence: one set of stores over SQLite (embedded default) or PostgreSQL (replicas).

Only this package knows which backend runs. The rest of the bot gets a `Database` (statements,
transactions, change signals) and the stores built on it; `DatabaseTarget` says where the data
lives (DATABASE_URL, else DATABASE_PATH) and opens it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.storage.base import REMINDERS_CHANGED, Database, Dialect, Row, Statements, as_utc
from bot.storage.migrations import POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, WORKSPACE_TABLES
from bot.storage.postgres import PostgresDatabase, describe_url
from bot.storage.sqlite import SqliteDatabase, startup_lock
from bot.storage.stores import SqlStore

__all__ = [
    "POSTGRES_MIGRATIONS",
    "REMINDERS_CHANGED",
    "SQLITE_MIGRATIONS",
    "WORKSPACE_TABLES",
    "Database",
    "DatabaseTarget",
    "Dialect",
    "PostgresDatabase",
    "Row",
    "SqlStore",
    "SqliteDatabase",
    "Statements",
    "as_utc",
    "startup_lock",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the data lives: a PostgreSQL URL when given, else an SQLite file (or :memory:)."""

    path: Path
    url: str | None = None
    pool_size: int = 10

    @classmethod
    def of(cls, where: DatabaseTarget | Path | str) -> DatabaseTarget:
        if isinstance(where, DatabaseTarget):
            return where
        if str(where).startswith(_POSTGRES_SCHEMES):
            return cls(path=Path(":memory:"), url=str(where))
        return cls(path=Path(where))

    @property
    def backend(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def description(self) -> str:
        """For messages and logs: never the password."""
        return describe_url(self.url) if self.url else str(self.path)

    @property
    def in_memory(self) -> bool:
        return self.url is None and str(self.path) == ":memory:"

    @property
    def latest_version(self) -> int:
        return len(POSTGRES_MIGRATIONS if self.url else SQLITE_MIGRATIONS)

    async def open(self, *, min_free_bytes: int = 0, migrate: bool = True) -> Database:
        """Opens (and by default migrates) the database; `StorageError` when it cannot."""
        if self.url:
            return await PostgresDatabase.open(self.url, pool_size=self.pool_size, migrate=migrate)
        return await SqliteDatabase.open(self.path, min_free_bytes=min_free_bytes)

    @property
    def sqlalchemy_url(self) -> str:
        """The same database for SQLAlchemy's async engine (the Slack installation store)."""
        if self.url:
            rest = self.url.split("://", 1)[1]
            return f"postgresql+asyncpg://{rest}"
        if self.in_memory:
            return "sqlite+aiosqlite://"
        return f"sqlite+aiosqlite:///{self.path}"

    @asynccontextmanager
    async def schema_lock(self) -> AsyncIterator[None]:
        """Held by code outside the core's migrations that creates tables in the same database
        (the Slack installation store): replicas starting together take turns."""
        if self.url:
            async with (
                await PostgresDatabase.open(
                    self.url, pool_size=1, migrate=False, check_schema=False
                ) as database,
                database.schema_lock(),
            ):
                yield
        elif self.in_memory:
            yield
        else:
            async with startup_lock(self.path):
                yield
