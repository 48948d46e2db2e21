"""The insights report as a PNG bar chart: questions per entry, with 👍/👎 beside each bar.

Drawn with Pillow's bundled font, which has Latin glyphs only and no Arabic shaping, so the
chart is labelled in English (entry numbers and titles) whatever the report's language.
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from bot.insights.report import InsightsReport

WIDTH: Final = 900
_ROW: Final = 34
_TOP: Final = 70
_BOTTOM: Final = 50
_LABEL_WIDTH: Final = 330
_BAR_MAX: Final = 380
_BACKGROUND: Final = (255, 255, 255)
_INK: Final = (33, 37, 41)
_MUTED: Final = (108, 117, 125)
_BAR: Final = (54, 110, 180)


def chart_size(report: InsightsReport) -> tuple[int, int]:
    return WIDTH, _TOP + _ROW * max(1, len(report.entries)) + _BOTTOM


def render_png(report: InsightsReport) -> bytes:
    size = chart_size(report)
    image = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=20)
    font = ImageFont.load_default(size=14)
    title = f"Questions per entry, last {report.days} day{'s' if report.days != 1 else ''}"
    draw.text((20, 18), title, fill=_INK, font=title_font)
    most = max((entry.asked for entry in report.entries), default=0)
    for row, entry in enumerate(report.entries):
        top = _TOP + row * _ROW
        label = f"#{entry.number} " if entry.number is not None else ""
        label += entry.entry_id if entry.number is None else _latin(entry.title, entry.entry_id)
        draw.text((20, top + 6), _fit(draw, label, font, _LABEL_WIDTH - 30), fill=_INK, font=font)
        length = round(_BAR_MAX * entry.asked / most) if most else 0
        left = _LABEL_WIDTH
        if length:
            draw.rectangle((left, top + 4, left + length, top + _ROW - 8), fill=_BAR)
        figures = f"{entry.asked}   up {entry.up} / down {entry.down}"
        draw.text((left + length + 8, top + 6), figures, fill=_MUTED, font=font)
    footer = (
        f"Answered {report.answered}, declined {report.declined}. "
        f"Reminders sent {report.reminders_sent}, skipped {report.reminders_skipped}."
    )
    draw.text((20, size[1] - _BOTTOM + 16), footer, fill=_MUTED, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _latin(title: str, fallback: str) -> str:
    """The title when the bundled font can draw it, else the entry id (an Arabic title)."""
    return fallback if any("\u0600" <= char <= "\u06ff" for char in title) else title


def _fit(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "...", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "..."
