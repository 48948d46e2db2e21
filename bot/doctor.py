"""`python -m bot doctor`: checks what start-up needs and says what to fix, without changing it.

Configuration, the database (reachable, writable, schema version), the knowledge base, and
which adapters `run` would start. Exit code 0 when all is well, 1 otherwise. The database is
only read (and a write lock taken and released), never migrated or created.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import aiosqlite

from bot import __version__
from bot.errors import ConfigurationError, KnowledgeError
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.settings import CoreSettings, Settings, load_settings
from bot.storage import MIGRATIONS

Status = Literal["ok", "warn", "FAIL"]


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
    source = f"environment and {env_file}" if env_file else "environment"
    return Check("configuration", "ok", f"valid ({source})"), settings


def _not_created_yet(path: Path) -> Check | None:
    if path.exists():
        return None
    parent = next((p for p in path.parents if p.exists()), Path("."))
    if os.access(parent, os.W_OK):
        return Check("database", "ok", f"{path} will be created at start-up")
    return Check("database", "FAIL", f"{path} does not exist and {parent} is not writable")


async def check_database(path: Path) -> Check:
    latest = len(MIGRATIONS)
    missing = _not_created_yet(path)
    if missing is not None:
        return missing
    try:
        async with aiosqlite.connect(str(path), isolation_level=None, timeout=2) as connection:
            async with connection.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
            version = int(row[0]) if row else 0
            # Takes and releases the write lock: proves the file and its directory are writable.
            await connection.execute("BEGIN IMMEDIATE")
            await connection.execute("ROLLBACK")
    except Exception as exc:
        return Check("database", "FAIL", f"{path}: {exc}")
    if version > latest:
        return Check(
            "database",
            "FAIL",
            f"{path}: schema version {version} is newer than this release ({latest}); "
            "upgrade the bot",
        )
    if version < latest:
        return Check(
            "database", "ok", f"{path}: schema {version}, will migrate to {latest} at start-up"
        )
    return Check("database", "ok", f"{path}: schema {version} (latest), writable")


def check_knowledge(extra_dir: Path | None) -> Check:
    try:
        knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra_dir)
    except KnowledgeError as exc:
        return Check("knowledge", "FAIL", str(exc))
    extra = f" (including {extra_dir})" if extra_dir else ""
    return Check("knowledge", "ok", f"{len(knowledge.entries)} entries loaded{extra}")


def check_adapters(settings: Settings) -> Check:
    started: list[str] = []
    if settings.slack.enabled:
        mode = "Socket Mode" if settings.slack.socket_mode else "HTTP mode"
        started.append(f"Slack ({mode}{', OAuth' if settings.slack.oauth else ''})")
    if settings.discord.enabled:
        started.append("Discord")
    needs_http = (settings.slack.enabled and not settings.slack.socket_mode) or (
        settings.http.health_server
    )
    http = (
        f"; HTTP on {settings.http.http_host}:{settings.http.http_port}"
        " (/healthz, /readyz, /metrics)"
        if needs_http
        else ""
    )
    if started:
        return Check("adapters", "ok", ", ".join(started) + http)
    if settings.http.health_server:
        return Check("adapters", "warn", "no Slack or Discord tokens: headless" + http)
    return Check("adapters", "warn", "no Slack or Discord tokens: `run` starts the console")


async def run_checks(env_file: str | Path | None = ".env") -> list[Check]:
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
        checks.append(Check("database", "FAIL", "skipped: fix the configuration first"))
        checks.append(Check("knowledge", "FAIL", "skipped: fix the configuration first"))
    else:
        checks.append(await check_database(core.database_path))
        checks.append(check_knowledge(core.knowledge_extra_dir))
    if settings is not None:
        checks.append(check_adapters(settings))
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


def main(env_file: str | Path | None = ".env", out: TextIO | None = None) -> int:
    checks = asyncio.run(run_checks(env_file))
    print(render(checks), file=out or sys.stdout)
    return 1 if any(check.status == "FAIL" for check in checks) else 0
