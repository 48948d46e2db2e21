"""The local console: a chat in the terminal with the same commands as Slack and Discord.

Reads one message per line; answers each; exits at end of input. Works the same piped
(`echo "question" | python -m bot console`) and interactive. At a terminal, lines are read
with readline (arrow keys, editing, history of this session), answers are wrapped to the
terminal's width, Arabic lines are laid out right-to-left where the terminal can
(terminal_bidi.py), and Ctrl-D or Ctrl-C leave with a clean line. Piped, output stays plain.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import sys
import textwrap
import threading
from typing import TYPE_CHECKING, TextIO, cast

from adapters import terminal_bidi
from bot.advisor import Asker
from bot.commands import CommandRouter
from bot.i18n import t
from bot.more import is_more
from bot.profiles import WorkspaceKey
from bot.reminders.console import ConsolePoster
from bot.render_text import render_more, render_plain
from bot.replies import Answer, Notice, Reply
from bot.request import Request
from bot.runtime import Adapter
from bot.text import Language

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
    screen: Screen | None = None,
) -> int:
    stdin = stdin or sys.stdin
    interactive = stdin.isatty()
    screen = screen or Screen(stdout or sys.stdout, interactive=interactive)
    asker = Asker(WorkspaceKey("console", workspace_id), user_id="local", is_admin=True)
    if interactive:
        intro = commands.advisor.introduction("en")
        screen.write(render_plain(intro) + "\n" + t("intro.leave", "en") + "\n")
    lines = _LineReader(stdin, screen=screen if interactive else None)
    last: Answer | None = None  # what "more" expands
    while True:
        line = await lines.get()
        if not line:
            if interactive:
                screen.write("\n")  # Ctrl-D: leave the prompt's line finished
            break
        text = line.strip()
        if not text and not interactive:
            continue
        if text.lower() in _QUIT:
            break
        shown, last = await _reply(commands, asker, text, last)
        screen.write(shown + "\n\n")
    return 0


async def _reply(
    commands: CommandRouter, asker: Asker, text: str, last: Answer | None
) -> tuple[str, Answer | None]:
    """The reply to one line, and the answer "more" would expand next."""
    if is_more(text) and last is not None:
        return render_more(last), last
    command = _nothing_more if is_more(text) else None
    request = Request(asker=asker, text=text, command=command, surface="console")
    reply = await commands.requests.handle(request)
    if not isinstance(reply, Answer):
        return render_plain(reply), last
    hint = "more.hint_personal" if reply.personalised else "more.hint"
    return f"{render_plain(reply)}\n\n{t(hint, reply.language)}", reply


async def _nothing_more(asker: Asker, language: Language) -> Reply:
    """ "more" before any answer: there is nothing to expand yet."""
    return Notice(language, "info", t("more.none", language))


class Screen:
    """Where the console writes: its answers, and notices that arrive on their own (a reminder
    falling due). At a terminal, text is wrapped to the window's width, and a notice that comes
    while the person is typing goes above the prompt, which is drawn again below it with the
    half-typed line, so nothing typed is lost or mixed into the notice. Piped, text is plain."""

    def __init__(
        self, stdout: TextIO, *, interactive: bool, rtl_paragraphs: bool | None = None
    ) -> None:
        self._stdout = stdout
        self._interactive = interactive
        if rtl_paragraphs is None:
            rtl_paragraphs = terminal_bidi.supports_rtl_paragraphs(os.environ)
        self._rtl_paragraphs = rtl_paragraphs
        self._lock = threading.Lock()
        # Set by the line reader while input() waits with PROMPT on the screen.
        self.prompting = False

    def write(self, text: str) -> None:
        with self._lock:
            if not self._interactive:
                self._stdout.write(terminal_bidi.plain(text))
            elif not self.prompting:
                self._stdout.write(self._wrapped(text))
            else:
                # Back to the prompt's column 0 and clear its line; the notice's leading blank
                # line would only separate it from a prompt that is no longer there.
                self._stdout.write("\r\x1b[K" + self._wrapped(text.lstrip("\n")))
                if not text.endswith("\n"):
                    self._stdout.write("\n")
                self._stdout.write(PROMPT + _typed_so_far())
            self._stdout.flush()

    def notices(self) -> TextIO:
        """A text stream for the reminder poster: what it writes goes through write()."""
        # io.TextIOBase is a text stream at run time; typeshed just doesn't call it a TextIO.
        return cast(TextIO, _Notices(self))

    def _wrapped(self, text: str) -> str:
        wrapped = wrap_for_terminal(text, shutil.get_terminal_size().columns)
        return terminal_bidi.for_terminal(wrapped, rtl_paragraphs=self._rtl_paragraphs)


class _Notices(io.TextIOBase):
    def __init__(self, screen: Screen) -> None:
        self._screen = screen

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._screen.write(text)
        return len(text)


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

    def __init__(self, stdin: TextIO, *, screen: Screen | None) -> None:
        self._stdin = stdin
        self._screen = screen
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._wanted = threading.Event()
        if screen is not None:
            _enable_line_editing()
        threading.Thread(target=self._pump, name="console-stdin", daemon=True).start()

    async def get(self) -> str:
        self._wanted.set()
        return await self._lines.get()

    def _read(self) -> str:
        if self._screen is None:
            return self._stdin.readline()
        self._screen.prompting = True
        try:
            return input(PROMPT) + "\n"
        except EOFError:
            return ""
        finally:
            self._screen.prompting = False

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


def _typed_so_far() -> str:
    try:
        import readline
    except ImportError:
        return ""
    return readline.get_line_buffer()


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
        screen = Screen(sys.stdout, interactive=sys.stdin.isatty())
        # Reminders print through the screen: above the prompt while someone types.
        core.reminders.register_poster("console", ConsolePoster(output=screen.notices()))
        return await run_console(core.commands, workspace_id=workspace_id, screen=screen)
