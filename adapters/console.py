"""The local console: a chat in the terminal with the same commands as Slack and Discord.

Reads one message per line; answers each; exits at end of input. Works the same piped
(`echo "question" | python -m bot console`) and interactive. At a terminal, lines are read
with readline (arrow keys, editing, history of this session), answers are wrapped to the
terminal's width, and Ctrl-D or Ctrl-C leave with a clean line. Piped, output stays plain.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import textwrap
import threading
from typing import TYPE_CHECKING, TextIO

from bot.advisor import Asker
from bot.commands import CommandRouter
from bot.more import is_more, say
from bot.profiles import WorkspaceKey
from bot.render_text import render_more, render_plain
from bot.replies import Answer
from bot.runtime import Adapter

if TYPE_CHECKING:
    from bot.app import Core

PROMPT = "you> "
_QUIT = {"quit", "exit", ":q", "خروج"}


async def run_console(
    commands: CommandRouter,
    *,
    workspace_id: str = "local",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    asker = Asker(WorkspaceKey("console", workspace_id), user_id="local", is_admin=True)
    if interactive:
        intro = commands.advisor.introduction("en")
        stdout.write(render_plain(intro) + "\nType 'help' for commands, 'quit' to leave.\n")
    lines = _LineReader(stdin, prompt=PROMPT if interactive else None)
    last: Answer | None = None  # what "more" expands
    while True:
        line = await lines.get()
        if not line:
            if interactive:
                stdout.write("\n")  # Ctrl-D: leave the prompt's line finished
            break
        text = line.strip()
        if not text and not interactive:
            continue
        if text.lower() in _QUIT:
            break
        shown, last = await _reply(commands, asker, text, last)
        if interactive:
            shown = wrap_for_terminal(shown, shutil.get_terminal_size().columns)
        stdout.write(shown + "\n\n")
        stdout.flush()
    return 0


async def _reply(
    commands: CommandRouter, asker: Asker, text: str, last: Answer | None
) -> tuple[str, Answer | None]:
    """The reply to one line, and the answer "more" would expand next."""
    if is_more(text):
        if last is None:
            return say(
                "more.none", await commands.advisor.language_for(asker.workspace, text)
            ), None
        return render_more(last), last
    reply = await commands.handle(asker, text)
    if not isinstance(reply, Answer):
        return render_plain(reply), last
    hint = "more.hint.personal" if reply.personalised else "more.hint"
    return f"{render_plain(reply)}\n\n{say(hint, reply.language)}", reply


def wrap_for_terminal(text: str, width: int) -> str:
    """Each line wrapped at word boundaries to the terminal's width, indents kept, so no word
    is split at the edge."""
    width = max(width - 1, 20)
    wrapped = []
    for line in text.split("\n"):
        if len(line) <= width:
            wrapped.append(line)
            continue
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        bullet = ""
        for marker in ("- ", "• ", "* "):
            if body.startswith(marker):
                bullet = marker
        hanging = indent + " " * len(bullet)
        wrapped.append(
            textwrap.fill(
                body,
                width=width,
                initial_indent=indent,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(wrapped)


class _LineReader:
    """Lines from a daemon thread; "" at end of input.

    Not the default executor: asyncio.run() joins its threads at exit, so a thread blocked in
    readline() would keep Ctrl-C from ending the console until the user pressed Enter. With a
    prompt (a terminal), lines come from input() with readline's editing and history, and the
    thread reads only when asked, so the prompt comes after the previous answer.
    """

    def __init__(self, stdin: TextIO, *, prompt: str | None) -> None:
        self._stdin = stdin
        self._prompt = prompt
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._wanted = threading.Event()
        if prompt is not None:
            _enable_line_editing()
        threading.Thread(target=self._pump, name="console-stdin", daemon=True).start()

    async def get(self) -> str:
        self._wanted.set()
        return await self._lines.get()

    def _read(self) -> str:
        if self._prompt is None:
            return self._stdin.readline()
        try:
            return input(self._prompt) + "\n"
        except EOFError:
            return ""

    def _pump(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            line = self._read()
            try:
                self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:  # the console has already ended
                return
            if not line:
                return


def _enable_line_editing() -> None:
    """Importing readline is what gives input() arrow keys, editing and history."""
    try:
        import readline  # noqa: F401
    except ImportError:  # not on every platform; plain input() still works
        return


class ConsoleAdapter(Adapter):
    """The entry point `console`: no settings, no runtime; the terminal conversation that
    `run` and `console` start when no chat platform is configured."""

    name = "console"
    title = "Console"
    interactive = True

    async def converse(self, core: Core, *, workspace_id: str) -> int:
        return await run_console(core.commands, workspace_id=workspace_id)
