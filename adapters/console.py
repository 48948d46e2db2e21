"""The local console: a chat in the terminal with the same commands as Slack and Discord.

Reads one message per line; answers each; exits at end of input. Works the same piped
(`echo "question" | python -m bot console`) and interactive.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TextIO

from bot.advisor import Asker
from bot.commands import CommandRouter
from bot.profiles import WorkspaceKey
from bot.render_text import render_plain

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
    lines = _read_lines(stdin)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await lines.get()
        if not line:
            break
        text = line.strip()
        if not text and not interactive:
            continue
        if text.lower() in _QUIT:
            break
        reply = await commands.handle(asker, text)
        stdout.write(render_plain(reply) + "\n\n")
        stdout.flush()
    return 0


def _read_lines(stdin: TextIO) -> asyncio.Queue[str]:
    """Lines from a daemon thread; "" at end of input.

    Not the default executor: asyncio.run() joins its threads at exit, so a thread blocked in
    readline() would keep Ctrl-C from ending the console until the user pressed Enter.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        while True:
            line = stdin.readline()
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the console has already ended
                return
            if not line:
                return

    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    return queue
