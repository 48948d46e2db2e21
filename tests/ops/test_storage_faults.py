"""A bad day for the disk: readiness says so within seconds, and nobody is left unanswered."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.clock import SystemClock
from bot.errors import StorageError
from bot.health import Readiness, health_routes
from bot.metrics import Metrics
from bot.profiles import AudienceProfile, WorkspaceKey
from bot.storage import SqliteDatabase, SqlStore
from tests.serving import serving

ACME = WorkspaceKey("slack", "T_ACME")


async def _readyz(database: SqliteDatabase) -> AsyncIterator[aiohttp.ClientSession]:
    routes = health_routes(Readiness(database=database), Metrics())
    async with serving(routes) as url, aiohttp.ClientSession(base_url=url) as client:
        yield client


async def _ready_within(
    client: aiohttp.ClientSession, *, status: int, seconds: float
) -> dict[str, object]:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        async with client.get("/readyz") as response:
            body: dict[str, object] = await response.json()
        if response.status == status or asyncio.get_running_loop().time() > deadline:
            assert response.status == status, body
            return body
        await asyncio.sleep(0.2)


async def test_a_vanished_database_folder_turns_readiness_off_and_refuses_writes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    async with await SqliteDatabase.open(folder / "advisor.sqlite3") as database:
        store = SqlStore(database, SystemClock())
        await store.save_profile(ACME, AudienceProfile(goal="leads"))
        async for client in _readyz(database):
            await _ready_within(client, status=200, seconds=1)

            shutil.rmtree(folder)

            body = await _ready_within(client, status=503, seconds=10)
            assert "removed" in str(body["database_problem"])
            # Acknowledging a write that a restart would not find is worse than refusing it.
            with pytest.raises(StorageError, match="removed while the bot was running"):
                await store.save_profile(ACME, AudienceProfile(goal="sales"))


async def test_too_little_free_space_turns_readiness_off_before_writes_fail(
    tmp_path: Path,
) -> None:
    free = shutil.disk_usage(tmp_path).free
    path = tmp_path / "advisor.sqlite3"
    async with await SqliteDatabase.open(path, min_free_bytes=free * 2) as database:
        async for client in _readyz(database):
            body = await _ready_within(client, status=503, seconds=2)
            assert "DATABASE_MIN_FREE_MB" in str(body["database_problem"])


async def _fill_with_profiles(store: SqlStore) -> None:
    for number in range(200):
        await store.save_profile(
            WorkspaceKey("slack", f"T{number}"), AudienceProfile(audience="x" * 200)
        )


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: a disk that really fills up (needs root, as CI and the container have)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


async def test_a_full_disk_turns_readiness_off_and_writes_fail_as_storage_errors(
    tiny_disk: Path,
) -> None:
    async with await SqliteDatabase.open(tiny_disk / "advisor.sqlite3") as database:
        store = SqlStore(database, SystemClock())
        async for client in _readyz(database):
            await _ready_within(client, status=200, seconds=1)
            # Something else fills the disk.
            filler = tiny_disk / "filler"
            with pytest.raises(OSError, match="No space"):
                filler.write_bytes(b"\0" * 2_000_000)
            with pytest.raises(StorageError):
                await _fill_with_profiles(store)
            await _ready_within(client, status=503, seconds=10)


async def test_a_damaged_database_is_refused_at_start_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    async with await SqliteDatabase.open(path) as database:
        store = SqlStore(database, SystemClock())
        for number in range(300):
            await store.save_profile(
                WorkspaceKey("slack", f"T{number}"), AudienceProfile(audience="y" * 300)
            )
    raw = bytearray(path.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 512] = b"\xff" * 512  # overwrite part of a page
    path.write_bytes(bytes(raw))

    with pytest.raises(StorageError, match=r"damaged|malformed|not a database"):
        await SqliteDatabase.open(path)


async def test_four_processes_starting_together_on_a_fresh_file_all_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh" / "advisor.sqlite3"
    script = (
        "import asyncio, sys\n"
        "from bot.storage import SqliteDatabase\n"
        "async def main():\n"
        "    async with await SqliteDatabase.open(sys.argv[1]) as db:\n"
        "        print(await db.schema_version())\n"
        "asyncio.run(main())\n"
    )
    for _ in range(5):
        if path.parent.exists():
            shutil.rmtree(path.parent)
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                script,
                str(path),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=Path(__file__).parents[2],
            )
            for _ in range(4)
        ]
        results = [await process.communicate() for process in processes]
        assert [process.returncode for process in processes] == [0, 0, 0, 0], results
        assert len({out for out, _ in results}) == 1
