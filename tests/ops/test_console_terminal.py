"""The console at a real terminal (a pseudo-terminal driven by pexpect): line editing, history,
wrapping, Arabic laid out right-to-left, a reminder arriving while someone types, and clean exits
on Ctrl-D and Ctrl-C, also during the first training."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect

from adapters.terminal_bidi import DEFAULT_PARAGRAPH, RTL_PARAGRAPH
from bot.bidi import FSI, PDI

from .support import ROOT, bot_env, run_bot

PROMPT = "you> "
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLUMNS = 60


def _console(tmp_path: Path, **env: str) -> pexpect.spawn:
    # An xterm unless a test says otherwise, whatever terminal runs the tests.
    inherited = {key: value for key, value in os.environ.items() if key != "VTE_VERSION"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "bot", "console", "--database", str(tmp_path / "advisor.sqlite3")],
        cwd=str(ROOT),
        env={**inherited, "TERM": "xterm", "PYTHONPATH": str(ROOT), **env},
        # A shell without job control starts background jobs with SIGINT ignored, and the
        # console would inherit that: a person's terminal delivers Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
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


def _render(stream: str) -> list[str]:
    """The screen a terminal shows for `stream`, enough for the console's output: text, CR, LF,
    backspace, and "clear to the end of the line"; other escape sequences are dropped."""
    lines: list[list[str]] = [[]]
    column = 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|.", stream, flags=re.DOTALL):
        line = lines[-1]
        if token == "\r":
            column = 0
        elif token == "\n":
            lines.append([])
            column = 0
        elif token == "\b":
            column = max(column - 1, 0)
        elif token == "\x1b[K":
            del line[column:]
        elif token.startswith("\x1b") or token in "\x07":
            continue
        else:
            if column < len(line):
                line[column] = token
            else:
                line.extend(" " * (column - len(line)))
                line.append(token)
            column += 1
    return ["".join(line).rstrip() for line in lines]


def _seed_two_reminders(database: Path, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--database", str(database)],
        input="reminders add monday 09:00 UTC Post the FAQ\nreminders add tuesday 09:00 UTC\n",
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Reminder #2 added." in done.stdout


def _make_due_in(seconds: float, reminder_id: int, database: Path) -> None:
    due = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE reminders SET next_run_utc = ? WHERE id = ?", (due, reminder_id))


def test_a_reminder_while_typing_prints_above_the_prompt_and_keeps_the_typed_line(
    tmp_path: Path,
) -> None:
    database = tmp_path / "advisor.sqlite3"
    _seed_two_reminders(database, tmp_path)
    child = _console(tmp_path)
    child.expect_exact(PROMPT)
    # Reminder 1 falls due in a few seconds; pausing reminder 2 makes the scheduler look again.
    _make_due_in(5, 1, database)
    child.send("reminders pause 2\r")
    child.expect_exact(PROMPT)
    assert "[#console]" not in child.before  # not yet: it must come while typing

    child.send("do I need lots")
    child.expect_exact("do I need lots")
    seen = child.before + child.after
    child.expect_exact("[#console]", timeout=30)
    seen += child.before + child.after
    child.expect_exact(PROMPT + "do I need lots")
    seen += child.before + child.after
    screen = _render(seen)
    # Finishing the line sends the whole question: the typed half survived the reminder.
    child.send(" of followers?\r")
    child.expect_exact(PROMPT)
    answer = child.before
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()

    notice = next(i for i, line in enumerate(screen) if line.startswith("[#console]"))
    assert "Weekly reminder: provide value" in screen[notice]
    assert not any(line.startswith(PROMPT) and "[#console]" in line for line in screen)
    assert screen[-1] == PROMPT + "do I need lots"  # redrawn below the notice
    assert notice < len(screen) - 1
    assert "Note: Post the FAQ" in "\n".join(screen[notice:])
    assert "You need lots of followers" in answer
    assert child.exitstatus == 0


def test_ctrl_c_while_the_matcher_trains_leaves_cleanly_with_exit_0(tmp_path: Path) -> None:
    child = _console(tmp_path, MATCHER_CACHE_DIR=str(tmp_path / "no-weights-yet"))
    child.expect_exact("Preparing the question matcher")

    child.sendintr()
    child.expect(pexpect.EOF, timeout=20)
    child.close()

    assert child.exitstatus == 0, child.before
    assert "Traceback" not in child.before
    assert "Event loop is closed" not in child.before


ARABIC_QUESTION = "هل لازم أكون على Facebook؟"
ARABIC_TITLE = "يجب أن تكون على فيسبوك"
MORE = "المزيد"
# A Latin name inside an Arabic line of the full answer (its source).
LATIN_FRAGMENT = "Social Media Examiner"


def _ask_in_arabic_then_english(child: pexpect.spawn) -> tuple[str, str]:
    child.expect_exact(PROMPT)
    child.send(ARABIC_QUESTION + "\r")
    child.expect_exact(PROMPT)
    arabic = child.before
    child.send(MORE + "\r")  # the rest of the answer, with its source
    child.expect_exact(PROMPT)
    arabic += child.before
    child.send("do I need lots of followers?\r")
    child.expect_exact(PROMPT)
    english = child.before
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    return arabic, english


def test_arabic_runs_right_to_left_in_a_terminal_that_can(tmp_path: Path) -> None:
    child = _console(tmp_path, VTE_VERSION="7600")  # GNOME Terminal and other VTE terminals

    arabic, english = _ask_in_arabic_then_english(child)

    title = next(line for line in arabic.split("\r\n") if ARABIC_TITLE in line)
    assert title.startswith(RTL_PARAGRAPH)
    # Latin inside an Arabic line keeps its own order, and the line stays right-to-left.
    assert f"{FSI}{LATIN_FRAGMENT}{PDI}" in arabic
    up_to_it = arabic[: arabic.index(LATIN_FRAGMENT)]
    assert up_to_it.rfind(RTL_PARAGRAPH) > up_to_it.rfind(DEFAULT_PARAGRAPH)
    # Back to left-to-right before the prompt and the English answer.
    assert arabic.rstrip().endswith(DEFAULT_PARAGRAPH)
    assert RTL_PARAGRAPH not in english
    assert FSI not in english
    assert child.exitstatus == 0


def test_arabic_in_other_terminals_keeps_its_isolates_without_direction_codes(
    tmp_path: Path,
) -> None:
    child = _console(tmp_path)

    arabic, _ = _ask_in_arabic_then_english(child)

    assert f"{FSI}{LATIN_FRAGMENT}{PDI}" in arabic
    assert RTL_PARAGRAPH not in arabic
    assert child.exitstatus == 0


def test_arabic_piped_is_plain_text(tmp_path: Path) -> None:
    piped = run_bot(
        "console",
        cwd=tmp_path,
        env=bot_env(VTE_VERSION="7600"),
        stdin=f"{ARABIC_QUESTION}\n{MORE}\n",
    )

    assert piped.returncode == 0, piped.stderr
    assert ARABIC_TITLE in piped.stdout
    assert f"من موقع {LATIN_FRAGMENT}." in piped.stdout  # no invisible marks around it
    assert not any(mark in piped.stdout for mark in (FSI, PDI, "\u2066", "\x1b"))
