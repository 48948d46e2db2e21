"""Arabic for what Discord lists about the commands: descriptions, option descriptions and
choice names. Command and option names stay as they are: they are a contract.

Discord's API takes an `ar` locale (its OpenAPI spec lists `ar` among the locales), but
discord.py's `Locale` enum has no Arabic, so its `Translator` is never asked for it. The tree
adds `ar` to the payload it uploads instead: the English in the code stays the source, and
each text is looked up in the vocabulary's `[slash]` table (and the core's labels for goals,
value styles and weekdays).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from adapters.discord.phrases import WORDS
from bot.i18n import label, phrases
from bot.profiles import GOALS, VALUE_STYLES

ARABIC: Final = "ar"


@cache
def arabic_texts() -> dict[str, str]:
    """English text as the code writes it → its Arabic."""
    texts = {
        WORDS.format(key, "en"): WORDS.say(key, ARABIC) for key in WORDS if key.startswith("slash.")
    }
    texts |= {label(value, "en"): label(value, ARABIC) for value in (*GOALS, *VALUE_STYLES)}
    english_days = phrases("reminders.weekdays", "en")
    texts |= dict(zip(english_days, phrases("reminders.weekdays", ARABIC), strict=True))
    return texts


def with_arabic(payload: dict[str, Any]) -> dict[str, Any]:
    """One command's payload (as discord.py builds it) with Arabic descriptions and choice
    names added beside any other locales; texts without an Arabic entry are left alone."""
    texts = arabic_texts()
    arabic = texts.get(payload.get("description") or "")
    if arabic:
        payload["description_localizations"] = {
            **(payload.get("description_localizations") or {}),
            ARABIC: arabic,
        }
    for choice in payload.get("choices") or []:
        name = texts.get(choice["name"])
        if name:
            choice["name_localizations"] = {
                **(choice.get("name_localizations") or {}),
                ARABIC: name,
            }
    for option in payload.get("options") or []:  # options, and subcommands with theirs
        with_arabic(option)
    return payload
