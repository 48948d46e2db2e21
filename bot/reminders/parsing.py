"""Reading what people type: weekdays (English and Arabic), times, IANA zones, channels.

Every rejection is an `InvalidInput` naming the field, worded in the asker's `language` and
showing an example that works. No `value=` is attached: `bot.profiles.explain_invalid` rebuilds
only profile errors, and must not replace these (the "timezone" field shares a profile name).
"""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidInput
from bot.i18n import t
from bot.reminders import suggestions
from bot.text import Language
from bot.timezones import canonical_zone, closest_zone

_WEEKDAY_NAMES: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
    # Arabic, after folding (see `_fold_arabic`): the definite article and hamza forms go.
    "اثنين": 0,
    "ثلاثاء": 1,
    "ثلاثا": 1,
    "اربعاء": 2,
    "اربعا": 2,
    "خميس": 3,
    "جمعه": 4,
    "سبت": 5,
    "احد": 6,
}
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670]")

# 9, 9:00, 09:00, 17:30, 9am, 9:30 pm, 9ص (morning), 5م (evening); `.` works like `:`.
_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.|ص|م)?$"
)
_MORNING = {"am", "a.m.", "ص"}

# <#C0123|general> (Slack), <#1234567890> (Discord), #general (typed by hand).
_CHANNEL = re.compile(r"^(?:<#(?P<id>[A-Za-z0-9]+)(?:\|[^>]*)?>|#(?P<name>[\w-]{1,80}))$")


def _fold_arabic(word: str) -> str:
    folded = _DIACRITICS.sub("", word).translate(_ARABIC_FOLD)
    if folded.startswith("ال") and len(folded) > 3:
        folded = folded[2:]
    return folded


def parse_weekday(raw: str | int, *, language: Language) -> int:
    """'monday', 'Mon', 'الاثنين', 'الإثنين', 0 -> 0 (Monday) … 6 (Sunday)."""
    if isinstance(raw, int):
        if 0 <= raw <= 6:
            return raw
        raise InvalidInput(
            t("reminders.error.weekday_number", language, value=raw), field="weekday"
        )
    word = _fold_arabic(raw.strip().lower().rstrip(".,،"))
    weekday = _WEEKDAY_NAMES.get(word)
    if weekday is None:
        shown = raw.strip()[:30]
        raise InvalidInput(t("reminders.error.weekday", language, value=shown), field="weekday")
    return weekday


def parse_time(raw: str | time, *, language: Language) -> time:
    """'9:00', '09:00', '9am', '5:30pm', '17:30', '٩:٣٠' -> a naive time with minutes."""
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0, tzinfo=None)
    text = raw.strip().lower().translate(_ARABIC_DIGITS).replace(" ", "")
    match = _TIME.match(text)
    problem = t("reminders.error.time", language, value=raw.strip()[:30])
    if match is None:
        raise InvalidInput(problem, field="time")
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    half = match["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise InvalidInput(problem, field="time")
        hour = hour % 12 + (0 if half in _MORNING else 12)
    elif match["minute"] is None:
        # A bare "9" is too easy to misread (9 in the morning? day 9?): ask for a clock time.
        raise InvalidInput(problem, field="time")
    if hour > 23 or minute > 59:
        raise InvalidInput(problem, field="time")
    return time(hour, minute)


def looks_like_zone(word: str) -> bool:
    return "/" in word or word.upper() in {"UTC", "GMT", "Z"}


def parse_zone(raw: str, *, language: Language) -> ZoneInfo:
    """An IANA zone name such as Europe/Berlin; 'UTC' and 'GMT' work too."""
    name = canonical_zone(raw) or raw.strip()
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = t("reminders.error.timezone", language, value=raw.strip()[:40])
        if (guess := closest_zone(raw)) is not None:
            message = t("reminders.error.timezone_guess", language, guess=guess) + " " + message
        raise InvalidInput(message, field="timezone") from None


def parse_channel(word: str) -> str | None:
    """A channel mention -> its id (or the typed name); None when `word` is not a channel."""
    match = _CHANNEL.match(word.strip())
    if match is None:
        return None
    return match["id"] or match["name"]


def parse_reminder_id(raw: str, *, language: Language) -> int:
    text = raw.strip().lstrip("#").translate(_ARABIC_DIGITS)
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput(suggestions.bad_id(raw.strip()[:30], language), field="id")
    return int(text)
