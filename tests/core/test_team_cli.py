"""An operator imports a team's entries from TOML; they answer in that workspace only."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.test_cli import run_bot

TEAM_FILE = Path(__file__).resolve().parent.parent / "data" / "team_posting_times.toml"


def test_imported_entries_answer_in_their_workspace_only(tmp_path: Path) -> None:
    imported = run_bot(
        "knowledge", "import", str(TEAM_FILE), "--workspace", "acme", tmp_path=tmp_path
    )
    assert imported.returncode == 0, imported.stderr
    assert "posting-times" in imported.stdout

    listed = run_bot("knowledge", "list", "--workspace", "acme", tmp_path=tmp_path)
    assert listed.stdout.split("\t")[:2] == ["posting-times", "en+ar"]

    question = ("ask", "--json", "best time to tweet?")
    mine = json.loads(run_bot("--workspace", "acme", *question, tmp_path=tmp_path).stdout)
    assert mine["id"] == "posting-times"
    assert "weekday mornings" in mine["answer"]
    theirs = json.loads(run_bot("--workspace", "other", *question, tmp_path=tmp_path).stdout)
    assert theirs["id"] is None

    removed = run_bot(
        "knowledge", "remove", "posting-times", "--workspace", "acme", tmp_path=tmp_path
    )
    assert removed.returncode == 0, removed.stderr
    again = json.loads(run_bot("--workspace", "acme", *question, tmp_path=tmp_path).stdout)
    assert again["id"] is None


def test_a_bad_file_is_named_with_the_entry_and_field_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "team.toml"
    bad.write_text(
        TEAM_FILE.read_text(encoding="utf-8").replace(
            'id = "posting-times"', 'id = "Posting Times"'
        ),
        encoding="utf-8",
    )
    result = run_bot("knowledge", "import", str(bad), "--workspace", "acme", tmp_path=tmp_path)
    assert result.returncode == 2
    assert f"{bad}: entry 1, field 'id'" in result.stderr
    listed = run_bot("knowledge", "list", "--workspace", "acme", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == ""
