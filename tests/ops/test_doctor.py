"""`python -m bot doctor` on a good setup and on broken ones."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path

import pytest

from bot.doctor import main
from bot.storage import SQLITE_MIGRATIONS, SqliteDatabase

from .support import bot_env, run_bot


def _doctor(env_file: Path | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = main(env_file, out=out)
    return code, out.getvalue()


def _line(report: str, check: str) -> str:
    return next(line for line in report.splitlines() if line.split()[1:2] == [check])


def test_good_setup_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "advisor.sqlite3"

    async def migrate() -> None:
        await (await SqliteDatabase.open(database)).close()

    asyncio.run(migrate())
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-2-abc")
    code, report = _doctor()
    assert code == 0, report
    assert _line(report, "configuration").split()[0] == "ok"
    assert f"schema {len(SQLITE_MIGRATIONS)} (latest), writable" in _line(report, "database")
    assert "entries loaded" in _line(report, "knowledge")
    assert "Slack (Socket Mode)" in _line(report, "adapters")
    assert report.rstrip().endswith("All checks passed.")


def test_fresh_install_is_fine_and_says_what_run_starts(tmp_path: Path) -> None:
    code, report = _doctor()
    assert code == 0, report
    assert "will be created at start-up" in _line(report, "database")
    assert "starts the console" in _line(report, "adapters")
    assert not (tmp_path / "data" / "advisor.sqlite3").exists()  # checked, not created


def test_bad_configuration_names_each_variable(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("HTTP_PORT=abc\nDISCORD_GATEWAY_URL=http://x\n", encoding="utf-8")
    code, report = _doctor(env_file)
    assert code == 1
    assert _line(report, "configuration").split()[0] == "FAIL"
    assert "HTTP_PORT" in report
    assert "DISCORD_GATEWAY_URL" in report
    # The rest is still checked: one run shows every problem.
    assert _line(report, "knowledge").split()[0] == "ok"
    assert report.rstrip().endswith("Problems: configuration.")


def test_database_from_a_newer_release_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "advisor.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute(f"PRAGMA user_version = {len(SQLITE_MIGRATIONS) + 1}")
    monkeypatch.setenv("DATABASE_PATH", str(database))
    code, report = _doctor()
    assert code == 1
    assert "newer than this release" in _line(report, "database")


def test_older_database_will_be_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "advisor.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA user_version = 1")
    monkeypatch.setenv("DATABASE_PATH", str(database))
    code, report = _doctor()
    assert code == 0
    assert f"will migrate to {len(SQLITE_MIGRATIONS)}" in _line(report, "database")


def test_unreadable_database_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "advisor.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    code, report = _doctor()
    assert code == 1
    assert _line(report, "database").split()[0] == "FAIL"


def test_broken_team_knowledge_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    (extra / "broken.toml").write_text('id = "ours"\nkind = "claim"\n', encoding="utf-8")
    monkeypatch.setenv("KNOWLEDGE_EXTRA_DIR", str(extra))
    code, report = _doctor()
    assert code == 1
    assert "broken.toml" in report
    assert _line(report, "knowledge").split()[0] == "FAIL"


def test_python_m_bot_doctor_exit_codes(tmp_path: Path) -> None:
    good = run_bot("doctor", cwd=tmp_path, env=bot_env(HEALTH_SERVER="true"))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "headless" in good.stdout
    bad = run_bot("doctor", cwd=tmp_path, env=bot_env(SLACK_BOT_TOKEN="xoxp-wrong-kind"))
    assert bad.returncode == 1
    assert "SLACK_BOT_TOKEN" in bad.stdout
    assert "xoxp-wrong-kind" not in bad.stdout


def test_a_database_path_under_a_file_fails_before_run_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "notes.txt" / "advisor.sqlite3"))

    code, report = _doctor()

    assert code == 1
    assert _line(report, "database").split()[0] == "FAIL"
    assert "cannot be created or written" in report


def test_example_tokens_copied_from_env_example_are_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "advisor.sqlite3"))
    monkeypatch.setenv(
        "DISCORD_TOKEN", "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    )

    code, report = _doctor()

    assert code == 1
    line = _line(report, "configuration")
    assert line.split()[0] == "FAIL"
    assert "DISCORD_TOKEN" in line
    assert "example from .env.example" in line


def test_checks_that_could_not_run_say_skip_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")

    code, report = _doctor()

    assert code == 1
    assert _line(report, "configuration").split()[0] == "FAIL"
    assert _line(report, "database").split()[0] == "skip"
    assert "Problems: configuration." in report


def test_a_damaged_database_fails_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "advisor.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 400)
    raw = bytearray(database.read_bytes())
    raw[4096 * 2 : 4096 * 2 + 600] = b"\xff" * 600
    database.write_bytes(bytes(raw))
    monkeypatch.setenv("DATABASE_PATH", str(database))

    code, report = _doctor()

    assert code == 1
    assert _line(report, "database").split()[0] == "FAIL"


def test_on_postgresql_doctor_reads_the_schema_and_migrate_brings_it_up(
    tmp_path: Path, postgres_url: str
) -> None:
    env = bot_env(DATABASE_URL=postgres_url)

    before = run_bot("doctor", cwd=tmp_path, env=env)
    assert before.returncode == 0, before.stdout + before.stderr
    assert "schema 0; `python -m bot migrate`" in _line(before.stdout, "database")

    migrated = run_bot("migrate", cwd=tmp_path, env=env)
    assert migrated.returncode == 0, migrated.stderr
    latest = len(SQLITE_MIGRATIONS)  # the backends' schemas are versioned in step
    assert f"schema version {latest} (latest)" in migrated.stdout

    after = run_bot("doctor", cwd=tmp_path, env=env)
    assert f"schema {latest} (latest), writable" in _line(after.stdout, "database")
    # Nothing was written beside the SQLite default: DATABASE_PATH is unused.
    assert not (tmp_path / "data" / "advisor.sqlite3").exists()


def test_an_unreachable_postgresql_fails_doctor_without_showing_the_password(
    tmp_path: Path,
) -> None:
    env = bot_env(DATABASE_URL="postgresql://advisor:hunter2@127.0.0.1:1/advisor")

    report = run_bot("doctor", cwd=tmp_path, env=env)

    assert report.returncode == 1
    line = _line(report.stdout, "database")
    assert line.split()[0] == "FAIL"
    assert "postgresql://advisor@127.0.0.1:1/advisor" in line
    assert "DATABASE_URL" in report.stdout
    assert "hunter2" not in report.stdout + report.stderr
