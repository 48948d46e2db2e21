"""The command line as an operator or an evaluation script uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import CoreSettings

ROOT = Path(__file__).resolve().parents[2]


def run_bot(*args: str, stdin: str = "", tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env["DATABASE_PATH"] = str(tmp_path / "bot.sqlite3")
    env["MATCHER_CACHE_DIR"] = str(CoreSettings().cache_dir.resolve())
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_match_writes_one_json_object_per_input_line(tmp_path: Path) -> None:
    questions = "do I need lots of followers?\n\nهل لازم أكون على Facebook؟\nwhat's the weather?\n"
    result = run_bot("match", stdin=questions, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["4", None, "7", None]
    assert rows[2]["language"] == "ar"
    for row in rows:
        assert {"id", "confidence", "language", "alternatives"} <= set(row)


def test_ask_json_includes_the_plain_answer(tmp_path: Path) -> None:
    result = run_bot("ask", "--json", "can we sell on social media?", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["id"] == "2"
    assert "Dell" in row["answer"]


def test_piped_console_answers_and_exits_at_end_of_input(tmp_path: Path) -> None:
    result = run_bot("run", stdin="do I need lots of followers?\n", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "followers" in result.stdout


@pytest.mark.parametrize("workspace", ["acme"])
def test_workspace_flag_selects_the_profile(tmp_path: Path, workspace: str) -> None:
    run_bot(
        "--workspace",
        workspace,
        "console",
        stdin="profile set platforms=tiktok\n",
        tmp_path=tmp_path,
    )
    answer = run_bot("--workspace", workspace, "ask", "must we be on facebook?", tmp_path=tmp_path)
    assert "TikTok" in answer.stdout
    other = run_bot("--workspace", "other", "ask", "must we be on facebook?", tmp_path=tmp_path)
    assert "TikTok" not in other.stdout
