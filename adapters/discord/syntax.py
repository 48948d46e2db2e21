"""How Discord writes the commands the advisor suggests: as its slash commands with their
options (`/myth number:4`, `/profile set goal:leads`); options the reader fills in are left for
Discord's form to ask."""

from __future__ import annotations

from typing import Final

from adapters.discord.phrases import say
from bot.hints import Command
from bot.text import Language

# Sentences Discord words in full itself: its list of slash commands.
_OWN_WORDING: Final = frozenset({"help.commands"})


class DiscordCommands:
    def command(self, command: Command, language: Language) -> str:
        options = [f"{name}:{value}" for name, value in command.arguments if value is not None]
        return " ".join([f"/{command.name}", *options])

    def sentence(self, key: str, language: Language) -> str | None:
        return say(key, language) if key in _OWN_WORDING else None


DISCORD: Final = DiscordCommands()
