"""The console at a real terminal (a pseudo-terminal driven by pexpect): line editing, history,
wrapping, and clean exits on Ctrl-D and Ctrl-C."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

from .support import ROOT

PROMPT = "you> "
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLUMNS = 60


def _console(tmp_path: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "bot", "console", "--database", str(tmp_path / "advisor.sqlite3")],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm", "PYTHONPATH": str(ROOT)},
        encoding="utf-8",
        dimensions=(40, COLUMNS),
        timeout=60,
    )


def _screen(text: str) -> list[str]:
    return [_ANSI.sub("", line).rstrip("\r") for line in text.split("\n")]


def test_editing_history_wrapping_and_ctrl_d(tmp_path: Path) -> None:
    child = _console(tmp_path)
    child.expect_exact(PROMPT)

    # Typed "yths", jumped to the start of the line (Ctrl-A) and added the "m".
    child.send("yths\x01m\r")
    child.expect_exact(PROMPT)
    first = child.before
    # Arrow up recalls the last line; Enter sends it again.
    child.send("\x1b[A\r")
    child.expect_exact(PROMPT)
    again = child.before
    child.send("do I need lots of followers?\r")
    child.expect_exact(PROMPT)
    answer = child.before
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()

    assert "You need lots of followers" in first  # the myths list
    assert "You need lots of followers" in again
    assert "^[[A" not in again
    assert all(len(line) <= COLUMNS for line in _screen(answer)), _screen(answer)
    assert child.exitstatus == 0
    assert child.before.startswith("\r\n") or child.before.startswith("\n")


def test_ctrl_c_leaves_cleanly_with_exit_0(tmp_path: Path) -> None:
    child = _console(tmp_path)
    child.expect_exact(PROMPT)

    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    assert "Traceback" not in child.before
