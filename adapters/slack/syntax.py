"""How Slack writes the commands the advisor suggests: through its `/advisor` slash command,
which takes the same words as the console (`/advisor myth 4`, `/advisor خرافة 4`)."""

from __future__ import annotations

from typing import Final

from bot.hints import TYPED, Command
from bot.text import Language

SLASH_COMMAND: Final = "/advisor"


class SlackCommands:
    def command(self, command: Command, language: Language) -> str:
        return f"{SLASH_COMMAND} {TYPED.command(command, language)}"

    def sentence(self, key: str, language: Language) -> str | None:
        return None


SLACK: Final = SlackCommands()
