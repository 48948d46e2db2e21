"""The core's typed-command hints, reworded as Discord's slash commands.

The core words its help and footers for typed commands ("Type "myth 4"…", "profile set
field=value"), right for the console and Slack's /advisor. Discord users have slash commands
instead, so `render` passes every reply through `slash_forms`. Only whole sentences the core
produces are swapped, found by their exact text: answers and what users typed stay as they are.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Final

from adapters.discord.phrases import say
from bot.i18n import t
from bot.replies import Answer, MythList, ProfileView, Reply
from bot.text import Language

# Core sentences (bot.i18n) with a Discord phrase under the same key.
_CORE_KEYS: Final = (
    "help.commands",
    "myths.footer",
    "profile.footer",
    "profile.empty",
    "profile.hint",
    "decline.body",
)
# Reminder sentences (bot.reminders.messages), under "reminders.<key>" in the phrases.
_REMINDER_KEYS: Final = ("list.empty", "list.footer")


@cache
def _swaps(language: Language) -> dict[str, str]:
    swaps = {t(key, language): say(key, language) for key in _CORE_KEYS}
    for key in _REMINDER_KEYS:
        swaps[t(f"reminders.{key}", language)] = say(f"reminders.{key}", language)
    return swaps


def slash_forms(reply: Reply) -> Reply:
    """`reply` with the core's typed-command sentences in their slash-command form."""
    swaps = _swaps(reply.language)
    if isinstance(reply, Answer):
        if reply.profile_hint is None:
            return reply
        return replace(reply, profile_hint=swaps.get(reply.profile_hint, reply.profile_hint))
    if isinstance(reply, MythList | ProfileView):
        return replace(reply, footer=swaps.get(reply.footer, reply.footer))
    return replace(reply, lines=[swaps.get(line, line) for line in reply.lines])
