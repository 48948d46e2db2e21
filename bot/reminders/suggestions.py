"""The reminder commands the errors suggest, as hints each platform writes in its own syntax
(`reminders list`, `/advisor reminders list`, `/reminders list`)."""

from __future__ import annotations

from typing import Final

from bot.hints import Command, CommandName, Hint
from bot.text import Language

LIST: Final = Command("reminders list")


def by_number(name: CommandName, number: str | None = None) -> Command:
    """`reminders pause 3`, or with the number left for the reader (`reminders remove <id>`)."""
    return Command(name, (("reminder", number),))


def not_found(reminder_id: int, language: Language) -> Hint:
    return Hint("reminders.not_found", language, {"list": LIST}, id=reminder_id)


def not_permitted(language: Language) -> Hint:
    return Hint("reminders.not_permitted", language, {"list": LIST})


def limit(most: int, language: Language) -> Hint:
    remove = by_number("reminders remove")
    return Hint("reminders.limit", language, {"remove": remove}, limit=most)


def bad_id(value: str, language: Language) -> Hint:
    commands = {"list": LIST, "pause": by_number("reminders pause", "3")}
    return Hint("reminders.error.id", language, commands, value=value)
