"""`pip install .` gives a working `value-advisor` that finds its knowledge from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import ROOT


@pytest.mark.slow
def test_an_installed_value_advisor_answers_from_another_folder(
    tmp_path: Path, matcher_cache: Path
) -> None:
    # The committed tree, as a fresh clone has it (no data/, no caches, nothing untracked).
    source = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(source)], check=True)
    site = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        # The installed copy first; its dependencies from this environment.
        "PYTHONPATH": str(site),
        "MATCHER_CACHE_DIR": str(matcher_cache),
    }

    answered = subprocess.run(
        [str(site / "bin" / "value-advisor"), "ask", "do we need lots of followers?"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert answered.returncode == 0, answered.stderr
    assert "You need lots of followers" in answered.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import bot, knowledge; print(bot.__file__, knowledge.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in where.stdout  # the installed copy answered, not this checkout
