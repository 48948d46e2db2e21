"""Slack's own words (forms, the assistant panel, App Home, busy notices), in English and
Arabic: `vocabulary/en.toml` and `ar.toml` beside this module, read like the core's.

Everything the advisor itself says lives in the core's vocabulary (`bot/vocabulary`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from bot.i18n import Catalog

WORDS: Final = Catalog.load(Path(__file__).parent / "vocabulary")
