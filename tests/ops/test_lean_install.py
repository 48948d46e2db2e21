"""A lean install (no `train` extra: no scikit-learn, SciPy or NumPy) answers from the cached
matcher weights, says in one line what to install when there are none, and `train --check`
tells scripts/run whether the training libraries are needed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .support import ROOT, bot_env, run_bot

_TRAINING_LIBRARIES = ("sklearn", "scipy", "numpy")


@pytest.fixture
def lean_env(tmp_path: Path) -> dict[str, str]:
    """This checkout with the training libraries made unimportable, as in a lean install."""
    blocked = tmp_path / "blocked"
    for name in _TRAINING_LIBRARIES:
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(
            f"raise ImportError('{name} is not installed in a lean install')\n", encoding="utf-8"
        )
    return bot_env(PYTHONPATH=f"{blocked}:{ROOT}")


def test_a_lean_install_answers_from_the_cached_weights(
    tmp_path: Path, lean_env: dict[str, str], matcher_cache: Path
) -> None:
    lean_env["MATCHER_CACHE_DIR"] = str(matcher_cache)

    answered = run_bot("ask", "do we need lots of followers?", cwd=tmp_path, env=lean_env)
    arabic = run_bot("ask", "هل لازم أكون على Facebook؟", cwd=tmp_path, env=lean_env)

    assert answered.returncode == 0, answered.stderr
    assert "You need lots of followers" in answered.stdout
    assert arabic.returncode == 0, arabic.stderr
    assert "فيسبوك" in arabic.stdout or "Facebook" in arabic.stdout


def test_without_weights_or_training_libraries_one_line_says_what_to_install(
    tmp_path: Path, lean_env: dict[str, str]
) -> None:
    lean_env["MATCHER_CACHE_DIR"] = str(tmp_path / "empty-cache")

    answered = run_bot("ask", "do we need lots of followers?", cwd=tmp_path, env=lean_env)
    console = run_bot("console", cwd=tmp_path, env=lean_env, stdin="myths\n")

    for result in (answered, console):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "scikit-learn is not installed" in lines[0]
        assert "pip install 'value-advisor[train]'" in lines[0]


def test_train_check_says_whether_training_is_due(tmp_path: Path, matcher_cache: Path) -> None:
    current = run_bot(
        "train", "--check", cwd=tmp_path, env=bot_env(MATCHER_CACHE_DIR=str(matcher_cache))
    )
    due = run_bot(
        "train", "--check", cwd=tmp_path, env=bot_env(MATCHER_CACHE_DIR=str(tmp_path / "none"))
    )

    assert current.returncode == 0, current.stderr
    assert "current" in current.stdout
    assert due.returncode == 3, due.stderr
    assert "needs training" in due.stdout
    assert not (tmp_path / "none").exists()  # only looked


def test_training_libraries_are_an_extra_that_development_includes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(project["dependencies"])
    extras = project["optional-dependencies"]

    assert "scikit-learn" not in runtime
    assert any(requirement.startswith("scikit-learn") for requirement in extras["train"])
    assert "value-advisor[train]" in extras["dev"]
    assert not any(tool in runtime for tool in ("mypy", "ruff", "pytest", "hadolint"))


def test_a_lean_install_imports_and_matches_a_teams_own_entry(
    tmp_path: Path, lean_env: dict[str, str], matcher_cache: Path
) -> None:
    # Team models are trained in plain Python (bot/logistic.py): no training libraries needed.
    lean_env["MATCHER_CACHE_DIR"] = str(matcher_cache)
    lean_env["DATABASE_PATH"] = str(tmp_path / "advisor.sqlite3")
    team_file = ROOT / "tests" / "data" / "team_posting_times.toml"

    imported = run_bot(
        "knowledge", "import", str(team_file), "--workspace", "acme", cwd=tmp_path, env=lean_env
    )
    ours = run_bot("ask", "--workspace", "acme", "best time to tweet?", cwd=tmp_path, env=lean_env)
    arabic = run_bot(
        "ask",
        "--workspace",
        "acme",
        "ما هو أفضل وقت للنشر على انستغرام؟",
        cwd=tmp_path,
        env=lean_env,
    )
    theirs = run_bot(
        "ask", "--workspace", "globex", "best time to tweet?", cwd=tmp_path, env=lean_env
    )

    assert imported.returncode == 0, imported.stderr
    assert ours.returncode == 0, ours.stderr
    assert "weekday mornings" in ours.stdout
    assert "صباح أيام العمل" in arabic.stdout
    assert "weekday mornings" not in theirs.stdout
    assert "scikit-learn" not in ours.stderr + theirs.stderr
