"""A throwaway PostgreSQL server for tests and benchmarks, from the machine's own binaries.

    python -m tests.postgres_server start FOLDER   # prints the URL; the server keeps running
    python -m tests.postgres_server stop FOLDER    # stops it and removes FOLDER

`.ci/run` starts one and exports TEST_DATABASE_URL; without it, the test session starts its own
(tests/conftest.py). `initdb` refuses to run as root, so as root the server runs as the
`postgres` user on a folder it owns. Durability is off (fsync, synchronous_commit): the data
lives as long as the test run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_USER = "advisor"
_SERVICE_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine (or they would not start)."""


def binaries() -> Path:
    """The folder holding initdb and pg_ctl: PG_BIN, else PATH, else the Debian layout."""
    configured = os.environ.get("PG_BIN")
    if configured:
        return Path(configured)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise PostgresUnavailable("initdb not found (install PostgreSQL or set PG_BIN)")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ThrowawayPostgres:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls, folder: Path | None = None) -> ThrowawayPostgres:
        bin_dir = binaries()
        folder = Path(folder or tempfile.mkdtemp(prefix="advisor-pg-"))
        folder.mkdir(parents=True, exist_ok=True)
        data = folder / "data"
        as_service_user = os.geteuid() == 0
        if as_service_user:
            account = pwd.getpwnam(_SERVICE_USER)
            folder.chmod(0o755)
            os.chown(folder, account.pw_uid, account.pw_gid)
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                _USER,
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            as_service_user,
        )
        port = _free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-p {port}",
                f"-c unix_socket_directories={data}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
            ]
        )
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            as_service_user,
        )
        (folder / "port").write_text(str(port))
        return cls(folder=folder, port=port)

    @classmethod
    def attach(cls, folder: Path) -> ThrowawayPostgres:
        # No port file: the start failed before the server listened; stop() still cleans up.
        port_file = folder / "port"
        return cls(folder=folder, port=int(port_file.read_text()) if port_file.exists() else 0)

    def stop(self) -> None:
        data = self.folder / "data"
        if data.exists():
            subprocess.run(
                _as(
                    [str(binaries() / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                    os.geteuid() == 0,
                ),
                capture_output=True,
                check=False,
                timeout=60,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


async def create_database(admin_url: str, prefix: str = "advisor") -> str:
    """A new empty database on the server of `admin_url`; returns its URL."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


async def drop_database(admin_url: str, url: str) -> None:
    import asyncpg

    name = urlsplit(url).path.lstrip("/")
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _as(command: list[str], as_service_user: bool) -> list[str]:
    return ["runuser", "-u", _SERVICE_USER, "--", *command] if as_service_user else command


def _run(command: list[str], as_service_user: bool) -> None:
    started = time.monotonic()
    result = subprocess.run(
        _as(command, as_service_user), capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{Path(command[0]).name} failed after {time.monotonic() - started:.1f} s: "
            f"{(result.stderr or result.stdout).strip()[-800:]}"
        )


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print("usage: python -m tests.postgres_server start|stop FOLDER", file=sys.stderr)
        return 2
    command, folder = argv[0], Path(argv[1])
    if command == "start":
        print(ThrowawayPostgres.start(folder).url)
    else:
        ThrowawayPostgres.attach(folder).stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
