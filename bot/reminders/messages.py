"""Reminder words that need more than a lookup: stored reason codes and weekday names.

The sentences themselves are under `[reminders]` in `bot/vocabulary/*.toml`."""

from __future__ import annotations

from bot.i18n import VOCABULARY, phrases, t
from bot.text import Language


def reason_text(code: str | None, language: Language) -> str:
    """A stored reason code in `language`; anything else (rows from before the codes, or a
    platform's own words) is shown as it is."""
    key = f"reminders.reason.{code or 'unknown'}"
    return t(key, language) if key in VOCABULARY else str(code)


def weekday_name(weekday: int, language: Language) -> str:
    return phrases("reminders.weekdays", language)[weekday]
