"""Fixtures every suite may use: a real PostgreSQL for the tests that run on both backends.

The server is TEST_DATABASE_URL's (`.ci/run` starts one) or one this session starts from the
machine's binaries (tests/postgres_server.py). Each test gets its own empty database. Without
binaries the PostgreSQL tests are skipped locally, but REQUIRE_POSTGRES=1 (set by `.ci/run`)
turns that into a failure: CI never passes without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from tests.postgres_server import PostgresUnavailable, ThrowawayPostgres

BACKENDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class PostgresCluster:
    admin_url: str

    def url_for(self, database: str) -> str:
        return urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{database}"))


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
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(postgres_cluster.admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield postgres_cluster.url_for(name)
    admin = await asyncpg.connect(postgres_cluster.admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
