"""Latin fragments inside Arabic lines, isolated so they cannot reorder the sentence around them.

An Arabic line that embeds `profile set audience=…`, `Asia/Riyadh` or `/ask question` is laid
out right to left, but a Latin run followed by punctuation or digits can pull its neighbours
into left-to-right order, and a line that *starts* with Latin is shown left to right as a
whole. Wrapping each Latin run in FIRST STRONG ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE
(U+2069) lays the run out on its own and leaves the line's direction to its Arabic words.
The marks are invisible, and `bot.text.clean` removes them from anything a user sends back.
"""

from __future__ import annotations

import re

FSI = "\u2068"
PDI = "\u2069"

# A run starts at a Latin letter (or a command's `/`, `#` or backtick right before one) and
# goes on over anything that is not Arabic, a line break, Arabic quotes or brackets.
# A run already isolated, or the middle of a Latin word, is not a new run.
_LATIN_RUN = re.compile(
    r"(?<![\u2068A-Za-z0-9_`/#<\[{=.\-])[`/#<\[{]*[A-Za-z][^\u0600-\u06ff\n«»()\u2068\u2069]*"
)
# Spaces and sentence punctuation at the end of a run belong to the Arabic sentence.
_TRAILING = re.compile(r"[\s.,:;·!?]+$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ISOLATED = re.compile(r"(\u2068[^\u2068\u2069]*\u2069)")


def isolate_latin(text: str) -> str:
    """`text` with each Latin run isolated, when the text is Arabic; other text unchanged.
    Runs already isolated are left as they are."""
    if not _ARABIC.search(text):
        return text
    parts = _ISOLATED.split(text)
    # Odd parts are runs isolated before (a message put into another message).
    return "".join(
        part if i % 2 else _LATIN_RUN.sub(_isolate, part) for i, part in enumerate(parts)
    )


def isolate_value(text: str) -> str:
    """A value that will stand in an Arabic line (a profile row, a time zone): Latin in it is
    isolated even when the value itself has no Arabic."""
    if _ARABIC.search(text) or not _LATIN.search(text):
        return isolate_latin(text)
    return f"{FSI}{text}{PDI}"


def _isolate(match: re.Match[str]) -> str:
    run = match.group(0)
    tail = _TRAILING.search(run)
    end = tail.start() if tail else len(run)
    if end == 0:
        return run
    return f"{FSI}{run[:end]}{PDI}{run[end:]}"


def strip_isolation(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "")
