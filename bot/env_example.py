"""`.env.example`, written from its parts: the core's `bot/settings.env` and each installed
adapter's section (`Adapter.env_section`, by default the `settings.env` beside its settings).

A new platform documents its variables in its own package; `make env-example` (or
`python -m bot env-example > .env.example`) brings the file at the top of the checkout up to
date, and tests/ops/test_container.py fails while it is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.runtime import Adapter

CORE_SECTION = Path(__file__).with_name("settings.env")


def assemble(adapters: Iterable[Adapter]) -> str:
    """The whole file: the core's part, then each adapter's that has one, a blank line apart."""
    parts = [CORE_SECTION.read_text(encoding="utf-8")]
    parts += [adapter.env_section() for adapter in adapters]
    return "\n".join(part.strip("\n") + "\n" for part in parts if part.strip())
