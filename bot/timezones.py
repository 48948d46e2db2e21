"""Time zone names as people type them: "asia/riyadh" is Asia/Riyadh, "Asia/Riyad" a typo."""

from __future__ import annotations

import difflib
from functools import cache
from zoneinfo import available_timezones


@cache
def _by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def canonical_zone(typed: str) -> str | None:
    """The IANA name `typed` means when only its letter case differs; None otherwise."""
    name = typed.strip()
    if name.upper() in {"UTC", "GMT", "Z"}:
        return "UTC"
    return _by_lower_name().get(name.lower())


def closest_zone(typed: str) -> str | None:
    """The zone a misspelt name most likely meant ("Asia/Riyad" -> "Asia/Riyadh"), if any."""
    found = difflib.get_close_matches(typed.strip().lower(), _by_lower_name(), n=1, cutoff=0.8)
    return _by_lower_name()[found[0]] if found else None
