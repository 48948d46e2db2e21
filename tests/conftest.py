"""Fixtures every suite may use: a real PostgreSQL for the tests that run on both backends.

The server is TEST_DATABASE_URL's (`.ci/run` starts one) or one this session starts from the
machine's binaries (tests/postgres_server.py). Each test gets its own empty database. Without
binaries the PostgreSQL tests are skipped locally, but REQUIRE_POSTGRES=1 (set by `.ci/run`)
turns that into a failure: CI never passes without them.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.storage import DatabaseTarget
from tests.incidents import BreakCore, breaker
from tests.postgres_server import (
    PostgresUnavailable,
    ThrowawayPostgres,
    create_database,
    drop_database,
)

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture
def break_core(monkeypatch: pytest.MonkeyPatch) -> BreakCore:
    """Makes one core call fail as a bug would (undone after the test)."""
    return breaker(monkeypatch)


@dataclass(frozen=True)
class PostgresCluster:
    admin_url: str


@pytest.fixture(params=BACKENDS)
def any_backend(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseTarget:
    """The database a test using it runs on: an SQLite file, then a new PostgreSQL database."""
    if request.param == "postgresql":
        return DatabaseTarget.of(request.getfixturevalue("postgres_url"))
    return DatabaseTarget.of(tmp_path / "advisor.sqlite3")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield PostgresCluster(given)
        return
    try:
        server = ThrowawayPostgres.start()
    except PostgresUnavailable as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1): {exc}")
        pytest.skip(f"no PostgreSQL on this machine: {exc}")
    try:
        yield PostgresCluster(server.url)
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_cluster: PostgresCluster) -> AsyncIterator[str]:
    """A new empty database on the shared server, dropped after the test."""
    url = await create_database(postgres_cluster.admin_url, "test")
    yield url
    await drop_database(postgres_cluster.admin_url, url)
