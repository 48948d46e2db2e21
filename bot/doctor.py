"""`python -m bot doctor`: checks what start-up needs and says what to fix.

Configuration (including example values copied from .env.example), the database (its folder
created as `run` would create it, the file readable, intact, writable, with room to grow, its
schema version), the matcher's cache folder (written to, as `run` will), the knowledge base,
and which adapters `run` would start; with `--online`, each configured platform's token tried
against the platform (`Adapter.check_online`). Exit code 0 when all is well, 1 otherwise. An
existing database is never migrated: a write lock is taken and released.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import aiosqlite

from bot import __version__
from bot.discovery import installed_adapters
from bot.errors import ConfigurationError, KnowledgeError, StorageError
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.settings import CoreSettings, Settings, load_settings
from bot.storage import SQLITE_MIGRATIONS, DatabaseTarget, PostgresDatabase

Status = Literal["ok", "warn", "skip", "FAIL"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def check_configuration(env_file: str | Path | None) -> tuple[Check, Settings | None]:
    try:
        settings = load_settings(env_file)
    except ConfigurationError as exc:
        return Check("configuration", "FAIL", str(exc)), None
    copied = [
        name
        for adapter in installed_adapters()
        for name, value in adapter.example_values.items()
        if _value(settings.adapters.get(adapter.name), name) == value
    ]
    if copied:
        return Check(
            "configuration",
            "FAIL",
            f"{', '.join(copied)} still hold the example from .env.example; "
            "paste the real value from the platform's developer page",
        ), settings
    source = f"environment and {env_file}" if env_file else "environment"
    return Check("configuration", "ok", f"valid ({source})"), settings


def _value(area: object, name: str) -> str | None:
    value = getattr(area, name.lower(), None)
    if value is None:
        return None
    reveal = getattr(value, "get_secret_value", None)
    return str(reveal() if reveal is not None else value)


def _writable_folder(folder: Path, what: str) -> str | None:
    """Creates `folder` as start-up would, and writes and removes a file in it; the problem
    when that fails (a path under a file, a read-only or special filesystem), else None."""
    probe = folder / f".doctor-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return f"{what} {folder} cannot be created or written: {exc.strerror or exc}"
    return None


def _not_created_yet(path: Path) -> Check | None:
    problem = _writable_folder(path.parent, "the database folder")
    if problem is not None:
        return Check("database", "FAIL", problem)
    if path.exists():
        return None
    return Check("database", "ok", f"{path} will be created at start-up")


def check_cache(folder: Path) -> Check:
    problem = _writable_folder(folder, "the matcher cache folder")
    if problem is not None:
        return Check("matcher cache", "FAIL", problem + " (set MATCHER_CACHE_DIR)")
    return Check("matcher cache", "ok", f"{folder} writable")


async def check_database(path: Path, *, min_free_bytes: int = 0) -> Check:
    missing = _not_created_yet(path)
    if missing is not None:
        return missing
    try:
        version, integrity = await _read_sqlite(path)
    except Exception as exc:
        return Check("database", "FAIL", f"{path}: {exc}")
    if integrity != ["ok"]:
        damage = "; ".join(integrity[:3])
        return Check("database", "FAIL", f"{path} is damaged ({damage}); restore it from a backup")
    free = shutil.disk_usage(path.parent).free
    if free < min_free_bytes:
        return Check(
            "database",
            "FAIL",
            f"only {free // 1_000_000} MB free beside {path} (DATABASE_MIN_FREE_MB is "
            f"{min_free_bytes // 1_000_000}); /readyz will fail",
        )
    latest = len(SQLITE_MIGRATIONS)
    return _schema_check(str(path), version, latest, f", will migrate to {latest} at start-up")


async def _read_sqlite(path: Path) -> tuple[int, list[str]]:
    """The file's schema version and what `PRAGMA quick_check` found ("ok" when sound)."""
    async with aiosqlite.connect(str(path), isolation_level=None, timeout=2) as connection:
        async with connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        async with connection.execute("PRAGMA quick_check") as cursor:
            integrity = [str(found[0]) for found in await cursor.fetchall()]
        # Takes and releases the write lock: proves the file and its directory are writable.
        await connection.execute("BEGIN IMMEDIATE")
        await connection.execute("ROLLBACK")
    return (int(row[0]) if row else 0), integrity


def _schema_check(where: str, version: int, latest: int, migrating: str) -> Check:
    """The schema version against this release's: newer fails, older says how it migrates."""
    if version > latest:
        return Check(
            "database",
            "FAIL",
            f"{where}: schema version {version} is newer than this release ({latest}); "
            "upgrade the bot",
        )
    if version < latest:
        return Check("database", "ok", f"{where}: schema {version}{migrating}")
    return Check("database", "ok", f"{where}: schema {version} (latest), writable")


async def check_postgres(url: str) -> Check:
    """Connects without migrating, reads the schema version, and takes and releases a write."""
    target = DatabaseTarget(path=Path(":memory:"), url=url)
    where = target.description
    try:
        database = await PostgresDatabase.open(url, pool_size=1, migrate=False, check_schema=False)
    except StorageError as exc:
        return Check("database", "FAIL", f"{exc} (check DATABASE_URL)")
    try:
        version = await database.schema_version()
        async with database.transaction() as tx:
            await tx.execute("CREATE TEMPORARY TABLE doctor_probe (id integer) ON COMMIT DROP")
    except StorageError as exc:
        return Check("database", "FAIL", f"{where}: {exc}")
    finally:
        await database.close()
    latest = target.latest_version
    migrating = f"; `python -m bot migrate` (or the first start) brings it to {latest}"
    return _schema_check(where, version, latest, migrating)


def check_knowledge(extra_dir: Path | None) -> Check:
    try:
        knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra_dir)
    except KnowledgeError as exc:
        return Check("knowledge", "FAIL", str(exc))
    extra = f" (including {extra_dir})" if extra_dir else ""
    return Check("knowledge", "ok", f"{len(knowledge.entries)} entries loaded{extra}")


def check_adapters(settings: Settings) -> Check:
    platforms = [adapter for adapter in installed_adapters() if adapter.settings_model]
    started = [adapter for adapter in platforms if adapter.enabled(settings)]
    needs_http = settings.http.health_server or any(a.needs_http(settings) for a in started)
    http = (
        f"; HTTP on {settings.http.http_host}:{settings.http.http_port}"
        " (/healthz, /readyz, /metrics)"
        if needs_http
        else ""
    )
    if started:
        return Check("adapters", "ok", ", ".join(a.describe(settings) for a in started) + http)
    tokens = f"no {' or '.join(adapter.title for adapter in platforms)} tokens"
    if settings.http.health_server:
        return Check("adapters", "warn", f"{tokens}: headless" + http)
    return Check("adapters", "warn", f"{tokens}: `run` starts the console")


async def check_online(settings: Settings) -> list[Check]:
    """Each configured platform's credentials, tried against it (`doctor --online`)."""
    checks: list[Check] = []
    for adapter in installed_adapters():
        if adapter.enabled(settings):
            found = await adapter.check_online(settings)
            if found is not None:
                checks.append(found)
    return checks or [Check("online", "skip", "no platform token to try")]


async def run_checks(env_file: str | Path | None = ".env", *, online: bool = False) -> list[Check]:
    configuration, settings = check_configuration(env_file)
    checks = [configuration]
    core: CoreSettings | None = settings.core if settings is not None else None
    if core is None:
        try:
            # The database and knowledge can still be checked when only another area is bad.
            core = CoreSettings(_env_file=env_file)  # type: ignore[call-arg]
        except Exception:
            core = None
    if core is None:
        checks.append(Check("database", "skip", "fix the configuration first"))
        checks.append(Check("knowledge", "skip", "fix the configuration first"))
    else:
        checks.append(
            await check_postgres(core.database_url.get_secret_value())
            if core.database_url is not None
            else await check_database(
                core.database_path, min_free_bytes=core.database_min_free_bytes
            )
        )
        checks.append(check_cache(core.cache_dir))
        checks.append(check_knowledge(core.knowledge_extra_dir))
    if settings is not None:
        checks.append(check_adapters(settings))
        if online:
            checks.extend(await check_online(settings))
    return checks


def render(checks: Sequence[Check]) -> str:
    width = max(len(check.name) for check in checks)
    lines = [f"value-advisor {__version__} doctor"]
    for check in checks:
        first, *rest = check.detail.splitlines() or [""]
        lines.append(f"  {check.status:<4}  {check.name:<{width}}  {first}")
        lines.extend(f"  {'':<4}  {'':<{width}}  {line.strip()}" for line in rest)
    failed = [check.name for check in checks if check.status == "FAIL"]
    lines.append(f"Problems: {', '.join(failed)}." if failed else "All checks passed.")
    return "\n".join(lines)


def main(
    env_file: str | Path | None = ".env", out: TextIO | None = None, *, online: bool = False
) -> int:
    checks = asyncio.run(run_checks(env_file, online=online))
    print(render(checks), file=out or sys.stdout)
    return 1 if any(check.status == "FAIL" for check in checks) else 0
