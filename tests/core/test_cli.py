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
    assert {"id", "confidence", "language", "intent", "alternatives", "answer", "more"} <= set(row)
    # "more" is the whole answer: the first message, then why and every step in full.
    assert row["more"].startswith(row["answer"])
    assert "Why:" in row["more"]
    assert "Why:" not in row["answer"]
    assert "Social Media Examiner" in row["more"]


def test_ask_json_more_is_the_reply_itself_when_there_is_no_answer(tmp_path: Path) -> None:
    result = run_bot("ask", "--json", "what's a good pizza recipe?", tmp_path=tmp_path)
    row = json.loads(result.stdout)
    assert row["id"] is None
    assert row["more"] == row["answer"]
    assert row["may_help"] == []


def test_ask_json_names_the_entry_that_may_help_a_declined_question(tmp_path: Path) -> None:
    question = "how often should our gym post on instagram?"
    row = json.loads(run_bot("ask", "--json", question, tmp_path=tmp_path).stdout)
    assert row["id"] is None
    assert row["intent"] == "off_topic"
    assert row["may_help"] == ["value"]
    assert "(myth value)" in row["answer"]


def test_ask_more_prints_the_whole_answer(tmp_path: Path) -> None:
    first = run_bot("ask", "can we sell on social media?", tmp_path=tmp_path)
    whole = run_bot("ask", "--more", "can we sell on social media?", tmp_path=tmp_path)
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.startswith(first.stdout.rstrip("\n"))
    assert "Why:" in whole.stdout
    assert "Why:" not in first.stdout
    assert "Social Media Examiner" in whole.stdout


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
    question = ("ask", "--json", "must we be on facebook?")
    answer = run_bot("--workspace", workspace, *question, tmp_path=tmp_path)
    assert "TikTok" in json.loads(answer.stdout)["more"]
    other = run_bot("--workspace", "other", *question, tmp_path=tmp_path)
    assert "TikTok" not in json.loads(other.stdout)["more"]


def test_version_names_the_program(tmp_path: Path) -> None:
    result = run_bot("--version", tmp_path=tmp_path)

    assert result.stdout.strip().startswith("value-advisor ")


def test_global_options_work_after_the_command_too(tmp_path: Path) -> None:
    before = run_bot("--workspace", "acme", "ask", "myths", tmp_path=tmp_path)
    after = run_bot("ask", "myths", "--workspace", "acme", tmp_path=tmp_path)

    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout


def test_discord_help_lists_its_commands(tmp_path: Path) -> None:
    result = run_bot("discord", "--help", tmp_path=tmp_path)

    assert result.returncode == 0
    assert "sync" in result.stdout
    assert "invite" in result.stdout


def test_an_unknown_benchmark_is_named_with_the_choices(tmp_path: Path) -> None:
    result = run_bot("bench", "nope", tmp_path=tmp_path)

    assert result.returncode == 2
    assert "unknown benchmark 'nope'" in result.stderr
    assert "matcher" in result.stderr


def test_bench_runs_every_benchmark_asked_for_even_when_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each benchmark ends with `raise SystemExit(main())`, as `python -m bench.x` wants; the
    next one must run all the same, and a failure must show in the exit code."""
    from bot import cli

    for name, code in (("fast_one", 0), ("broken_one", 3), ("last_one", 0)):
        (tmp_path / f"{name}.py").write_text(f"print('{name} figures')\nraise SystemExit({code})\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "_BENCHES", {n: n for n in ("fast_one", "broken_one", "last_one")})

    assert cli._cmd_bench(["fast_one", "broken_one", "last_one"]) == 1
    printed = capsys.readouterr()
    assert "fast_one figures" in printed.out
    assert "last_one figures" in printed.out
    assert "broken_one ended with exit code 3" in printed.err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env["DATABASE_PATH"] = str(tmp_path / "bot.sqlite3")
    env["MATCHER_CACHE_DIR"] = str(CoreSettings().cache_dir.resolve())
    questions = "do I need lots of followers?\n" * 5000
    # `match` writes a line per question; `head -1` stops reading after the first.
    result = subprocess.run(  # noqa: S602 - a shell pipeline is what is being tested
        f"{sys.executable} -m bot match | head -1",
        shell=True,
        input=questions,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )

    assert json.loads(result.stdout)["id"] == "4"
    assert "Traceback" not in result.stderr
