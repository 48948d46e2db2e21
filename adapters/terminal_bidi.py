"""Arabic at a terminal: right-to-left lines where the terminal can lay them out.

A line is treated as Arabic when it has at least as many Arabic letters as Latin ones; its
Latin fragments are isolated (bot.bidi, which the core's own text already goes through).
Terminals known to set a paragraph's direction on request also get ECMA-48 SCP (Select
Character Path) right-to-left before each run of Arabic lines and the default back after it,
as the terminal-wg BiDi recommendation describes. Piped output gets none of this: plain text,
without the invisible direction marks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.bidi import isolate_latin

RTL_PARAGRAPH, DEFAULT_PARAGRAPH = "\x1b[2 k", "\x1b[0 k"

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# Isolates (LRI, RLI, FSI, PDI), embeddings and overrides, and the direction marks.
_DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str, *, rtl_paragraphs: bool) -> str:
    shown: list[str] = []
    rtl = False
    for line in text.split("\n"):
        arabic = is_arabic(line)
        if arabic:
            line = isolate_latin(line)
        if rtl_paragraphs and arabic != rtl:
            line = (RTL_PARAGRAPH if arabic else DEFAULT_PARAGRAPH) + line
            rtl = arabic
        shown.append(line)
    if rtl:
        shown[-1] += DEFAULT_PARAGRAPH  # what follows (the prompt) starts left-to-right
    return "\n".join(shown)


def plain(text: str) -> str:
    """For a pipe or a file: the text without invisible direction marks."""
    return _DIRECTION_MARKS.sub("", text)


def is_arabic(line: str) -> bool:
    arabic = len(_ARABIC_LETTER.findall(line))
    return arabic > 0 and arabic >= len(_LATIN_LETTER.findall(line))


def supports_rtl_paragraphs(environ: Mapping[str, str]) -> bool:
    """VTE 0.58+ (GNOME Terminal, Tilix, …) and mlterm lay out right-to-left paragraphs on
    request; elsewhere the text stays in logical order, which is what those terminals expect."""
    vte = environ.get("VTE_VERSION", "")
    return (vte.isdigit() and int(vte) >= 5800) or environ.get("TERM", "").startswith("mlterm")
