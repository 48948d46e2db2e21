"""Discord's own words (slash-command wording, permission names, buttons), in English and
Arabic: `vocabulary/en.toml` and `ar.toml` beside this module, read like the core's.

Everything the advisor itself says lives in the core's vocabulary (`bot/vocabulary`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from bot.i18n import Catalog
from bot.text import Language

WORDS: Final = Catalog.load(Path(__file__).parent / "vocabulary")


def say(key: str, language: Language, **values: object) -> str:
    return WORDS.say(key, language, **values)
